// Plain SQL beside Prisma, on the same database: for the job queue (pg-boss
// takes any `executeSql`) and the event dispatcher, whose polling must not
// pass through Prisma (it would be counted with the requests' statements and
// cost a client round trip per idle poll). On PGlite the same single
// connection, whose transactions hold it for their whole length; on
// PostgreSQL the hub's pool.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
}

export interface SqlExecutor extends SqlRunner {
  /** pg-boss's database interface: a statement, or a script of several when there are no values. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Runs `work` in one transaction, committed when it resolves. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export function pgliteSql(pglite: PGlite): SqlExecutor {
  const on = (db: PGlite | Transaction): SqlRunner => ({
    query: async <T>(text: string, values?: unknown[]) => (await db.query<T>(text, values)).rows,
  });
  return {
    ...on(pglite),
    executeSql: async (text, values) => (values?.length ? pglite.query(text, values) : ((await pglite.exec(text)).at(-1) ?? { rows: [] })),
    transaction: (work) => pglite.transaction((tx) => work(on(tx))),
  };
}

export function postgresSql(pool: Pool): SqlExecutor {
  const on = (db: Pool | PoolClient): SqlRunner => ({
    query: async <T>(text: string, values?: unknown[]) => (await db.query(text, values)).rows as T[],
  });
  return {
    ...on(pool),
    executeSql: (text, values) => pool.query(text, values),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
