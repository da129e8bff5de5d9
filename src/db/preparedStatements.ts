// Named (prepared) statements on PostgreSQL: node-postgres prepares a named
// statement once per connection and then only binds and executes it, and
// after a few runs PostgreSQL may keep a generic plan instead of planning the
// statement again. The hub's hot statements are long to plan (the records
// covering a household: ~0.7 ms of planning for ~0.7 ms of running); named,
// the household view's sequential p50 went from 5.5 to 4.5 ms (`npm run
// bench:peer` data, one connection).
//
// A prepared statement lives as long as its connection and node-postgres
// never forgets one, so only statements with few parameters are named: their
// texts are a bounded set (the shapes of the hub's queries), while Prisma's
// `IN ($1, …, $n)` lists make a new text for every length n.
import { createHash } from 'node:crypto';

/** Statements with more parameters than this are sent unnamed (planned each time). */
export const MAX_NAMED_PARAMETERS = 16;

/** The name a statement is prepared under (the same text, the same name), or undefined to send it unnamed. */
export function preparedStatementName(query: { sql: string; args: readonly unknown[] }): string | undefined {
  if (query.args.length > MAX_NAMED_PARAMETERS) return undefined;
  return `hub_${createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`;
}
