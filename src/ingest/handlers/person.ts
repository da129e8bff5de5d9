// `person` lines. An omitted field keeps its stored value; an explicit null
// clears it (EXCHANGE.md). Only the person key, masked number, birth date and
// sex are kept from the ID number.
import { z } from 'zod';
import type { Person } from '../../db/client/prisma/client';
import { formatDate, toDbDate } from '../../lib/dates';
import { FieldError } from '../../lib/errors';
import { maskIdNumber } from '../../lib/ids';
import { refusePersonWrite, refuseWithoutPurpose, unrestricted, type PersonAccessRow } from '../../access/writes';
import { idNumber, isoDate, oneOf, regionCode } from '../fields';
import { personKeyOf, checkCounty, refuseWith, saveIfChanged, type Handler, type IngestContext, type Snapshot } from '../handler';

const schema = z.strictObject({
  type: z.literal('person'),
  idNumber,
  name: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(100).nullable().optional(),
  hukouRegionCode: regionCode.nullable().optional(),
  residenceRegionCode: regionCode.nullable().optional(),
  disabilityGrade: z
    .number({ error: 'must be a number from 1 (most severe) to 4' })
    .int({ error: 'must be a whole number from 1 to 4' })
    .min(1, { error: 'must be from 1 (most severe) to 4' })
    .max(4, { error: 'must be from 1 (most severe) to 4' })
    .nullable()
    .optional(),
  disabilityType: oneOf(['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'] as const)
    .nullable()
    .optional(),
  employmentStatus: oneOf(['EMPLOYED', 'UNEMPLOYED', 'NOT_IN_LABOUR_FORCE'] as const).nullable().optional(),
  schoolStage: oneOf(['PRESCHOOL', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL', 'HIGHER'] as const)
    .nullable()
    .optional(),
  orphan: z.boolean({ error: 'must be true or false' }).nullable().optional(),
  deathDate: isoDate.nullable().optional(),
});

type PersonLine = z.infer<typeof schema>;
const OPTIONAL_FIELDS = [
  'name',
  'hukouRegionCode',
  'residenceRegionCode',
  'disabilityGrade',
  'disabilityType',
  'employmentStatus',
  'schoolStage',
  'orphan',
  'deathDate',
] as const;

/** The stored state of a person as history records it (no plain ID number). */
export function personSnapshot(person: Person): Snapshot {
  return {
    name: person.name,
    hukouRegionCode: person.hukouRegionCode,
    residenceRegionCode: person.residenceRegionCode,
    disabilityGrade: person.disabilityGrade,
    disabilityType: person.disabilityType,
    employmentStatus: person.employmentStatus,
    schoolStage: person.schoolStage,
    orphan: person.orphan,
    deathDate: person.deathDate && formatDate(person.deathDate),
  };
}

export const personHandler: Handler<PersonLine> = {
  type: 'person',
  schema,
  // Charities see masked names of their own grantees only (ACCESS.md): they do not write persons.
  refuse: (sender) => (sender.department === 'CHARITY' ? 'persons are not written by charities' : null),
  keys: (ctx, line, keys) => keys.persons.add(personKeyOf(ctx, line.idNumber)),
  async apply(ctx, line) {
    checkRegions(ctx, line);
    const key = personKeyOf(ctx, line.idNumber);
    if (line.deathDate && line.deathDate < line.idNumber.birthDate) {
      throw new FieldError('deathDate', 'is before the birth date in the ID number');
    }
    // The stored person with what the person rule reads (their households' regions), loaded for the chunk.
    const stored = await ctx.store.person(key);
    const previous = stored && personSnapshot(stored);
    const next: Snapshot = { ...(previous ?? emptySnapshot()) };
    for (const field of OPTIONAL_FIELDS) if (line[field] !== undefined) next[field] = line[field];
    // Scope before comparison: "unchanged" is never said about a person the caller may not write.
    refuseWith(refusePersonWrite(ctx.caller, stored, line));
    refuseWith(refuseWithoutPurpose(ctx.caller, 'person', line));
    // Dates stay YYYY-MM-DD: the chunk's statement hands them to PostgreSQL as text.
    const outcome = await saveIfChanged(ctx, { type: 'person', key }, previous, next, async () =>
      ctx.store.putPerson(key, { ...identityFields(key, line.idNumber), ...next }),
    );
    ctx.knownPersons.add(key);
    return outcome;
  },
};

function emptySnapshot(): Snapshot {
  return Object.fromEntries(OPTIONAL_FIELDS.map((field) => [field, null]));
}

function checkRegions(ctx: IngestContext, line: PersonLine) {
  for (const field of ['hukouRegionCode', 'residenceRegionCode'] as const) {
    const code = line[field];
    if (code) checkCounty(ctx, field, code);
  }
}

/** What the hub keeps from an ID number: its key, its masked form, birth date and sex. */
export function identityFields(key: string, id: { normalized: string; birthDate: string; sex: 'MALE' | 'FEMALE' }) {
  return { personKey: key, maskedIdNumber: maskIdNumber(id.normalized), birthDate: toDbDate(id.birthDate), sex: id.sex };
}

/** Creates a person known only by their ID number (birth date, sex), as EXCHANGE.md asks for new household members. */
export function ensurePerson(ctx: IngestContext, key: string, id: { normalized: string; birthDate: string; sex: 'MALE' | 'FEMALE' }): void {
  if (ctx.knownPersons.has(key)) return;
  // INSERT … ON CONFLICT DO NOTHING, with the chunk's other new persons.
  ctx.store.insertPerson(key, identityFields(key, id));
  ctx.knownPersons.add(key);
}

/**
 * The stored persons among `keys`, with what the person rule reads (one
 * statement for the chunk), for the write checks. An unrestricted caller's checks read
 * nothing, so nothing is loaded for an administrator import.
 */
export async function personsForWriteChecks(ctx: IngestContext, keys: string[]): Promise<Map<string, PersonAccessRow>> {
  if (keys.length === 0 || unrestricted(ctx.caller)) return new Map();
  return ctx.store.personsOf(keys);
}
