// Hooks on every SQL statement Prisma sends, at the driver adapter, so that
// they work alike on PGlite and PostgreSQL, inside transactions too: counting
// statements (the tests that prove list fields do not cause one query per
// row, N+1), handing over parameters held by reference (heldParameters.ts)
// and timing them (the metrics of src/lib/metrics.ts).
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable } from '@prisma/driver-adapter-utils';
import { tracer } from '../lib/tracing';

export type StatementListener = (sql: string) => void;
/** Sees each statement before the driver does, and may hand the driver another. */
export type QueryHook = (query: SqlQuery) => SqlQuery;

export function countStatements<F extends SqlDriverAdapterFactory>(factory: F, listener: StatementListener): F {
  return onQueries(factory, (query) => {
    listener(query.sql);
    return query;
  });
}

/** Runs a statement: `run` sends it (or another in its place) to the driver. */
type Around = <T>(query: SqlQuery, run: (query: SqlQuery) => Promise<T>) => Promise<T>;

export function onQueries<F extends SqlDriverAdapterFactory>(factory: F, hook: QueryHook): F {
  return aroundQueries(factory, (query, run) => run(hook(query)));
}

/** One span per statement (src/lib/tracing.ts), with its SQL text (parameters are never in it). */
export function traceStatements<F extends SqlDriverAdapterFactory>(factory: F, system: 'postgresql'): F {
  return aroundQueries(factory, (query, run) =>
    tracer().startActiveSpan(
      'db.query',
      { kind: SpanKind.CLIENT, attributes: { 'db.system': system, 'db.statement': query.sql.slice(0, 2000) } },
      async (span) => {
        try {
          return await run(query);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
}

/** Calls `observe` with each statement's time and whether it succeeded. */
export function timeStatements<F extends SqlDriverAdapterFactory>(factory: F, observe: (seconds: number, ok: boolean) => void): F {
  return aroundQueries(factory, async (query, run) => {
    const started = performance.now();
    try {
      const result = await run(query);
      observe((performance.now() - started) / 1000, true);
      return result;
    } catch (error) {
      observe((performance.now() - started) / 1000, false);
      throw error;
    }
  });
}

function aroundQueries<F extends SqlDriverAdapterFactory>(factory: F, around: Around): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = wrapQueryable(await connect(), around) as SqlDriverAdapter;
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => wrapQueryable(await startTransaction(isolationLevel), around);
    return adapter;
  };
  return factory;
}

function wrapQueryable<Q extends SqlQueryable>(queryable: Q, around: Around): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => around(query, queryRaw);
  queryable.executeRaw = (query) => around(query, executeRaw);
  return queryable;
}
