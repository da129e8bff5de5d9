// Readiness: the database answers and every migration in prisma/migrations is
// recorded as finished in _prisma_migrations.
import type { Database } from './database';
import { readMigrations } from './migrate';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  pendingMigrations: string[];
}

export async function checkReadiness(db: Database): Promise<Readiness> {
  const expected = readMigrations().migrationDirectories.map((d) => d.path);
  try {
    const applied = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(applied.map((row) => row.migration_name));
    const pendingMigrations = expected.filter((name) => !done.has(name));
    return { ready: pendingMigrations.length === 0, database: 'ok', pendingMigrations };
  } catch {
    return { ready: false, database: 'unreachable', pendingMigrations: expected };
  }
}
