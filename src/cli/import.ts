// `assist-hub import FILE... [--sender DEPARTMENT [--regions 5101,5107]] [--org CODE] [--no-check]`:
// imports NDJSON exchange files (EXCHANGE.md) through the ingestion service;
// without --sender an administrator import. Exit 0 all stored or unchanged,
// 1 some line rejected, 2 fatal.
import { Option, type Command } from 'commander';
import { DEPARTMENTS, type Department } from '../access/callers';
import { loadConfig, warnAboutDevelopmentSecrets } from '../lib/config';
import { parseRegions } from './options';

interface ImportOptions {
  sender?: Department;
  org?: string;
  regions?: string[];
  check: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import NDJSON exchange files; exit 0 all stored/unchanged, 1 some line rejected, 2 fatal')
    .argument('<files...>', 'NDJSON files (EXCHANGE.md)')
    .addOption(new Option('--sender <department>', 'import as this department').choices(DEPARTMENTS))
    .option('--org <code>', 'with --sender CHARITY: the charity organisation importing')
    .option('--regions <prefixes>', 'with --sender of a department: import within these region-code prefixes, e.g. 5101,5107 (default: every region)', parseRegions)
    .option('--no-check', 'skip the duplicate check at the door (rules D1-D6 after each file)')
    .action(importCommand);
}

async function importCommand(files: string[], options: ImportOptions): Promise<void> {
  const problem = optionProblem(options);
  if (problem) return refuse(problem);
  const { openMigratedDatabase } = await import('../db/open');
  const { firstLine, importFiles } = await import('../ingest/importFiles');
  const { importSender } = await import('../ingest/handler');
  const { doorCheck } = await import('../detection/door');
  const config = loadConfig();
  warnAboutDevelopmentSecrets(config);
  let db;
  try {
    // A request's statement timeout is not an import's: its chunks may wait for another import's.
    db = await openMigratedDatabase(config, { statementTimeoutMs: 0 });
  } catch (error) {
    return refuse(`fatal: ${firstLine(error)}`);
  }
  try {
    process.exitCode = await importFiles(db.prisma, files, {
      sender: importSender({ department: options.sender, org: options.org, regions: options.regions }),
      personKeyPepper: config.idPepper,
      progress: Boolean(process.stderr.isTTY),
      write: (line) => process.stdout.write(`${line}\n`),
      followUp: options.check ? doorCheck : undefined,
    });
  } finally {
    await db.close();
  }
}

function optionProblem(options: ImportOptions): string | null {
  if (options.org && options.sender !== 'CHARITY') return '--org goes with --sender CHARITY';
  if (options.regions && (!options.sender || options.sender === 'CHARITY')) {
    return '--regions goes with --sender of a department (an administrator import has every region; a charity, its programs\')';
  }
  return null;
}

function refuse(message: string): void {
  process.stderr.write(`assist-hub import: ${message}\n`);
  process.exitCode = 2;
}
