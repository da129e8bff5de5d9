// `assist-hub generate --seed N --as-of D --out data.ndjson [--expected expected.ndjson] [--background N]`:
// writes the planted data set (src/generate) as NDJSON that `assist-hub import`
// accepts, and the findings the rules must return as of D, one RULES.md object
// per line in the order `assist-hub detect --json` prints them, so that
//   assist-hub import data.ndjson && assist-hub detect --as-of D --json --no-store | diff - expected.ndjson
// is the whole check. Person keys depend on HUB_ID_PEPPER: generate and import
// with the same one. Exit 0 written, 2 a bad option or an unwritable file
// (1 when a required option is missing: commander's own refusal).
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig, warnAboutDevelopmentSecrets } from '../lib/config';
import { DateFormatError, parseDate } from '../lib/dates';

interface GenerateCliOptions {
  seed: string;
  asOf: string;
  out: string;
  expected?: string;
  background: string;
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('write a data set with planted cases for every rule (RULES.md) and the findings expected as of a date')
    .option('--seed <n>', 'random seed (the same seed and date give the same files)', '1')
    .requiredOption('--as-of <date>', 'the date D the expectations hold for, YYYY-MM-DD')
    .requiredOption('--out <file>', 'where to write the exchange objects (NDJSON)')
    .option('--expected <file>', 'where to write the expected findings (NDJSON, RULES.md shape)')
    .option('--background <n>', 'clean background households besides the planted cases', '60')
    .action(runGenerate);
}

async function runGenerate(options: GenerateCliOptions): Promise<void> {
  const problem = optionProblem(options);
  if (problem) return refuse(problem);
  const { generatePlantedSet, RULE_IDS, toRulesJson } = await import('../generate');
  const config = loadConfig();
  warnAboutDevelopmentSecrets(config);
  let set;
  try {
    set = generatePlantedSet({ seed: Number(options.seed), asOf: options.asOf, pepper: config.idPepper, background: Number(options.background) });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return refuse(`--as-of: ${error.message}`);
  }
  try {
    writeLines(options.out, set.objects);
    if (options.expected) writeLines(options.expected, set.expected.map((f) => toRulesJson(f, options.asOf)));
  } catch (error) {
    return refuse(`cannot write: ${(error as Error).message}`);
  }
  const perRule = RULE_IDS.map((rule) => `${rule} ${set.expected.filter((f) => f.rule === rule).length}`).join(', ');
  process.stdout.write(`wrote ${set.objects.length} objects to ${options.out}\n`);
  process.stdout.write(`${set.expected.length} findings expected as of ${options.asOf} (${perRule}); ${set.nearMisses.length} near-misses planted\n`);
  if (options.expected) process.stdout.write(`wrote the expected findings to ${options.expected}\n`);
}

/** Checked before anything is generated, each message naming its option. */
function optionProblem(options: GenerateCliOptions): string | null {
  for (const name of ['seed', 'background'] as const) {
    if (!/^\d{1,9}$/.test(options[name])) return `--${name}: must be a whole number, e.g. 42, got ${JSON.stringify(options[name])}`;
  }
  try {
    parseDate(options.asOf);
  } catch (error) {
    if (error instanceof DateFormatError) return `--as-of: ${error.message}`;
    throw error;
  }
  return null;
}

/** Lines written in blocks: a province-sized set (millions of lines) is longer than one string may be. */
const LINES_PER_WRITE = 10_000;

function writeLines(file: string, objects: readonly object[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < objects.length; i += LINES_PER_WRITE) {
      fs.writeSync(fd, objects.slice(i, i + LINES_PER_WRITE).map((o) => `${JSON.stringify(o)}\n`).join(''), null, 'utf8');
    }
  } finally {
    fs.closeSync(fd);
  }
}

function refuse(message: string): void {
  process.stderr.write(`assist-hub generate: ${message}\n`);
  process.exitCode = 2;
}
