// The `assist-hub` command (EXCHANGE.md, Command line).
import { doorCheck } from '../detection/door';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEPARTMENTS, ROLES, type Department, type Role } from '../access/callers';
import { mintToken, TokenError } from '../access/tokens';
import { ConfigError, loadConfig, warnAboutDevelopmentSecrets } from '../lib/config';
import { openMigratedDatabase } from '../db/open';
import { createMigration } from '../db/migrate';
import { createLogger } from '../lib/logger';
import { firstLine, importFiles } from '../ingest/importFiles';
import { importSender } from '../ingest/handler';
import { verifyAuditChain } from '../audit/log';
import { startHub, type HubMode } from '../server/hub';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs';
import { BreakingChangeError, writeSchemaFiles } from '../gateway/schemaFiles';
import { registerDetectCommand } from './detect';
import { registerGenerateCommand } from './generate';

const program = new Command('assist-hub').description('Federated GraphQL hub for social-assistance records');

program
  .command('serve')
  .description('run the gateway and every subgraph on one port (or one subgraph, or the gateway alone)')
  .option('--demo', 'seed the demo data set when the database is empty')
  .addOption(new Option('--subgraph <name>', 'serve only this subgraph').choices(SUBGRAPH_NAMES))
  .option('--subgraph-url <name=url...>', 'serve only the gateway, reaching each subgraph at its URL')
  .action(async (options: { demo?: boolean; subgraph?: SubgraphName; subgraphUrl?: string[] }) => {
    const config = loadConfig();
    warnAboutDevelopmentSecrets(config);
    const logger = createLogger(config.logLevel);
    const hub = await startHub({ config, logger, mode: serveMode(options), demo: options.demo });
    process.stderr.write(`assist-hub listening on ${hub.url} (playground at ${hub.url}/, GraphQL at ${hub.url}/graphql)\n`);
    const stop = async () => {
      await hub.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

function serveMode(options: { subgraph?: SubgraphName; subgraphUrl?: string[] }): HubMode {
  if (options.subgraph) return { kind: 'subgraph', name: options.subgraph };
  if (options.subgraphUrl?.length) {
    const remotes = Object.fromEntries(options.subgraphUrl.map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
    return { kind: 'gateway', remotes };
  }
  return { kind: 'all' };
}

program
  .command('import')
  .description('import NDJSON exchange files; exit 0 all stored/unchanged, 1 some line rejected, 2 fatal')
  .argument('<files...>', 'NDJSON files (EXCHANGE.md)')
  .addOption(new Option('--sender <department>', 'import as this department').choices(DEPARTMENTS))
  .option('--org <code>', 'with --sender CHARITY: the charity organisation importing')
  .option('--regions <prefixes>', 'with --sender of a department: import within these region-code prefixes, e.g. 5101,5107 (default: every region)', parseRegions)
  .option('--no-check', 'skip the duplicate check at the door (rules D1-D6 after each file)')
  .action(async (files: string[], options: { sender?: Department; org?: string; regions?: string[]; check: boolean }) => {
    if (options.org && options.sender !== 'CHARITY') {
      process.stderr.write('assist-hub import: --org goes with --sender CHARITY\n');
      process.exitCode = 2;
      return;
    }
    if (options.regions && (!options.sender || options.sender === 'CHARITY')) {
      process.stderr.write('assist-hub import: --regions goes with --sender of a department (an administrator import has every region; a charity, its programs\')\n');
      process.exitCode = 2;
      return;
    }
    const config = loadConfig();
    warnAboutDevelopmentSecrets(config);
    let db;
    try {
      db = await openMigratedDatabase(config);
    } catch (error) {
      process.stderr.write(`assist-hub import: fatal: ${firstLine(error)}\n`);
      process.exitCode = 2;
      return;
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
  });

program
  .command('token')
  .description('print a signed bearer token for local use (ACCESS.md)')
  .addOption(new Option('--role <role>', 'caller role').choices(ROLES).makeOptionMandatory())
  .addOption(new Option('--department <department>', 'government department of an OFFICER or SYSTEM (required for them, refused for other roles)').choices(DEPARTMENTS))
  .option('--regions <prefixes>', 'comma-separated region-code prefixes, e.g. 5101,5107', parseRegions)
  .option('--org <code>', 'charity organisation code (required for CHARITY, refused for other roles)')
  .option('--purpose <text>', 'purpose of reading personal data (written to the audit log)')
  .option('--sub <id>', 'user or system id', 'local-user')
  .option('--ttl <hours>', 'lifetime in hours (at most 24)', parseTtl, 8)
  .action(async (options: { role: Role; department?: Department; regions?: string[]; org?: string; purpose?: string; sub: string; ttl: number }) => {
    const config = loadConfig();
    warnAboutDevelopmentSecrets(config);
    let token: string;
    try {
      token = await mintToken(
        {
          sub: options.sub,
          role: options.role,
          department: options.department,
          regions: options.regions ?? (options.role === 'ADMIN' ? ['51'] : []),
          org: options.org,
          purpose: options.purpose,
        },
        config.jwtSecret,
        options.ttl * 3600,
      );
    } catch (error) {
      // Claims that do not agree with the role (ACCESS.md v2): the hub would refuse the token, so none is printed.
      if (!(error instanceof TokenError)) throw error;
      process.stderr.write(`assist-hub token: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stdout.write(`${token}\n`);
  });

function parseRegions(value: string): string[] {
  const prefixes = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (!prefixes.every((p) => /^\d{2,6}$/.test(p))) throw new InvalidArgumentError('region prefixes are 2-6 digits, e.g. 5101,510704');
  return prefixes;
}

function parseTtl(value: string): number {
  const hours = Number(value);
  if (!(hours > 0 && hours <= 24)) throw new InvalidArgumentError('lifetime is more than 0 and at most 24 hours');
  return hours;
}

registerDetectCommand(program);
registerGenerateCommand(program);

const audit = program.command('audit').description('the audit log of reads of personal details');
audit
  .command('verify')
  .description('walk the hash chain; exit 1 and name each entry that was edited, removed or reordered')
  .action(async () => {
    const config = loadConfig();
    const db = await openMigratedDatabase(config);
    try {
      const { entries, problems } = await verifyAuditChain(db.prisma);
      for (const problem of problems) process.stdout.write(`${problem.problem}: ${problem.message}\n`);
      process.stdout.write(problems.length ? `audit chain broken: ${problems.length} problem(s) in ${entries} entries\n` : `audit chain intact: ${entries} entries\n`);
      process.exitCode = problems.length ? 1 : 0;
    } finally {
      await db.close();
    }
  });

program
  .command('migrate')
  .description('apply pending migrations to the database (embedded, or DATABASE_URL)')
  .action(async () => {
    const config = loadConfig();
    const db = await openMigratedDatabase(config);
    const applied = db.appliedMigrations;
    // Set before closing: closing PGlite keeps the exit status it finds, and an unset one ends up non-zero.
    process.exitCode = 0;
    await db.close();
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  });

program
  .command('migrate:create')
  .description('write a new migration for the difference between prisma/migrations and prisma/schema')
  .argument('<name>', 'short name, e.g. add_education_records')
  .action(async (name: string) => {
    const folder = await createMigration(name);
    process.stdout.write(folder ? `created ${folder}\n` : 'no changes: migrations already match the schema\n');
  });

program
  .command('schema:print')
  .description('write every subgraph\'s SDL, the composed supergraph and the API baseline to schema/')
  .option('--accept-breaking <reason>', 'accept a change that breaks existing clients, and log why')
  .action((options: { acceptBreaking?: string }) => {
    for (const file of writeSchemaFiles(options)) process.stdout.write(`wrote ${file}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof BreakingChangeError) {
    process.stderr.write(`assist-hub: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`assist-hub: ${error.message}\n`);
  } else {
    process.stderr.write(`assist-hub: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(2);
});

