// Opens the hub's database ready for use: locked (embedded), migrated.
import type { HubConfig } from '../lib/config';
import { openDatabase, type Database, type OpenOptions } from './database';
import { lockDataDir } from './lock';
import { applyMigrations } from './migrate';
import { checkReadiness } from './readiness';

export interface OpenedDatabase extends Database {
  /** Migrations applied by this open (empty when the database was up to date). */
  appliedMigrations: string[];
}

export async function openMigratedDatabase(config: HubConfig, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const unlock = config.databaseUrl || config.dataDir.startsWith('memory://') ? () => {} : lockDataDir(config.dataDir);
  let db: Database | undefined;
  try {
    db = await openDatabase(config, { statementTimeoutMs: config.statementTimeoutMs, poolSize: config.poolSize, ...options });
    // Loading the schema engine costs a second or two; skip it when the
    // migrations table already lists every migration.
    const { pendingMigrations, database } = await checkReadiness(db);
    const appliedMigrations =
      pendingMigrations.length > 0 || database !== 'ok' ? await applyMigrations(db.adapterFactory) : [];
    const opened = db;
    // PGlite is one session: its timeout is set once migrations are done (PostgreSQL's pool sets it per connection).
    if (db.kind === 'pglite') await db.prisma.$executeRawUnsafe(`SET statement_timeout = ${Math.floor(config.statementTimeoutMs)}`);
    return {
      ...opened,
      appliedMigrations,
      close: async () => {
        await opened.close();
        unlock();
      },
    };
  } catch (error) {
    // Opened but not made ready: close it, or its pool outlives the error.
    await db?.close().catch(() => {});
    unlock();
    throw error;
  }
}
