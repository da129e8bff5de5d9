// The check at the door: once a batch is stored, the duplicate rules (D1-D6)
// run over the whole database and keep what they find (runDetection), and
// the batch's sender is told which duplicates involve a record of this batch.
// The records stay stored; the findings are opened for the departments to
// review. It runs as of today (China), the rules' default date, so the
// finding table holds one consistent "as of" for everyone reading it,
// whatever dates the batch's records carry (a future overlap is still a
// finding, with overpayment 0.00).
import type { Finding, PrismaClient } from '../generated/prisma/client';
import { todayIso } from '../lib/dates';
import { runDetection } from '../rules/detect';
import type { RuleId } from '../rules/types';
import type { IngestItem, IngestSummary } from './service';

export const DUPLICATE_RULES: RuleId[] = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];

/** What the duplicate rules read: a stored object of another type cannot make a duplicate. */
const TYPES_THE_RULES_READ = new Set(['record', 'person', 'household']);

export interface DoorFinding {
  finding: Pick<Finding, 'id' | 'rule' | 'kind' | 'status' | 'records' | 'overpayment' | 'departments' | 'regionCode' | 'regionCodes'>;
}

export interface DoorCheck {
  asOf: string;
  runId: number;
  /** Duplicate findings (stored, with their id) that involve a record of this batch. */
  findings: DoorFinding['finding'][];
  /** How long the rules and the storing of their findings took. */
  ms: number;
}

/** "DEPARTMENT:sourceRecordId" of a record object, as far as the raw input tells. */
export function recordKeyOf(input: unknown): string | null {
  const object = typeof input === 'string' ? safeParse(input) : input;
  if (typeof object !== 'object' || object === null) return null;
  const { type, department, sourceRecordId } = object as Record<string, unknown>;
  return type === 'record' && typeof department === 'string' && typeof sourceRecordId === 'string' ? `${department}:${sourceRecordId}` : null;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Keys of the records a batch stored (created or changed), from the inputs
 * by position and the summary's outcome of each. A stored record passed
 * validation, so its input's department and id are its own.
 */
export function storedRecordKeys(keysByPosition: Map<number, string>, summary: IngestSummary): string[] {
  return summary.outcomes
    .filter((o) => o.outcome === 'stored' && o.type === 'record' && keysByPosition.has(o.position))
    .map((o) => keysByPosition.get(o.position)!);
}

/** True when the batch stored something the duplicate rules read. */
export function needsCheck(summary: IngestSummary): boolean {
  return summary.outcomes.some((o) => o.outcome === 'stored' && o.type !== null && TYPES_THE_RULES_READ.has(o.type));
}

/** Remembers each record line's key while the lines stream into ingest (the importer reads files lazily). */
export async function* noteRecordKeys<T extends IngestItem>(items: AsyncIterable<T> | Iterable<T>, keys: Map<number, string>): AsyncGenerator<T> {
  for await (const item of items) {
    const key = recordKeyOf(item.input);
    if (key) keys.set(item.position, key);
    yield item;
  }
}

// Runs are serialised in this process: two overlapping runs could otherwise
// store out of order, the older one resolving what the newer one found.
let queue: Promise<unknown> = Promise.resolve();

export function checkAtTheDoor(
  prisma: PrismaClient,
  recordKeys: string[],
  options: { startedBy: string; asOf?: string },
): Promise<DoorCheck> {
  const run = queue.then(() => check(prisma, recordKeys, options));
  queue = run.catch(() => undefined);
  return run;
}

async function check(prisma: PrismaClient, recordKeys: string[], options: { startedBy: string; asOf?: string }): Promise<DoorCheck> {
  const started = Date.now();
  const asOf = options.asOf ?? todayIso();
  const { runId, findings } = await runDetection(prisma, { asOf, rules: DUPLICATE_RULES, startedBy: options.startedBy });
  const batch = new Set(recordKeys);
  const keys = findings.filter((f) => f.records.some((r) => batch.has(r))).map((f) => f.findingKey);
  const stored = keys.length
    ? await prisma.finding.findMany({
        where: { findingKey: { in: keys } },
        select: { id: true, rule: true, kind: true, status: true, records: true, overpayment: true, departments: true, regionCode: true, regionCodes: true },
        orderBy: [{ rule: 'asc' }, { findingKey: 'asc' }],
      })
    : [];
  return { asOf, runId, findings: stored, ms: Date.now() - started };
}
