// The check at the door: once a batch is stored, the duplicate rules (D1-D6)
// run over the whole database and keep what they find (runDetection), and
// the batch's sender is told which duplicates involve a record of this batch.
// The records stay stored; the findings are opened for the departments to
// review. It runs as of today (China), the rules' default date, so the
// finding table holds one consistent "as of" for everyone reading it,
// whatever dates the batch's records carry (a future overlap is still a
// finding, with overpayment 0.00).
//
// What the sender is told is what avoids a double payment and no more
// (ACCESS.md v2, "Checks before paying"): the rule, the finding's
// overpayment estimate, and of each other record its department, program,
// county and the days it shares with the batch's record. Never the other
// record's id, amount or details: this module reads them to work out the
// overlap and hands out only `DoorFinding`, which has no field for them.
import type { Department, FindingKind, FindingStatus, Program } from '../db/client/prisma/enums';
import { formatMoney, type Decimal } from '../lib/money';
import type { Prisma, PrismaClient } from '../db/client/prisma/client';
import { deleteRowsWhere, upsertRows } from '../db/rows';
import { formatDate, todayIso } from '../lib/dates';
import { runDetection } from './detect';
import type { RuleId } from './types';

export const DUPLICATE_RULES: RuleId[] = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];

/** What the duplicate rules read: a stored object of another type cannot make a duplicate. */
const TYPES_THE_RULES_READ = new Set(['record', 'person', 'household']);

/** Another record of a finding, as far as the sender may know it. */
export interface DoorCounterpart {
  department: Department;
  program: Program;
  /** The county it is paid in. */
  regionCode: string;
  /** First and last day it shares with the batch's records in the finding; both null when it shares none (D3: the same event paid on other days). */
  overlapFrom: string | null;
  /** Null while the shared days run on (both records open-ended), or when there are none. */
  overlapTo: string | null;
}

/** A duplicate finding that involves a record of the batch, cut to what the sender may be told. */
export interface DoorFinding {
  id: number;
  rule: string;
  kind: FindingKind;
  status: FindingStatus;
  overpayment: Decimal | null;
  /** What the finding row rule (findingFilter) reads, so the sender sees only the findings it may read. */
  departments: Department[];
  regionCode: string;
  regionCodes: string[];
  /** The batch's own records in the finding, "DEPARTMENT:sourceRecordId", sorted: the sender sent them. */
  batchRecords: string[];
  /** The finding's other records, without their ids. */
  others: DoorCounterpart[];
  /** Everyone whose data the answer tells of (beneficiaries of every record in it, the person it names): each gets an audit entry. */
  personKeys: string[];
}

export interface DoorCheck {
  asOf: string;
  runId: number;
  /** Duplicate findings (stored, with their id) that involve a record of this batch. */
  findings: DoorFinding[];
  /** How long the rules and the storing of their findings took. */
  ms: number;
  /** Lines stored by earlier runs whose check had not run (a killed import), covered by this one. */
  earlier?: number;
}

/** One line of a stored chunk, as ingestion reports it (src/ingest/service.ts LineOutcome). */
interface StoredLine {
  type: string | null;
  outcome: string;
  key: string | null;
}

/**
 * The check at the door as the follow-up of a stored batch or file
 * (src/ingest/service.ts FollowUp): `assist-hub import` and
 * submitExchangeBatch both hand it to ingestion. What it checks is what the
 * chunks noted as waiting (door_check_pending), its own run's and any
 * earlier run's that died before its check: nothing of it is held in memory.
 */
export const doorCheck = {
  noteStored: notePending,
  needed: async (prisma: PrismaClient) => (await prisma.doorCheckPending.findFirst({ select: { recordKey: true } })) !== null,
  run: checkPending,
  describe: describeCheck,
  describeFailure: (file: string, message: string) =>
    `${file}: duplicate check failed: ${message} (the lines above are stored; run assist-hub detect --rules ${DUPLICATE_RULES.join(',')} later)`,
};

/**
 * The lines of a chunk the duplicate rules read, noted in the chunk's own
 * transaction as waiting for the check (door_check_pending): if the process
 * dies before the check has run, the next check covers them. A line noted
 * again is stamped anew: it belongs to the run that stored it last.
 */
async function notePending(tx: Prisma.TransactionClient, lines: readonly StoredLine[], storedBy: string): Promise<void> {
  const keys = lines.filter((l) => l.outcome === 'stored' && l.key !== null && l.type !== null && TYPES_THE_RULES_READ.has(l.type)).map(pendingKey);
  const rows = [...new Set(keys)].map((recordKey) => ({ recordKey, storedBy }));
  await upsertRows(tx, 'DoorCheckPending', rows, { key: ['recordKey'], update: ['storedBy', 'storedAt'] });
}

/** A record's own key ("DEPARTMENT:sourceRecordId"); a person's or household's with its type before it. */
const pendingKey = (line: StoredLine) => (line.type === 'record' ? line.key! : `${line.type}:${line.key}`);

/**
 * The check over every line waiting for it; those it covered wait no more.
 * Lines noted before `since` (the run's first transaction) were stored by an
 * earlier run whose check did not run: they are counted, and their findings
 * told like the run's own, so the re-run of a killed import reports what the
 * killed one would have.
 */
