// The one way this hub batches reads: per request and per name, a DataLoader
// whose batch function loads the rows of every key asked for in one
// statement, then hands each key its row (byKey) or its rows (groupedBy), in
// the order asked. Every per-request loader of every subgraph is one of these
// two, so a field costs one statement however many parents ask for it, and
// the batching rules live in one place.
import DataLoader from 'dataloader';
import { loaderFor, type HubContext } from './context';

/** Each key's one row, or null when the statement found none (unknown and invisible alike). */
export function byKey<K, Row>(
  ctx: HubContext,
  name: string,
  load: (keys: K[]) => Promise<Row[]>,
  keyOf: (row: Row) => K,
): DataLoader<K, Row | null> {
  return loaderFor(
    ctx,
    name,
    () =>
      new DataLoader<K, Row | null>(async (keys) => {
        const rows = await load([...keys]);
        const found = new Map(rows.map((row) => [keyOf(row), row]));
        return keys.map((key) => found.get(key) ?? null);
      }),
  );
}

/** Each key's rows, in the order the statement returned them; [] for a key with none. */
export function groupedBy<K, Row>(
  ctx: HubContext,
  name: string,
  load: (keys: K[]) => Promise<Row[]>,
  keyOf: (row: Row) => K | K[],
): DataLoader<K, Row[]> {
  return loaderFor(
    ctx,
    name,
    () =>
      new DataLoader<K, Row[]>(async (keys) => {
        const rows = await load([...keys]);
        const groups = new Map<K, Row[]>(keys.map((key) => [key, []]));
        for (const row of rows) {
          const owners = keyOf(row);
          for (const owner of Array.isArray(owners) ? owners : [owners]) groups.get(owner)?.push(row);
        }
        return keys.map((key) => groups.get(key)!);
      }),
  );
}
