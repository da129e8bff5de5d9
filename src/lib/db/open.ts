// Opens the hub's database ready for use: locked (embedded), migrated.
import type { HubConfig } from '../config';
import { openDatabase, type Database } from './database';
import { lockDataDir } from './lock';
import { applyMigrations } from './migrate';

export interface OpenedDatabase extends Database {
  /** Migrations applied by this open (empty when the database was up to date). */
  appliedMigrations: string[];
}

export async function openMigratedDatabase(config: HubConfig): Promise<OpenedDatabase> {
  const unlock = config.databaseUrl || config.dataDir.startsWith('memory://') ? () => {} : lockDataDir(config.dataDir);
  try {
    const db = await openDatabase(config);
    const appliedMigrations = await applyMigrations(db.adapterFactory);
    return {
      ...db,
      appliedMigrations,
      close: async () => {
        await db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
