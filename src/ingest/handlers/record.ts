// `record` lines: one assistance grant or payment stream (EXCHANGE.md). The
// shared core goes to assistance_record, the department's `details` to its own
// detail table; both are compared and kept in history as one snapshot.
import { z } from 'zod';
import type { Department, Program } from '../../db/client/prisma/enums';
import { formatDate } from '../../lib/dates';
import { FieldError } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import {
  DEPARTMENT_VALUES,
  FREQUENCY_VALUES,
  NEED_CATEGORY_VALUES,
  PROGRAMS,
  PROGRAM_VALUES,
  STATUS_VALUES,
} from '../../departments/programs';
import { DETAILS, detailSnapshot } from '../../departments/details';
import { idNumber, isoDate, money, oneOf, regionCode, sourceId } from '../fields';
import {
  grantCommitment,
  refuseGrantBeneficiary,
  refuseGrantBudget,
  refuseGrantTerms,
  refuseNamedHousehold,
  refuseRecordWrite,
  refuseRegion,
  refuseWithoutPurpose,
  type GrantTerms,
  type ProgramTerms,
} from '../../access/writes';
import { personKeyOf, charityOrg, checkCounty, checkOwnDepartment, refuseWith, saveIfChanged, type Handler, type IngestContext, type Snapshot } from '../handler';
import { problemsFromZod } from '../problems';
import { committedTo, programTerms } from './charityProgram';
import { ensurePerson, personsForWriteChecks } from './person';

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
  keys(ctx, line, keys) {
    keys.records.add(`${line.department}:${line.sourceRecordId}`);
    if (line.householdSourceId) keys.households.add(line.householdSourceId);
    // A charity's beneficiary is read for its checks; anyone else's is only created when unknown.
    if (ctx.sender.department === 'CHARITY') keys.persons.add(personKeyOf(ctx, line.beneficiaryIdNumber));
  },
  // Every check before the first write, and the checks on the line alone
  // before those on stored state (src/access/writes.ts): a refusal never
  // depends on what is stored outside the caller's reach.
  async apply(ctx, line) {
    checkOwnDepartment(ctx.sender, line.department);
    checkProgram(line);
    const endDate = checkPeriod(line);
    const details = parseDetails(line.department, line.details);
    const beneficiaryKey = personKeyOf(ctx, line.beneficiaryIdNumber);
    checkCounty(ctx, 'regionCode', line.regionCode);
    const org = charityOrg(ctx.sender);
    const program = line.charityProgramCode ? await charityProgramOf(ctx, line.charityProgramCode, org) : null;
    if (org) {
      // A charity's grant: within its own program's regions and dates, naming no household.
      refuseWith(refuseGrantTerms(program!, { ...line, endDate, householdSourceId: line.householdSourceId ?? null }));
    } else {
      refuseWith(refuseRegion(ctx.caller, 'regionCode', line.regionCode));
      if (line.householdSourceId) await checkNamedHousehold(ctx, line, beneficiaryKey);
    }
    const relation = DETAILS[line.department].relation;
    const key = { department: line.department, sourceRecordId: line.sourceRecordId };
    const stored = (await ctx.store.record(`${line.department}:${line.sourceRecordId}`)) as StoredRecord | null;
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
    let committed: bigint | null = null;
    if (org) {
      checkGrantOwner(org, stored);
      // The program's budget, then (last, so that every answer above is the same for a known and
      // an unknown ID number) the beneficiary: a person the hub knows and the program may pay.
      // The program's grants are counted in the database: this chunk's buffered ones go out first.
      await ctx.store.flush();
      committed = await checkGrantBudget(ctx, program!, stored, core);
      const persons = await personsForWriteChecks(ctx, [beneficiaryKey]);
      refuseWith(refuseGrantBeneficiary(program!, persons.get(beneficiaryKey) ?? null));
    } else {
      refuseWith(refuseRecordWrite(ctx.caller, stored, line));
      refuseWith(refuseWithoutPurpose(ctx.caller, 'record', line));
    }
    const next: Snapshot = { ...core, details };
    const previous = stored && recordSnapshot(stored, line.department, relation);
    const outcome = await saveIfChanged(ctx, { type: 'record', key: `${line.department}:${line.sourceRecordId}` }, previous, next, async () => {
      // A charity never creates a person (its beneficiary was found above).
      if (!org) ensurePerson(ctx, beneficiaryKey, line.beneficiaryIdNumber);
      // Dates stay YYYY-MM-DD: the chunk's statement hands them to PostgreSQL as text.
      const row = { ...key, ...core, sender: ctx.sender.name };
      const hadDetails = previous !== null && Object.keys(previous.details as Snapshot).length > 0;
      ctx.store.putRecord(`${line.department}:${line.sourceRecordId}`, line.department, row, detailColumns(details), hadDetails);
    });
    if (outcome === 'stored') {
      // What the programs' grants commit, as counted in this batch: the new total, or counted again when next needed.
      if (stored?.charityProgramCode) ctx.programCommitments.delete(stored.charityProgramCode);
      if (core.charityProgramCode) {
        if (committed !== null) ctx.programCommitments.set(core.charityProgramCode, committed);
        else ctx.programCommitments.delete(core.charityProgramCode);
      }
    }
    return outcome;
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

/**
 * The household a (department's) record names lies in the caller's regions
 * (an unknown one reads the same); only then, for a household-level program,
 * may the answer say who heads it.
 */
async function checkNamedHousehold(ctx: IngestContext, line: RecordLine, beneficiaryKey: string) {
  const sourceId = line.householdSourceId!;
  const household = await ctx.store.household(sourceId);
  refuseWith(refuseNamedHousehold(ctx.caller, sourceId, household));
  const head = household!.members.find((m) => m.relation === 'HEAD');
  if (PROGRAMS[line.program].householdLevel && head?.personKey !== beneficiaryKey) {
    throw new FieldError('beneficiaryIdNumber', `must be the head of household ${sourceId} for a household-level program`);
  }
}

/** The charity program a grant names; another organisation's program reads exactly like an unknown one. */
async function charityProgramOf(ctx: IngestContext, code: string, org: string | null): Promise<ProgramTerms> {
  const program = await ctx.store.charityProgram(code);
  if (!program || (org && program.organization !== org)) {
    throw new FieldError('charityProgramCode', `unknown charity program ${code}: register it first`);
  }
  return programTerms(program);
}

/** Charities share the CHARITY key space: one may not overwrite another's grant. */
function checkGrantOwner(org: string, stored: StoredRecord | null) {
  if (stored?.charityProgram && stored.charityProgram.organization !== org) {
    throw new FieldError('sourceRecordId', 'is already used by another organisation\'s grant: choose another id');
  }
}

/**
 * The program's grants, this one as the line has it instead of its stored
 * version, stay within the program's budget (grantCommitment). Returns the
 * program's new total commitment.
 */
async function checkGrantBudget(ctx: IngestContext, program: ProgramTerms, stored: StoredRecord | null, grant: GrantTerms): Promise<bigint> {
  const total = await committedTo(ctx, program);
  const before = stored && stored.charityProgramCode === program.code ? grantCommitment(storedGrantTerms(stored), program) : 0n;
  const others = total - before;
  refuseWith(refuseGrantBudget(program, others, grant));
  return others + grantCommitment(grant, program);
}

type StoredRecord = Awaited<ReturnType<IngestContext['tx']['assistanceRecord']['findUniqueOrThrow']>> & {
  household: { regionCode: string } | null;
  charityProgram: { organization: string } | null;
} & Record<string, unknown>;

/** A stored grant as the budget counts it. */
function storedGrantTerms(stored: StoredRecord): GrantTerms {
  return {
    amount: formatMoney(stored.amount),
    frequency: stored.frequency,
    startDate: formatDate(stored.startDate),
    endDate: stored.endDate && formatDate(stored.endDate),
    status: stored.status,
  };
}

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

/** The detail row as its table has it (the snapshot: dates as YYYY-MM-DD, decimals as text), or null for none. */
function detailColumns(details: Snapshot): Snapshot | null {
  return Object.keys(details).length === 0 ? null : details;
}
