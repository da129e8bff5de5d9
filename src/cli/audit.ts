// `assist-hub audit verify`: walks the audit log's hash chain; exit 1 naming
// every entry that was edited, removed or reordered.
import type { Command } from 'commander';
import { loadConfig } from '../lib/config';

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the audit log of reads of personal details');
  audit
    .command('verify')
    .description('walk the hash chain; exit 1 and name each entry that was edited, removed or reordered')
    .action(verify);
}

async function verify(): Promise<void> {
  const { openMigratedDatabase } = await import('../db/open');
  const { verifyAuditChain } = await import('../audit/log');
  const db = await openMigratedDatabase(loadConfig());
  try {
    const { entries, problems } = await verifyAuditChain(db.prisma);
    for (const problem of problems) process.stdout.write(`${problem.problem}: ${problem.message}\n`);
    process.stdout.write(problems.length ? `audit chain broken: ${problems.length} problem(s) in ${entries} entries\n` : `audit chain intact: ${entries} entries\n`);
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    await db.close();
  }
}
