// Every test file gets its own database: an in-memory PGlite by default, or a
// throw-away database on the PostgreSQL server named by DATABASE_URL (created
// here, dropped after), so tests never depend on what an earlier run left.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig, type HubConfig } from '../../src/lib/config';
import { openMigratedDatabase, type OpenedDatabase } from '../../src/db/open';

export const onPostgres = Boolean(process.env.DATABASE_URL);

export interface TestDatabase {
  config: HubConfig;
  db: OpenedDatabase;
  /** Closes the database and drops it (PostgreSQL). */
  drop(): Promise<void>;
}

/** A fresh, empty database URL on the server, or undefined on PGlite. */
export async function throwAwayDatabaseUrl(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { url: undefined, drop: async () => {} };
  const name = `assist_hub_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function adminQuery(serverUrl: string, sql: string) {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const MIGRATIONS = path.join(__dirname, '../../prisma/migrations');

/**
 * A migrated, empty PGlite data folder dumped as tar, made once per set of
 * migrations and shared by every test file (initdb plus migrations cost many
 * seconds per database; loading the dump a fraction of that). Written to a
 * temporary name and renamed, so two workers making it at once is harmless.
 */
export async function pgliteTemplate(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(MIGRATIONS).sort()) {
    const file = path.join(MIGRATIONS, name, 'migration.sql');
    if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
  }
  const target = path.join(os.tmpdir(), `assist-hub-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  if (fs.existsSync(target)) return target;
  const db = await openMigratedDatabase(testConfig(undefined, { HUB_PGLITE_TEMPLATE: '' }));
  try {
    const dump = await db.dumpDataDir!();
    const partial = `${target}.${randomUUID()}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, target);
  } finally {
    await db.close();
  }
  return target;
}

/** testConfig, with new embedded databases starting from the migrated template. */
export async function fastTestConfig(databaseUrl: string | undefined, overrides: NodeJS.ProcessEnv = {}): Promise<HubConfig> {
  return testConfig(databaseUrl, databaseUrl ? overrides : { HUB_PGLITE_TEMPLATE: await pgliteTemplate(), ...overrides });
}

export function testConfig(databaseUrl: string | undefined, overrides: NodeJS.ProcessEnv = {}): HubConfig {
  return loadConfig({
    NODE_ENV: 'test',
    HUB_DATA_DIR: `memory://test-${randomUUID()}`,
    HUB_ID_PEPPER: 'test-pepper',
    HUB_JWT_SECRET: 'test-jwt-secret-that-is-long-enough-for-hs256',
    PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...overrides,
  });
}

export async function createTestDatabase(options: { onStatement?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const { url, drop } = await throwAwayDatabaseUrl();
  const config = await fastTestConfig(url);
  const db = await openMigratedDatabase(config, options);
  return {
    config,
    db,
    drop: async () => {
      await db.close();
      await drop();
    },
  };
}
