// A referral's transitions: which state each action needs, where a new
// referral goes, and which record may close one.
import { toPrisma } from '../../access/condition';
import { closingRecordFilter } from '../../access/filters';
import type { Finding, Prisma, Referral } from '../../db/client/prisma/client';
import type { Department, Program, ReferralStatus } from '../../db/client/prisma/enums';
import { DEPARTMENTS } from '../../access/callers';
import { userInputError } from '../../lib/errors';
import type { HubContext } from '../../graphql/context';
import { HOUSEHOLD_LEVEL_PROGRAMS, PROGRAMS } from '../../departments/programs';

export type ReferralAction = 'OPENED' | 'FORWARDED' | 'ACCEPTED' | 'REJECTED' | 'CLOSED';

/** The state each action needs and the state it leaves. Forwarding keeps a referral OPEN, with another department. */
export const REFERRAL_TRANSITIONS: Record<Exclude<ReferralAction, 'OPENED'>, { from: ReferralStatus; to: ReferralStatus }> = {
  FORWARDED: { from: 'OPEN', to: 'OPEN' },
  ACCEPTED: { from: 'OPEN', to: 'ACCEPTED' },
  REJECTED: { from: 'OPEN', to: 'REJECTED' },
  CLOSED: { from: 'ACCEPTED', to: 'CLOSED' },
};

/**
 * Department and program of a new referral. The program decides the
 * department; from a gap finding without either, its first suggested program.
 */
export function destination(
  input: { toDepartment?: Department | null; program?: Program | null },
  finding: Pick<Finding, 'suggestedPrograms'> | null,
): { toDepartment: Department; program: Program | null } {
  if (input.program) {
    const owner = PROGRAMS[input.program].department;
    if (input.toDepartment && input.toDepartment !== owner) throw userInputError('program', `${input.program} is run by ${owner}, not ${input.toDepartment}`);
    return { toDepartment: owner, program: input.program };
  }
  if (input.toDepartment) {
    const suggested = finding?.suggestedPrograms.find((p) => PROGRAMS[p].department === input.toDepartment) ?? null;
    return { toDepartment: input.toDepartment, program: suggested };
  }
  const first = finding?.suggestedPrograms[0];
  if (!first) throw userInputError('toDepartment', finding ? 'the finding suggests no program: name the department' : 'name the department or the program');
  return { toDepartment: PROGRAMS[first].department, program: first };
}

/** A program stays with a forwarded referral only when the new department runs it. */
export function programAfterForward(program: Program | null, toDepartment: Department): Program | null {
  return program && PROGRAMS[program].department === toDepartment ? program : null;
}


/**
 * The record that closes a referral must exist, count (not CANCELLED), belong
 * to the referral's department and cover its person (RULES.md: their own
 * record, or a household-level record of a household listing them), its
 * household (a record of the household, or a member's own), or for a region
 * referral lie in its region. Every refusal names `closingRecord`; a record
 * the caller may not name is refused exactly like one that does not exist.
 */
export async function checkClosingRecord(ctx: HubContext, referral: Referral, closingRecord: string): Promise<string> {
  const key = parseRecordKey(closingRecord.trim());
  if (!key) throw userInputError('closingRecord', 'must be "DEPARTMENT:sourceRecordId", e.g. EDUCATION:EDU-2026-000123');
  const id = `${key.department}:${key.sourceRecordId}`;
  // A record the caller may not name (closingRecordFilter) is "no record", like one that does not exist: one statement either way.
  const record = await ctx.prisma.assistanceRecord.findFirst({
    where: { AND: [key, toPrisma(closingRecordFilter(ctx.caller), 'AssistanceRecord') as Prisma.AssistanceRecordWhereInput] },
  });
  if (!record) throw userInputError('closingRecord', `no record ${id}`);
  if (record.department !== referral.toDepartment) {
    throw userInputError('closingRecord', `${id} is a record of ${record.department}; this referral is with ${referral.toDepartment}`);
  }
  if (record.status === 'CANCELLED') throw userInputError('closingRecord', `${id} is CANCELLED; a cancelled record closes nothing`);
  if (!(await covers(ctx, record, referral))) throw userInputError('closingRecord', `${id} does not cover the referred ${subjectOf(referral)}`);
  return id;
}

type RecordRow = NonNullable<Awaited<ReturnType<HubContext['prisma']['assistanceRecord']['findUnique']>>>;

async function covers(ctx: HubContext, record: RecordRow, referral: Referral): Promise<boolean> {
  const householdLevel = HOUSEHOLD_LEVEL_PROGRAMS.includes(record.program);
  if (referral.personKey) {
    if (!householdLevel) return record.beneficiaryKey === referral.personKey;
    return record.householdSourceId !== null && (await isMember(ctx, referral.personKey, record.householdSourceId));
  }
  if (referral.householdSourceId) {
    if (record.householdSourceId === referral.householdSourceId) return true;
    return !householdLevel && (await isMember(ctx, record.beneficiaryKey, referral.householdSourceId));
  }
  return record.regionCode.startsWith(referral.regionCode.trim());
}

export async function isMember(ctx: HubContext, personKey: string, householdSourceId: string): Promise<boolean> {
  return (await ctx.prisma.householdMember.count({ where: { personKey, householdSourceId } })) > 0;
}

const subjectOf = (referral: Referral) => (referral.personKey ? 'person' : referral.householdSourceId ? 'household' : 'region');

function parseRecordKey(id: string): { department: Department; sourceRecordId: string } | null {
  const colon = id.indexOf(':');
  const department = id.slice(0, colon);
  const sourceRecordId = id.slice(colon + 1);
  if (colon < 1 || sourceRecordId === '' || !(DEPARTMENTS as readonly string[]).includes(department)) return null;
  return { department: department as Department, sourceRecordId };
}
