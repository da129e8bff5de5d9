// What every write of this subgraph shares: who acts (kept on each review and
// referral event), and the "not found" that unknown and out-of-scope ids share.
import { GraphQLError } from 'graphql';
import type { Department } from '../../db/client/prisma/enums';
import type { Caller } from '../../access/callers';
import { userInputError } from '../../lib/errors';

export interface Actor {
  sub: string;
  role: string;
  department: Department | null;
}

export const actorOf = (caller: Caller): Actor => ({ sub: caller.sub, role: caller.role, department: caller.department });

/** The same answer for an id that does not exist and one you may not see. */
export function notFound(field: string, reason: string): GraphQLError {
  return new GraphQLError(`${field}: ${reason}`, { extensions: { code: 'NOT_FOUND', field, reason } });
}

/** Notes and reasons are free text a person reads: bounded, and blank counts as missing. */
export const MAX_NOTE = 2000;

export function cleanNote(field: string, value: string | null | undefined, required: string | null = null): string | null {
  const text = value?.trim() ?? '';
  if (text.length > MAX_NOTE) throw userInputError(field, `at most ${MAX_NOTE} characters, got ${text.length}`);
  if (text === '' && required) throw userInputError(field, required);
  return text === '' ? null : text;
}

/** Another request changed the row between our read and our write. */
export function changedMeanwhile(what: string): GraphQLError {
  return new GraphQLError(`${what} was changed by someone else meanwhile; read it again and retry`, { extensions: { code: 'CONFLICT' } });
}
