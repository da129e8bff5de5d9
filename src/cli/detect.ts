// `assist-hub detect [--as-of YYYY-MM-DD] [--json] [--rules D1,G3] [--no-store]`
// (EXCHANGE.md, Command line): runs the rules of RULES.md as of a date and
// stores the findings so their review state carries over between runs.
// stdout carries the findings (--json: one RULES.md object per line, the
// same bytes for the same data) or a short summary; progress goes to stderr
// on a terminal only. Exit 0 done, 2 a bad option or a fatal error.
import type { Command } from 'commander';
import { loadConfig, warnAboutDevelopmentSecrets } from '../lib/config';
import { todayIso } from '../lib/dates';
import type { PrismaClient } from '../db/client/prisma/client';
import type { DetectedFinding } from '../detection/detect';
import type { Rule, RuleId } from '../detection/types';

interface DetectCliOptions {
  asOf?: string;
  json?: boolean;
  rules?: string;
  store: boolean;
}

/** Options as commander's error messages name them. */
const OPTION_NAMES = { asOf: '--as-of', rules: '--rules' } as const;

export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description('run the duplicate and gap rules (RULES.md) as of a date and store the findings; exit 2 on a bad option')
    .option('--as-of <date>', 'the date D, YYYY-MM-DD (default: today in China)')
    .option('--json', 'print one JSON object per finding (RULES.md "Finding shape") instead of a summary')
    .option('--rules <ids>', 'comma-separated rule ids to run, e.g. D1,G3 (default: every rule)')
    .option('--no-store', 'print the findings without storing them')
    .action(runDetectCommand);
}

async function runDetectCommand(options: DetectCliOptions): Promise<void> {
  const { DetectOptionError, checkAsOf, selectRules } = await import('../detection/detect');
  const asOf = options.asOf ?? todayIso();
  let rules: Rule[];
  try {
    // Both checked before the database is opened.
    checkAsOf(asOf);
    rules = selectRules(options.rules === undefined ? undefined : options.rules.split(',').map((id) => id.trim()));
  } catch (error) {
    if (!(error instanceof DetectOptionError)) throw error;
    return refuse(`${OPTION_NAMES[error.option]}: ${error.reason}`);
  }
  const { openMigratedDatabase } = await import('../db/open');
  const { firstLine } = await import('../ingest/importFiles');
  const config = loadConfig();
  warnAboutDevelopmentSecrets(config);
  let db;
  try {
    // Detection reads every record: no per-statement time limit (PostgreSQL's would cancel it at scale).
    db = await openMigratedDatabase(config, { statementTimeoutMs: 0 });
  } catch (error) {
    return refuse(`fatal: ${firstLine(error)}`);
  }
  try {
    await detectAndReport(db.prisma, asOf, rules.map((r) => r.id), options);
    // Set before closing: closing PGlite keeps the exit status it finds, and an unset one ends up non-zero.
    process.exitCode = 0;
  } catch (error) {
    refuse(`fatal: ${firstLine(error)}`);
  } finally {
    await db.close();
  }
}

async function detectAndReport(prisma: PrismaClient, asOf: string, rules: RuleId[], options: DetectCliOptions): Promise<void> {
  const { Presets, SingleBar } = await import('cli-progress');
  const { detect, runDetection, selectRules, toRulesJson } = await import('../detection/detect');
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'detect [{bar}] {value}/{total} rules {rule}', hideCursor: true, stream: process.stderr }, Presets.shades_classic)
    : null;
  bar?.start(rules.length, 0, { rule: '' });
  const onRuleDone = (rule: RuleId) => bar?.increment(1, { rule });
  let findings: DetectedFinding[];
  let stored: { runId: number; resolved: number } | null = null;
  try {
    if (options.store) {
      const run = await runDetection(prisma, { asOf, rules, startedBy: 'cli', onRuleDone });
      findings = run.findings;
      stored = run;
    } else {
      findings = await detect(prisma, { asOf, rules, onRuleDone });
    }
  } finally {
    bar?.stop();
  }
  const names = new Map(selectRules(rules).map((r) => [r.id, r.name]));
  const lines = options.json ? findings.map((f) => JSON.stringify(toRulesJson(f, asOf))) : summary(asOf, rules, names, findings, stored);
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

function summary(
  asOf: string,
  rules: RuleId[],
  names: Map<RuleId, string>,
  findings: DetectedFinding[],
  stored: { runId: number; resolved: number } | null,
): string[] {
  const perRule = new Map<RuleId, number>(rules.map((id) => [id, 0]));
  for (const f of findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
  const width = Math.max(...[...names.values()].map((n) => n.length));
  return [
    `detect as of ${asOf}: ${findings.length} finding(s)`,
    ...rules.map((id) => `  ${id.padEnd(3)} ${names.get(id)!.padEnd(width)}  ${perRule.get(id)}`),
    stored ? `stored as run ${stored.runId}; ${stored.resolved} earlier finding(s) no longer found` : 'not stored (--no-store)',
  ];
}

function refuse(message: string): void {
  process.stderr.write(`assist-hub detect: ${message}\n`);
  process.exitCode = 2;
}
