// `record` lines: one assistance grant or payment stream (EXCHANGE.md). The
// shared core goes to assistance_record, the department's `details` to its own
// detail table; both are compared and kept in history as one snapshot.
import { z } from 'zod';
import type { Department, Program } from '../../generated/prisma/enums';
import { formatDate, toDbDate } from '../../lib/dates';
import { FieldError } from '../../lib/errors';
import { personKey } from '../../lib/ids';
import { formatMoney } from '../../lib/money';
import {
  DEPARTMENT_VALUES,
  FREQUENCY_VALUES,
  NEED_CATEGORY_VALUES,
  PROGRAMS,
  PROGRAM_VALUES,
  STATUS_VALUES,
} from '../../lib/programs';
import { DETAILS, detailRow, detailSnapshot } from '../details';
import { idNumber, isoDate, money, oneOf, regionCode, sourceId } from '../fields';
import { charityOrg, checkCounty, checkOwnDepartment, saveIfChanged, type Handler, type IngestContext, type Snapshot } from '../handler';
import { problemsFromZod } from '../problems';
import { ensurePerson } from './person';

const schema = z.strictObject({
  type: z.literal('record'),
  department: oneOf(DEPARTMENT_VALUES),
  sourceRecordId: sourceId,
  program: oneOf(PROGRAM_VALUES),
  beneficiaryIdNumber: idNumber,
  householdSourceId: sourceId.nullable().optional(),
  regionCode,
  amount: money,
  frequency: oneOf(FREQUENCY_VALUES),
  startDate: isoDate,
  endDate: isoDate.nullable().optional(),
  status: oneOf(STATUS_VALUES),
  needCategory: oneOf(NEED_CATEGORY_VALUES),
  eventRef: z.string({ error: 'must be a string' }).trim().min(1).max(128).nullable().optional(),
  expenseBasis: money.nullable().optional(),
  charityProgramCode: z.string({ error: 'must be a charity program code' }).min(1).max(64).nullable().optional(),
  details: z.record(z.string(), z.unknown(), { error: 'must be an object' }).nullable().optional(),
});

type RecordLine = z.infer<typeof schema>;

export const recordHandler: Handler<RecordLine> = {
  type: 'record',
  schema,
  refuse: () => null,
  async apply(ctx, line) {
    checkOwnDepartment(ctx.sender, line.department);
    checkProgram(line);
    const endDate = checkPeriod(line);
    const details = parseDetails(line.department, line.details);
    const beneficiaryKey = personKey(line.beneficiaryIdNumber.normalized, ctx.personKeyPepper);
    await checkReferences(ctx, line, beneficiaryKey);
    const relation = DETAILS[line.department].relation;
    const key = { department: line.department, sourceRecordId: line.sourceRecordId };
    const stored = await ctx.tx.assistanceRecord.findUnique({
      where: { department_sourceRecordId: key },
      include: { [relation]: true },
    });
    const core = {
      program: line.program,
      beneficiaryKey,
      householdSourceId: line.householdSourceId ?? null,
      regionCode: line.regionCode,
      amount: line.amount,
      frequency: line.frequency,
      startDate: line.startDate,
      endDate,
      status: line.status,
      needCategory: line.needCategory,
      eventRef: line.eventRef ?? null,
      expenseBasis: line.expenseBasis ?? null,
      charityProgramCode: line.charityProgramCode ?? null,
    };
    const next: Snapshot = { ...core, details };
    await checkGrantOwner(ctx, stored?.charityProgramCode ?? null);
    const previous = stored && recordSnapshot(stored, line.department, relation);
    return saveIfChanged(ctx, { type: 'record', key: `${line.department}:${line.sourceRecordId}` }, previous, next, async () => {
      await ensurePerson(ctx, beneficiaryKey, line.beneficiaryIdNumber);
      const data = {
        ...core,
        startDate: toDbDate(core.startDate),
        endDate: core.endDate ? toDbDate(core.endDate) : null,
        sender: ctx.sender.name,
      };
      const saved = await ctx.tx.assistanceRecord.upsert({
        where: { department_sourceRecordId: key },
        create: { ...key, ...data },
        update: data,
        select: { id: true },
      });
      await saveDetails(ctx, line.department, saved.id, details, previous !== null && Object.keys(previous.details as Snapshot).length > 0);
    });
  },
};

function checkProgram(line: RecordLine) {
  const owner = PROGRAMS[line.program].department;
  if (owner !== line.department) {
    throw new FieldError('program', `${line.program} is a ${owner} program; ${line.department} may not send it`);
  }
  if (line.program === 'CHARITY_GRANT' && !line.charityProgramCode) {
    throw new FieldError('charityProgramCode', 'is required for a CHARITY_GRANT');
  }
  if (line.program !== 'CHARITY_GRANT' && line.charityProgramCode) {
    throw new FieldError('charityProgramCode', 'is only for CHARITY_GRANT records');
  }
  if (PROGRAMS[line.program].householdLevel && !line.householdSourceId) {
    throw new FieldError('householdSourceId', `is required: ${line.program} covers a whole household`);
  }
}

