// What every exchange type's handler looks like, and the history bookkeeping
// they share: a change is stored with who sent it, when, and the state before
// and after; an identical re-send stores nothing and is reported unchanged.
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { Prisma } from '../generated/prisma/client';
import type { Department } from '../lib/auth/roles';
import { FieldError } from '../lib/errors';

export type Tx = Prisma.TransactionClient;

export interface Sender {
  /** Logged in history: a token's `sub`, or "import:admin" / "import:<department or org>" for the command line. */
  name: string;
  /** The sending department; null for an administrator import, which trusts each record's own department. */
  department: Department | null;
  /** For a charity: its organisation code, which its programs must carry. */
  org?: string | null;
}

export interface IngestContext {
  tx: Tx;
  sender: Sender;
  /** Level of every region known so far in this batch (regions are few; loaded once). */
  regions: Map<string, 'PROVINCE' | 'CITY' | 'COUNTY'>;
  /** HUB_ID_PEPPER, for person keys. */
  personKeyPepper: string;
  /** Persons known to exist, so this batch need not create them again. */
  knownPersons: Set<string>;
  /** History entries not yet written (the service writes them in bulk). */
  changes: Prisma.ChangeEventCreateManyInput[];
  /** Set once the current line has written something: from then on it may not be rejected. */
  wrote: boolean;
}

export type Outcome = 'stored' | 'unchanged';

export interface Handler<T> {
  type: string;
  schema: z.ZodType<T>;
  /** Why this sender may not send this type, or null when it may. */
  refuse(sender: Sender): string | null;
  /**
   * Stores one validated line. Every check that can reject the line (a
   * FieldError) must come before the first write, which goes through
   * saveIfChanged: then a rejected line has stored nothing.
   */
  apply(ctx: IngestContext, value: T): Promise<Outcome>;
}

export type Snapshot = Record<string, unknown>;

/** Writes `write()` and a history entry unless `next` equals what is stored. */
export async function saveIfChanged(
  ctx: IngestContext,
  entity: { type: string; key: string },
  previous: Snapshot | null,
  next: Snapshot,
  write: () => Promise<unknown>,
): Promise<Outcome> {
  if (previous && isDeepStrictEqual(previous, next)) return 'unchanged';
  ctx.wrote = true;
  await write();
  ctx.changes.push({
    entityType: entity.type,
    entityKey: entity.key,
    action: previous ? 'UPDATED' : 'CREATED',
    sender: ctx.sender.name,
    receivedAt: new Date(),
    previous: previous ? (previous as Prisma.InputJsonObject) : Prisma.DbNull,
    current: next as Prisma.InputJsonObject,
  });
  return 'stored';
}

/**
 * Households, records and people are placed in a county (EXCHANGE.md: "a county
 * must be registered before anything refers to it"); standards may belong to
 * any level, since a county without one takes its nearest ancestor's.
 */
export function checkCounty(ctx: IngestContext, field: string, code: string) {
  const level = ctx.regions.get(code);
  if (!level) throw new FieldError(field, `unknown region ${code}: send its region line first`);
  if (level !== 'COUNTY') throw new FieldError(field, `${code} is a ${level}; a county code is needed here`);
}

/** Refuses a line whose department is not the sender's own. */
export function checkOwnDepartment(sender: Sender, department: string) {
  if (sender.department !== null && sender.department !== department) {
    throw new FieldError('department', `${sender.department} may only send its own records, not ${department}'s`);
  }
}

/** A charity acts only for its own organisation, so it must say which one it is. */
export function charityOrg(sender: Sender): string | null {
  if (sender.department !== 'CHARITY') return null;
  if (!sender.org) throw new FieldError('type', 'a charity sender must name its organisation (token claim org, or --org)');
  return sender.org;
}

export const adminOnly = (what: string) => (sender: Sender) =>
  sender.department === null ? null : `${what} are written by administrators only (import without --sender)`;
