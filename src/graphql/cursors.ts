// Connection cursors are positions in an order, never rows to look up
// (ACCESS.md: out of scope is "not found" by every path, cursors included).
//
// Prisma's `cursor` finds its row by key WITHOUT the query's where and pages
// from there (`key >= (SELECT key FROM t WHERE key = $cursor)`, then skips
// one), on PGlite and PostgreSQL alike. So a cursor naming a row the caller
// cannot see paged on from that row (and dropped the first visible row after
// it), while a cursor naming nothing compared with NULL and gave an empty
// page: an oracle on what exists outside the caller's scope.
//
// Rewritten here as `key > value` (after) or `key < value` (before) and
// ANDed with the caller's where, a page depends only on the cursor's value
// and the rows the caller sees: a cursor of an invisible row, of a missing
// one and of a visible one at the same place in the order give the same
// page, in the same number of statements. A visible row the connection's own
// arguments leave out no longer costs a row either.
import { decodeBase64, PothosValidationError } from '@pothos/core';

/** The paging part of the query a Pothos `prismaConnection` hands its resolver. */
interface ConnectionQuery {
  cursor?: Record<string, unknown>;
  skip?: number;
  take?: number;
}

/**
 * The connection's query without Prisma's cursor lookup, and the position
 * condition to AND into its where. For connections ordered by one text key,
 * ascending, whose `cursor` option is that key. A cursor whose value is not
 * text (forged) is refused like any cursor the connection never gave out.
 */
export function cursorAsPosition<Q extends ConnectionQuery>(query: Q, key: string): { query: Omit<Q, 'cursor' | 'skip'>; where: Record<string, unknown> } {
  const { cursor, skip: _skip, ...rest } = query;
  if (!cursor) return { query: rest, where: {} };
  const value = cursor[key];
  // Thrown as Pothos throws a cursor it cannot decode: the paging middleware turns both into the same BAD_USER_INPUT naming after/before.
  if (typeof value !== 'string') throw new PothosValidationError('Invalid cursor: not a cursor of this connection');
  // Pothos pages backwards (before, last) with a negative take.
  const backward = (query.take ?? 0) < 0;
  return { query: rest, where: { [key]: backward ? { lt: value } : { gt: value } } };
}

/** What `resolveOffsetConnection` (@pothos/plugin-relay) writes before the offset. */
const OFFSET_PREFIX = 'OffsetConnection:';

/**
 * Offset cursors carry a place in the caller's own list, never a row, so
 * there is nothing to look up. But Pothos reads any number out of one: a
 * forged negative, fractional or huge offset reached the database and came
 * back as an internal error (with the query in development mode). The paging
 * middleware (src/graphql/subgraph.ts) checks every connection's cursors
 * with this before its resolver runs: an offset cursor that is not
 * `OffsetConnection:<offset>` is refused like any cursor the connection never
 * gave out (BAD_USER_INPUT naming after/before). Other cursors are left to
 * their connection (cursorAsPosition above).
 */
export function checkOffsetCursors(args: { after?: string | null; before?: string | null }): void {
  for (const cursor of [args.after, args.before]) {
    if (cursor === null || cursor === undefined) continue;
    let text = '';
    try {
      text = decodeBase64(cursor);
    } catch {
      continue; // not base64: the connection refuses it as it refuses any cursor never given out
    }
    if (text.startsWith(OFFSET_PREFIX) && !/^\d{1,9}$/.test(text.slice(OFFSET_PREFIX.length))) {
      throw new PothosValidationError('Invalid offset cursor');
    }
  }
}
