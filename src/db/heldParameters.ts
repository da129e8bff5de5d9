// Large statement parameters passed by reference. Prisma hands every raw
// parameter through JSON.stringify and JSON.parse on its way to the driver:
// for the megabytes of JSON an import writes per chunk (src/db/rows.ts) that
// was a tenth of the import's time (measured with node --cpu-prof). The
// caller passes a short reference instead, and the driver adapter's hook
// (src/db/instrument.ts, installed by src/db/database.ts) puts the text back
// just before the driver sends it.
import type { SqlQuery } from '@prisma/driver-adapter-utils';

/** NUL never occurs in PostgreSQL text, so no real parameter starts like this. */
const PREFIX = '\u0000held:';
const held = new Map<string, string>();
let last = 0;

/** Runs `use` with a reference to `text` as the parameter to pass; the text is dropped once `use` settles. */
export async function withHeldParameter<T>(text: string, use: (reference: string) => Promise<T>): Promise<T> {
  const reference = `${PREFIX}${++last}`;
  held.set(reference, text);
  try {
    return await use(reference);
  } finally {
    held.delete(reference);
  }
}

/** The adapter's hook: the statement with its references replaced by what they hold. */
export function passHeldParameters(query: SqlQuery): SqlQuery {
  if (!query.args.some((arg) => typeof arg === 'string' && arg.startsWith(PREFIX))) return query;
  const args = query.args.map((arg) => {
    if (typeof arg !== 'string' || !arg.startsWith(PREFIX)) return arg;
    const text = held.get(arg);
    if (text === undefined) throw new Error(`held parameter ${arg.slice(1)} is no longer held`);
    return text;
  });
  return { ...query, args };
}
