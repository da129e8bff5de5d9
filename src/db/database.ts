// One way to open the hub's database: the embedded PGlite in a folder when no
// DATABASE_URL is given, a PostgreSQL server otherwise. Both give the same
// Prisma client, the same schema and the same migrations.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolConfig } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { countStatements, onQueries, timeStatements, traceStatements, type StatementListener } from './instrument';
import { tracingWanted } from '../lib/tracing';
import { passHeldParameters } from './heldParameters';
import { preparedStatementName } from './preparedStatements';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './client/prisma/client';
import type { HubConfig } from '../lib/config';
import { pgliteSql, postgresSql, type SqlExecutor } from './sql';
import { dbConnectionsLost, dbStatements, watchPool } from '../lib/metrics';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** For the schema engine (migrations) and raw access. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Plain SQL on the same database, not through Prisma (src/db/sql.ts). */
  sql: SqlExecutor;
  /** Where the data lives, for messages: a folder or a URL without password. */
  location: string;
  close(): Promise<void>;
  /** PGlite only: the whole data folder as a tar file (a template for new in-memory databases). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface OpenOptions {
  /** Called with every SQL statement Prisma sends (tests count them). */
  onStatement?: StatementListener;
  /** Cancel any request's statement running longer than this (PostgreSQL's statement_timeout; not migrations). */
  statementTimeoutMs?: number;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export async function openDatabase(
  config: Pick<HubConfig, 'databaseUrl' | 'dataDir'> & { pgliteTemplate?: string },
  options: OpenOptions = {},
): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, options) : openPglite(config.dataDir, options, config.pgliteTemplate);
}

/** How long a new PostgreSQL connection may take. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long past the statement timeout the client waits for the server's own cancellation. */
const CLIENT_GRACE_MS = 5_000;

function ignore(): void {}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  // Connection fields rather than a connectionString: adapter-pg derives the
  // shadow database (for migration diffs) by overriding `database`, which a
  // connectionString would silently win over.
  // A server that does not answer a new connection within 5 s is reported as unreachable rather than waited for.
  const poolConfig = { ...parseIntoClientConfig(url), max: options.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS };
  // Requests get a statement timeout, and the client gives up a little after it (a frozen server
  // never answers, so its own timeout never fires); migrations (below) may take as long as they need.
  const timeouts = options.statementTimeoutMs
    ? { statement_timeout: options.statementTimeoutMs, query_timeout: options.statementTimeoutMs + CLIENT_GRACE_MS }
    : {};
  const pool = new Pool({ ...poolConfig, ...timeouts });
  // A connection the server ends (a restart, pg_terminate_backend, DROP DATABASE … WITH (FORCE))
  // is an 'error' on its client, whether idle or running a statement (that statement fails and
  // the pool drops the client). Counted once per client, on the client, for its whole life.
  pool.on('connect', (client) => client.once('error', () => dbConnectionsLost.inc()).on('error', ignore));
  // The pool re-emits an idle client's error, and an unheard 'error' ends the process. Prisma's
  // adapter listens only while connected; the pool lives a little longer. Counted above.
  pool.on('error', ignore);
  const unwatch = watchPool(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  const clientFactory = new PrismaPg(poolConfig);
  // The adapter hands the name to node-postgres as `name`; undefined there means unnamed (its type says string only).
  const statementNameGenerator = preparedStatementName as (query: { sql: string; args: readonly unknown[] }) => string;
  const prisma = new PrismaClient({ adapter: instrumented(new PrismaPg(pool, { statementNameGenerator }), options) });
  const adapterFactory = withDisposableShadowDb(clientFactory, poolConfig);
  return {
    kind: 'postgres',
    prisma,
    adapterFactory,
    sql: postgresSql(pool),
    location: redactUrl(url),
    close: async () => {
      try {
        await prisma.$disconnect();
      } finally {
        unwatch();
        if (!pool.ended) await pool.end();
      }
    },
  };
}

async function openPglite(dataDir: string, options: OpenOptions, template?: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) fs.mkdirSync(dataDir, { recursive: true });
  // A new in-memory database may start from a dumped, already migrated one:
  // loading it is several times faster than initdb plus the migrations (tests).
  const loadDataDir = inMemory && template ? new Blob([fs.readFileSync(template)]) : undefined;
  const pglite = await PGlite.create({ dataDir, loadDataDir });
  const clientFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: instrumented(new PrismaPGlite(pglite), options) });
  const adapterFactory = awaitScripts(clientFactory);
  return {
    kind: 'pglite',
    prisma,
    adapterFactory,
    sql: pgliteSql(pglite),
    location: dataDir,
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    close: async () => {
      await prisma.$disconnect();
      // PGlite.close() resets process.exitCode to 0, which would turn the
      // importer's exit status 1 or 2 into success.
      const exitCode = process.exitCode;
      await pglite.close();
      process.exitCode = exitCode;
    },
  };
}

function instrumented<F extends SqlDriverAdapterFactory>(factory: F, options: OpenOptions): F {
  const timed = timeStatements(tracingWanted() ? traceStatements(factory, 'postgresql') : factory, (seconds, ok) =>
    dbStatements.observe({ outcome: ok ? 'ok' : 'error' }, seconds),
  );
  const hooked = onQueries(timed, passHeldParameters);
  return options.onStatement ? countStatements(hooked, options.onStatement) : hooked;
}

// adapter-pg 7.10 drops the shadow database before closing its own pool on
// it, which PostgreSQL refuses ("being accessed by other users"): close first.
function withDisposableShadowDb(factory: PrismaPg, poolConfig: PoolConfig): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wholeScripts(await factory.connect()),
    connectToShadowDb: async () => {
      const admin = await factory.connect();
      const name = `assist_hub_shadow_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = wholeScripts(await new PrismaPg({ ...poolConfig, database: name }).connect());
      const closeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await closeShadow();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

// adapter-pg 7.10 runs a migration script by splitting it on every ";",
// which cuts a function body ($$ … $$) in pieces. PostgreSQL's simple query
// protocol runs a whole multi-statement script as sent (in one implicit
// transaction), as Prisma's own engine does.
function wholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const inner = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await inner.client.query(script);
    } catch (error) {
      inner.onError(error);
    }
  };
  return adapter;
}

// Two gaps in pglite-prisma-adapter 0.7 that the schema engine runs into:
// executeScript is fired without being awaited (a failing migration would go
// unnoticed), and the shadow database it opens for diffs is never closed.
function awaitScripts(factory: PrismaPGlite): SqlMigrationAwareDriverAdapterFactory {
  const withAwaitedScripts = (adapter: SqlDriverAdapter) => {
    const inner = adapter as unknown as { client: PGlite; onError(error: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await inner.client.exec(script);
      } catch (error) {
        inner.onError(error);
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withAwaitedScripts(await factory.connect()),
    connectToShadowDb: async () => {
      const shadow = await PGlite.create({ dataDir: 'memory://shadow' });
      const adapter = withAwaitedScripts(await new PrismaPGlite(shadow).connect());
      adapter.dispose = () => shadow.close();
      return adapter;
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://(unparsable url)';
  }
}
