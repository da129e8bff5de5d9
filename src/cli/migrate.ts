// `assist-hub migrate` applies pending migrations (every start does too);
// `assist-hub migrate:create NAME` writes the migration for a change to
// prisma/schema/ (npm run db:migrate, npm run db:migration:create -- NAME).
import type { Command } from 'commander';
import { loadConfig } from '../lib/config';

export function registerMigrateCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending migrations to the database (embedded, or DATABASE_URL)')
    .action(migrate);
  program
    .command('migrate:create')
    .description('write a new migration for the difference between prisma/migrations and prisma/schema')
    .argument('<name>', 'short name, e.g. add_education_records')
    .action(createMigrationCommand);
}

async function migrate(): Promise<void> {
  const { openMigratedDatabase } = await import('../db/open');
  const db = await openMigratedDatabase(loadConfig());
  const applied = db.appliedMigrations;
  // Set before closing: closing PGlite keeps the exit status it finds, and an unset one ends up non-zero.
  process.exitCode = 0;
  await db.close();
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
}

async function createMigrationCommand(name: string): Promise<void> {
  const { createMigration } = await import('../db/migrate');
  const folder = await createMigration(name);
  process.stdout.write(folder ? `created ${folder}\n` : 'no changes: migrations already match the schema\n');
}
