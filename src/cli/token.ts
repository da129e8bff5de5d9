// `assist-hub token --role ROLE [--department D] [--regions 5101,5107] [--org CODE] [--purpose TEXT]`:
// prints a signed bearer token for local use (ACCESS.md). Exit 2 when the
// claims do not agree with the role: the hub would refuse such a token.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEPARTMENTS, ROLES, type Department, type Role } from '../access/callers';
import { loadConfig, warnAboutDevelopmentSecrets } from '../lib/config';
import { parseRegions } from './options';

interface TokenOptions {
  role: Role;
  department?: Department;
  regions?: string[];
  org?: string;
  purpose?: string;
  sub: string;
  ttl: number;
}

export function registerTokenCommand(program: Command): void {
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
    .action(printToken);
}

async function printToken(options: TokenOptions): Promise<void> {
  const { mintToken, TokenError } = await import('../access/tokens');
  const config = loadConfig();
  warnAboutDevelopmentSecrets(config);
  const claims = {
    sub: options.sub,
    role: options.role,
    department: options.department,
    regions: options.regions ?? (options.role === 'ADMIN' ? ['51'] : []),
    org: options.org,
    purpose: options.purpose,
  };
  try {
    process.stdout.write(`${await mintToken(claims, config.jwtSecret, options.ttl * 3600)}\n`);
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    process.stderr.write(`assist-hub token: ${error.message}\n`);
    process.exitCode = 2;
  }
}

function parseTtl(value: string): number {
  const hours = Number(value);
  if (!(hours > 0 && hours <= 24)) throw new InvalidArgumentError('lifetime is more than 0 and at most 24 hours');
  return hours;
}
