// What every exchange type's handler looks like, and the history bookkeeping
// they share: a change is stored with who sent it, when, and the state before
// and after; an identical re-send stores nothing and is reported unchanged.
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { Prisma } from '../db/client/prisma/client';
import type { Refusal } from '../access/writes';
import type { Caller, Department } from '../access/callers';
import { FieldError } from '../lib/errors';
import { personKey } from '../lib/ids';
import type { ChunkKeys, ChunkStore } from './chunk';

export type Tx = Prisma.TransactionClient;

export interface Sender {
  /** Logged in history: a token's `sub`, or "import:admin" / "import:<department or org>" for the command line. */
  name: string;
  /** The sending department; null for an administrator import, which trusts each record's own department. */
  department: Department | null;
  /** For a charity: its organisation code, which its programs must carry. */
  org?: string | null;
  /**
   * Who writes: the caller whose regions the write checks hold every line to
   * (src/access/writes.ts), the token's caller for submitExchangeBatch, a
   * SYSTEM caller for `assist-hub import --sender D --regions …`. It must
   * agree with `department` and `org`. Absent: an import by the operator at
   * the server, trusted with every region (an administrator import; or
   * `--sender D` without --regions, still held to D's own lines); a charity's
   * writes are held to its programs, whatever its regions.
   */
  caller?: Caller;
}

/**
 * The sender of `assist-hub import`: without a department an administrator
 * import; `--sender D` imports as D, within `--regions` when given (a SYSTEM
 * caller of D), else with every region (the operator at the server is
 * trusted); `--sender CHARITY --org O` as that charity.
 */
export function importSender(options: { department?: Department; org?: string; regions?: string[] }): Sender {
  const { department, org, regions } = options;
  if (!department) return { name: 'import:admin', department: null };
  const sender: Sender = { name: `import:${org ?? department}`, department, org: org ?? null };
  if (regions && department !== 'CHARITY') {
    // The operator imports the department's own books at the server: that is the purpose of what the lines confirm.
    sender.caller = { sub: sender.name, role: 'SYSTEM', department, regions, org: null, purpose: 'import of the department\'s own records' };
  }
  return sender;
}

/** The caller a sender writes as (see Sender.caller); a caller that disagrees with the sender is a bug, not a line's fault. */
export function writerOf(sender: Sender): Caller {
  const base = { sub: sender.name, department: null, regions: [], purpose: null };
  const caller = sender.caller;
  if (!caller) {
    if (sender.department === 'CHARITY') return { ...base, role: 'CHARITY', org: sender.org ?? null };
    return { ...base, role: 'ADMIN', org: null };
  }
  const agrees =
    caller.role === 'ADMIN'
      ? sender.department === null
      : caller.role === 'CHARITY'
        ? sender.department === 'CHARITY' && (sender.org ?? null) === caller.org
        : (caller.role === 'OFFICER' || caller.role === 'SYSTEM') && caller.department !== null && sender.department === caller.department;
  if (!agrees) throw new Error(`sender ${sender.name}: its caller (${caller.role} ${caller.department ?? caller.org ?? ''}) does not agree with its department`);
  return caller;
}

export interface IngestContext {
  tx: Tx;
  /** The chunk's stored rows and buffered writes (src/ingest/chunk.ts). */
  store: ChunkStore;
  sender: Sender;
  /** Who writes (writerOf(sender)): what the write checks of src/access/writes.ts ask about. */
  caller: Caller;
  /** What the grants of each charity program counted so far in this batch commit it to, in cents (grantCommitment). */
  programCommitments: Map<string, bigint>;
  /** Level of every region known so far in this batch (regions are few; loaded once). */
  regions: Map<string, 'PROVINCE' | 'CITY' | 'COUNTY'>;
  /** HUB_ID_PEPPER, for person keys. */
  personKeyPepper: string;
  /** Person keys by normalised ID number, kept for a few chunks and only for this ingestion (personKeyOf). */
  personKeys: Map<string, string>;
  /** Persons known to exist, so this batch need not create them again. */
  knownPersons: Set<string>;
  /** History entries not yet written (the service writes them in bulk). */
  changes: Prisma.ChangeEventCreateManyInput[];
  /** Set once the current line has written something: from then on it may not be rejected. */
  wrote: boolean;
  /** The key of the entity the current line stored or found unchanged (set by saveIfChanged), reported with its outcome. */
  entityKey: string | null;
}

/** What a line's checks before any read ask of its ingestion (the chunk's next lines are prepared while it is written). */
export type LineContext = Pick<IngestContext, 'sender' | 'caller' | 'personKeyPepper' | 'personKeys'>;

export type Outcome = 'stored' | 'unchanged';

export interface Handler<T> {
  type: string;
  schema: z.ZodType<T>;
  /** Why this sender may not send this type, or null when it may. */
  refuse(sender: Sender): string | null;
  /**
   * Stores one validated line. Every check that can reject the line (a
   * FieldError) must come before the first write, which goes through
   * saveIfChanged: then a rejected line has stored nothing. The write checks
   * (src/access/writes.ts, asked of ctx.caller) come before the line is
   * compared with what is stored: "unchanged" is said only about what the
   * caller may write.
   */
  apply(ctx: IngestContext, value: T): Promise<Outcome>;
  /**
   * What apply will read through ctx.store, so that the chunk loads it for
   * all its lines at once. A handler without it reads and writes through
   * ctx.tx line by line (the rare types: regions, standards, programs, expenses).
   */
  keys?(ctx: LineContext, value: T, keys: ChunkKeys): void;
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
  ctx.entityKey = entity.key;
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

/** Person keys an ingestion keeps: a few chunks' worth (IngestContext.personKeys). */
const PERSON_KEYS_KEPT = 5_000;

/**
 * The person key of a normalised ID number, computed once while the
 * ingestion names it again and again: the HMAC is the dearest part of
 * reading an ID number, and a line's keys are asked when its digest is
 * looked up, when the chunk is loaded and when the line is applied.
 */
export function personKeyOf(ctx: Pick<LineContext, 'personKeyPepper' | 'personKeys'>, id: { normalized: string }): string {
  let key = ctx.personKeys.get(id.normalized);
  if (key === undefined) {
    if (ctx.personKeys.size >= PERSON_KEYS_KEPT) ctx.personKeys.clear();
    ctx.personKeys.set(id.normalized, (key = personKey(id.normalized, ctx.personKeyPepper)));
  }
  return key;
}

/** Rejects the line with a write check's refusal (src/access/writes.ts), if any. */
export function refuseWith(refusal: Refusal | null): void {
  if (refusal) throw new FieldError(refusal.field, refusal.reason);
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
