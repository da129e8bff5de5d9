// Counts the SQL statements Prisma sends, at the driver adapter, so the same
// count works on PGlite and PostgreSQL. Used by the tests that prove list
// fields do not cause one query per row (N+1).
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';

export type StatementListener = (sql: string) => void;

export function countStatements<F extends SqlDriverAdapterFactory>(factory: F, listener: StatementListener): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = instrumentQueryable(await connect(), listener) as SqlDriverAdapter;
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => instrumentQueryable(await startTransaction(isolationLevel), listener);
    return adapter;
  };
  return factory;
}

function instrumentQueryable<Q extends SqlQueryable>(queryable: Q, listener: StatementListener): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => {
    listener(query.sql);
    return queryRaw(query);
  };
  queryable.executeRaw = (query) => {
    listener(query.sql);
    return executeRaw(query);
  };
  return queryable;
}