async function checkPending(prisma: PrismaClient, since: Date | null, startedBy: string): Promise<DoorCheck> {
  const waiting = await prisma.doorCheckPending.findMany({ select: { recordKey: true, storedAt: true } });
  const earlier = waiting.filter((w) => since === null || w.storedAt < since).length;
  const records = waiting.map((w) => w.recordKey).filter((key) => /^[A-Z_]+:/.test(key));
  const check = await checkAtTheDoor(prisma, records, { startedBy });
  await deleteRowsWhere(prisma, 'DoorCheckPending', 'recordKey', waiting.map((w) => w.recordKey));
  return { ...check, earlier };
}

/** What the import command prints: the same restricted facts as the batch answer, never another record's id or amount. */
function describeCheck(file: string, check: DoorCheck): string[] {
  const earlier = check.earlier
    ? [`${file}: the duplicate check also covered ${check.earlier} line(s) stored by an earlier import whose check had not run`]
    : [];
  // Nothing found: the file's summary line says all there is to say.
  if (check.findings.length === 0) return earlier;
  return [
    ...earlier,
    `${file}: duplicate check as of ${check.asOf}: ${check.findings.length} finding(s) involve records of this file, which stay stored`,
    ...check.findings.map((f) => {
      const money = f.overpayment === null ? '' : ` overpayment ${formatMoney(f.overpayment)}`;
      const others = f.others.length ? ` with ${f.others.map(describeCounterpart).join('; ')}` : '';
      return `${file}: finding ${f.id} ${f.rule} ${f.status}: ${f.batchRecords.join(' ')}${others}${money}`;
    }),
  ];
}

/** "CIVIL_AFFAIRS DIBAO in 511302 from 2026-03-01 to 2026-04-30" ("no common day" for D3; an open end "onwards"). */
function describeCounterpart(other: DoorCounterpart): string {
  const days = other.overlapFrom === null ? 'no common day' : `from ${other.overlapFrom} ${other.overlapTo === null ? 'onwards' : `to ${other.overlapTo}`}`;
  return `${other.department} ${other.program} in ${other.regionCode} ${days}`;
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
        select: {
          id: true, rule: true, kind: true, status: true, records: true, overpayment: true, departments: true,
          regionCode: true, regionCodes: true, personKey: true,
        },
        orderBy: [{ rule: 'asc' }, { findingKey: 'asc' }],
      })
    : [];
  const evidence = await evidenceRecords(prisma, [...new Set(stored.flatMap((f) => f.records))]);
  const cut = stored.map(({ records, personKey, ...finding }): DoorFinding => {
    const own = records.filter((r) => batch.has(r)).map((r) => evidence.get(r)).filter((r) => r !== undefined);
    const others = records.filter((r) => !batch.has(r)).map((r) => evidence.get(r)).filter((r) => r !== undefined);
    const persons = new Set([...own, ...others].map((r) => r.beneficiaryKey));
    if (personKey) persons.add(personKey);
    return {
      ...finding,
      batchRecords: records.filter((r) => batch.has(r)),
      others: others.map((other) => counterpart(other, own)),
      personKeys: [...persons].sort(),
    };
  });
  return { asOf, runId, findings: cut, ms: Date.now() - started };
}

interface Evidence {
  department: Department;
  program: Program;
  regionCode: string;
  beneficiaryKey: string;
  startDate: Date;
  endDate: Date | null;
}

/** The evidence records by "DEPARTMENT:sourceRecordId": only what the overlap and the audit need. */
async function evidenceRecords(prisma: PrismaClient, ids: string[]): Promise<Map<string, Evidence>> {
  const keys = ids.flatMap((id) => {
    const colon = id.indexOf(':');
    return colon > 0 ? [{ department: id.slice(0, colon) as Department, sourceRecordId: id.slice(colon + 1) }] : [];
  });
  if (keys.length === 0) return new Map();
  const rows = await prisma.assistanceRecord.findMany({
    where: { OR: keys },
    select: { department: true, sourceRecordId: true, program: true, regionCode: true, beneficiaryKey: true, startDate: true, endDate: true },
  });
  return new Map(rows.map(({ sourceRecordId, ...row }) => [`${row.department}:${sourceRecordId}`, { ...row, regionCode: row.regionCode.trim() }]));
}

/** Another record as the sender may know it: whose, what and where, and the days it shares with the batch's records. */
function counterpart(other: Evidence, own: Evidence[]): DoorCounterpart {
  // Each batch record's common days with the other (inclusive; a null end runs on), then their span.
  const common = own.flatMap((mine) => {
    const from = Math.max(mine.startDate.getTime(), other.startDate.getTime());
    const ends = [mine.endDate, other.endDate].filter((d): d is Date => d !== null).map((d) => d.getTime());
    const to = ends.length ? Math.min(...ends) : null;
    return to === null || from <= to ? [{ from, to }] : [];
  });
  const from = common.length ? Math.min(...common.map((c) => c.from)) : null;
  const to = common.length === 0 || common.some((c) => c.to === null) ? null : Math.max(...common.map((c) => c.to!));
  return {
    department: other.department,
    program: other.program,
    regionCode: other.regionCode,
    overlapFrom: from === null ? null : formatDate(new Date(from)),
    overlapTo: to === null ? null : formatDate(new Date(to)),
  };
}