/** The period's end: a ONE_OFF ends on its payment date; no period may run backwards. */
function checkPeriod(line: RecordLine): string | null {
  const endDate = line.endDate ?? (line.frequency === 'ONE_OFF' ? line.startDate : null);
  if (endDate !== null && endDate < line.startDate) {
    throw new FieldError('endDate', `is before startDate (${endDate} < ${line.startDate})`);
  }
  if (line.frequency === 'ONE_OFF' && endDate !== line.startDate) {
    throw new FieldError('endDate', 'must equal startDate for a ONE_OFF record (the payment date)');
  }
  return endDate;
}

function parseDetails(department: Department, details: RecordLine['details']): Snapshot {
  const parsed = DETAILS[department].schema.safeParse(details ?? {}, { reportInput: true });
  if (!parsed.success) {
    const [problem] = problemsFromZod(parsed.error);
    throw new FieldError(`details.${problem!.field}`, problem!.reason);
  }
  return detailSnapshot(department, parsed.data);
}

async function checkReferences(ctx: IngestContext, line: RecordLine, beneficiaryKey: string) {
  checkCounty(ctx, 'regionCode', line.regionCode);
  if (PROGRAMS[line.program].householdLevel) {
    await checkHead(ctx, line.householdSourceId!, beneficiaryKey); // a household always has its head: this also proves it exists
  } else if (line.householdSourceId) {
    const household = await ctx.tx.household.findUnique({ where: { sourceId: line.householdSourceId }, select: { sourceId: true } });
    if (!household) throw new FieldError('householdSourceId', `unknown household ${line.householdSourceId}: send it first`);
  }
  if (line.charityProgramCode) {
    const org = charityOrg(ctx.sender);
    const program = await ctx.tx.charityProgram.findUnique({ where: { code: line.charityProgramCode } });
    // Another organisation's program reads exactly like an unknown one.
    if (!program || (org && program.organization !== org)) {
      throw new FieldError('charityProgramCode', `unknown charity program ${line.charityProgramCode}: register it first`);
    }
  }
}

/** Charities share the CHARITY key space: one may not overwrite another's grant. */
async function checkGrantOwner(ctx: IngestContext, storedProgramCode: string | null) {
  const org = charityOrg(ctx.sender);
  if (!org || !storedProgramCode) return;
  const program = await ctx.tx.charityProgram.findUnique({ where: { code: storedProgramCode }, select: { organization: true } });
  if (program?.organization !== org) {
    throw new FieldError('sourceRecordId', 'is already used by another organisation\'s grant: choose another id');
  }
}

async function checkHead(ctx: IngestContext, householdSourceId: string, beneficiaryKey: string) {
  const head = await ctx.tx.householdMember.findFirst({ where: { householdSourceId, relation: 'HEAD' }, select: { personKey: true } });
  if (!head) throw new FieldError('householdSourceId', `unknown household ${householdSourceId}: send it first`);
  if (head.personKey !== beneficiaryKey) {
    throw new FieldError('beneficiaryIdNumber', `must be the head of household ${householdSourceId} for a household-level program`);
  }
}

type StoredRecord = Awaited<ReturnType<IngestContext['tx']['assistanceRecord']['findUniqueOrThrow']>> & Record<string, unknown>;

function recordSnapshot(stored: StoredRecord, department: Department, relation: string): Snapshot {
  return {
    program: stored.program as Program,
    beneficiaryKey: stored.beneficiaryKey,
    householdSourceId: stored.householdSourceId,
    regionCode: stored.regionCode,
    amount: formatMoney(stored.amount),
    frequency: stored.frequency,
    startDate: formatDate(stored.startDate),
    endDate: stored.endDate && formatDate(stored.endDate),
    status: stored.status,
    needCategory: stored.needCategory,
    eventRef: stored.eventRef,
    expenseBasis: stored.expenseBasis && formatMoney(stored.expenseBasis),
    charityProgramCode: stored.charityProgramCode,
    details: detailSnapshot(department, stored[relation] as Record<string, unknown> | null),
  };
}

async function saveDetails(ctx: IngestContext, department: Department, recordId: number, details: Snapshot, hadDetails: boolean) {
  const delegate = detailDelegate(ctx, department);
  if (Object.keys(details).length === 0) {
    if (hadDetails) await delegate.deleteMany({ where: { recordId } });
    return;
  }
  // Every column is written, so fields the new version no longer has are cleared.
  const columns = { ...emptyDetail(department), ...detailRow(department, details) };
  await delegate.upsert({ where: { recordId }, create: { recordId, ...columns }, update: columns });
}

function emptyDetail(department: Department): Record<string, null> {
  return Object.fromEntries(Object.keys(DETAILS[department].schema.shape).map((field) => [field, null]));
}

type DetailDelegate = {
  deleteMany(args: { where: { recordId: number } }): Promise<unknown>;
  upsert(args: { where: { recordId: number }; create: Record<string, unknown>; update: Record<string, unknown> }): Promise<unknown>;
};

function detailDelegate(ctx: IngestContext, department: Department): DetailDelegate {
  const tx = ctx.tx;
  const delegates: Record<Department, unknown> = {
    CIVIL_AFFAIRS: tx.civilAffairsRecordDetail,
    EDUCATION: tx.educationRecordDetail,
    HOUSING: tx.housingRecordDetail,
    HEALTHCARE_SECURITY: tx.healthcareRecordDetail,
    HUMAN_RESOURCES: tx.humanResourcesRecordDetail,
    DISABLED_PERSONS_FEDERATION: tx.disabilityRecordDetail,
    CHARITY: tx.charityGrantDetail,
  };
  return delegates[department] as DetailDelegate;
}
