// Hooks on every SQL statement Prisma sends, at the driver adapter, so that
// they work alike on PGlite and PostgreSQL, inside transactions too: counting
// statements (the tests that prove list fields do not cause one query per
// row, N+1) and handing over parameters held by reference (heldParameters.ts).
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable } from '@prisma/driver-adapter-utils';

export type StatementListener = (sql: string) => void;
/** Sees each statement before the driver does, and may hand the driver another. */
export type QueryHook = (query: SqlQuery) => SqlQuery;

export function countStatements<F extends SqlDriverAdapterFactory>(factory: F, listener: StatementListener): F {
  return onQueries(factory, (query) => {
    listener(query.sql);
    return query;
  });
}

export function onQueries<F extends SqlDriverAdapterFactory>(factory: F, hook: QueryHook): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = hookQueryable(await connect(), hook) as SqlDriverAdapter;
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => hookQueryable(await startTransaction(isolationLevel), hook);
    return adapter;
  };
  return factory;
}

function hookQueryable<Q extends SqlQueryable>(queryable: Q, hook: QueryHook): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => queryRaw(hook(query));
  queryable.executeRaw = (query) => executeRaw(hook(query));
  return queryable;
}
