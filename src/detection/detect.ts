// The rule runner: runs each selected rule's one SELECT inside the database
// as of a date, and (runDetection) keeps what it found in `finding`, so that
// reviews survive later runs. Rules run one after the other, each a single
// statement, so the database does the work and Node only gets the findings.
import type { PrismaClient } from '../db/client/prisma/client';
import { parseDate } from '../lib/dates';
import { detectionRuleDuration } from '../lib/metrics';
import { byCodeUnits, findingOf, type DetectedFinding } from './finding';
import { allRules } from './index';
import { storeRun } from './store';
import type { Rule, RuleId, RuleRow } from './types';

export type { DetectedFinding } from './finding';
export { toRulesJson } from './finding';

export interface DetectOptions {
  /** The as-of date D, YYYY-MM-DD. */
  asOf: string;
  /** Rules to run (default: every rule); they run in RULES.md's order whatever the order given. */
  rules?: RuleId[];
  /** Called after each rule with the number of its findings (progress displays). */
  onRuleDone?: (rule: RuleId, found: number) => void;
}

/** A refused option: which one, and why (e.g. "rules", "unknown rule D9; ..."). */
export class DetectOptionError extends Error {
  constructor(
    readonly option: 'asOf' | 'rules',
    readonly reason: string,
  ) {
    super(`${option}: ${reason}`);
  }
}

/** The rules named, in RULES.md's order; refuses an unknown id. */
export function selectRules(ids?: readonly string[]): Rule[] {
  if (ids === undefined) return allRules;
  const known = new Set<string>(allRules.map((r) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DetectOptionError('rules', `unknown rule ${unknown.join(', ')}; the rules are ${allRules.map((r) => r.id).join(', ')}`);
  }
  return allRules.filter((r) => ids.includes(r.id));
}

/** The as-of date, checked: a real calendar date YYYY-MM-DD. */
export function checkAsOf(asOf: string): string {
  try {
    return parseDate(asOf);
  } catch (error) {
    throw new DetectOptionError('asOf', (error as Error).message);
  }
}

/**
 * Every finding of the selected rules as of D, read-only: sorted by rule
 * (RULES.md's order), then by finding key (code units), so the same data
 * gives the same list.
 */
export async function detect(prisma: PrismaClient, options: DetectOptions): Promise<DetectedFinding[]> {
  const asOf = checkAsOf(options.asOf);
  const findings: DetectedFinding[] = [];
  for (const rule of selectRules(options.rules)) {
    const found = await runRule(prisma, rule, asOf);
    findings.push(...found);
    options.onRuleDone?.(rule.id, found.length);
  }
  return findings;
}

async function runRule(prisma: PrismaClient, rule: Rule, asOf: string): Promise<DetectedFinding[]> {
  const end = detectionRuleDuration.startTimer({ rule: rule.id });
  const rows = await prisma.$queryRawUnsafe<RuleRow[]>(rule.sql, asOf);
  end();
  const findings = rows.map((row) => findingOf(rule, row)).sort((a, b) => byCodeUnits(a.findingKey, b.findingKey));
  // A finding found twice is a rule that did not de-duplicate: a bug to see, not to hide.
  findings.forEach((f, i) => {
    if (i > 0 && findings[i - 1]!.findingKey === f.findingKey) throw new Error(`rule ${rule.id} returned finding ${f.findingKey} twice`);
  });
  return findings;
}

export interface RunOptions extends DetectOptions {
  /** Who ran it: a token's sub, "cli" or "ingest". */
  startedBy: string;
}

export interface DetectionRun {
  runId: number;
  findings: DetectedFinding[];
  /** Stored findings of the rules run that were not found again (now no longer current). */
  resolved: number;
}

/**
 * detect(), then keep the result: a new finding is OPEN; one found again
 * keeps its review state with fresh evidence; one of a rule that ran but was
 * not found again is no longer current and, if OPEN or CONFIRMED, RESOLVED.
 * The run's row is written first (started, not finished), so a run that
 * fails shows as never finished, and the findings of a run are stored
 * together or not at all (store.ts).
 */
export async function runDetection(prisma: PrismaClient, options: RunOptions): Promise<DetectionRun> {
  const asOf = checkAsOf(options.asOf);
  const rules = selectRules(options.rules).map((r) => r.id);
  const run = await prisma.detectionRun.create({
    data: { asOf: new Date(`${asOf}T00:00:00.000Z`), rules, startedBy: options.startedBy },
    select: { id: true },
  });
  const findings = await detect(prisma, { ...options, asOf, rules });
  const { resolved } = await storeRun(prisma, { runId: run.id, asOf, rules, findings });
  return { runId: run.id, findings, resolved };
}
