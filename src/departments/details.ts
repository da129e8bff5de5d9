// The `details` object of a record: what each department knows beyond the
// shared core, validated per department and stored in that department's detail
// table (prisma/schema/<department>.prisma).
import { z } from 'zod';
import type { Department } from '../db/client/prisma/enums';
import { formatDate, toDbDate } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { isoDate, money, oneOf } from '../ingest/fields';
import type { Snapshot } from '../ingest/handler';

const text = (max = 200) => z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(max);
const smallInt = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be from ${min} to ${max}` })
    .max(max, { error: `must be from ${min} to ${max}` });
const area = z
  .string({ error: 'must be a decimal string such as "45.50"' })
  .regex(/^\d{1,6}(\.\d{1,2})?$/, { error: 'must be a decimal string with at most 2 decimals, e.g. "45.50"' });

/** Prisma relation name of each department's detail row on AssistanceRecord. */
export type DetailRelation = 'civilAffairs' | 'education' | 'housing' | 'healthcare' | 'humanResources' | 'disability' | 'charity';

interface DetailSpec {
  relation: DetailRelation;
  schema: z.ZodObject;
  dateFields: string[];
  /** NUMERIC(…, 2) columns: kept as 2-decimal strings in snapshots. */
  decimalFields: string[];
}

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const DETAILS: Record<Department, DetailSpec> = {
  CIVIL_AFFAIRS: {
    relation: 'civilAffairs',
    schema: z.strictObject({
      dibaoGrade: optional(smallInt(1, 9)),
      assessedIncomePerCapita: optional(money),
      supportMode: optional(oneOf(['CENTRALISED', 'DISPERSED'] as const)),
      reason: optional(text()),
    }),
    dateFields: [],
    decimalFields: ['assessedIncomePerCapita'],
  },
  EDUCATION: {
    relation: 'education',
    schema: z.strictObject({
      schoolTerm: optional(
        z.string({ error: 'must be a string' }).regex(/^\d{4}(-\d{4})?-(SPRING|AUTUMN|1|2)$/, {
          error: 'must be a term such as "2026-SPRING", "2026-AUTUMN" or "2026-2027-1"',
        }),
      ),
      schoolName: optional(text()),
      schoolStage: optional(
        oneOf(['PRESCHOOL', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL', 'HIGHER'] as const),
      ),
    }),
    dateFields: [],
    decimalFields: [],
  },
  HOUSING: {
    relation: 'housing',
    schema: z.strictObject({ propertyRef: optional(text(64)), floorAreaSqm: optional(area) }),
    dateFields: [],
    decimalFields: ['floorAreaSqm'],
  },
  HEALTHCARE_SECURITY: {
    relation: 'healthcare',
    schema: z.strictObject({
      hospitalName: optional(text()),
      billTotal: optional(money),
      insurancePaid: optional(money),
      admissionDate: optional(isoDate),
      dischargeDate: optional(isoDate),
    }),
    dateFields: ['admissionDate', 'dischargeDate'],
    decimalFields: ['billTotal', 'insurancePaid'],
  },
  HUMAN_RESOURCES: {
    relation: 'humanResources',
    schema: z.strictObject({
      employer: optional(text()),
      position: optional(text()),
      trainingCourse: optional(text()),
      hoursPerMonth: optional(smallInt(1, 744)),
    }),
    dateFields: [],
    decimalFields: [],
  },
  DISABLED_PERSONS_FEDERATION: {
    relation: 'disability',
    schema: z.strictObject({
      disabilityGrade: optional(smallInt(1, 4)),
      disabilityType: optional(
        oneOf(['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'] as const),
      ),
      deviceName: optional(text()),
    }),
    dateFields: [],
    decimalFields: [],
  },
  CHARITY: {
    relation: 'charity',
    schema: z.strictObject({ purpose: optional(text(500)) }),
    dateFields: [],
    decimalFields: [],
  },
};

/** Details as history keeps them: no nulls, decimals as 2-decimal strings, dates as YYYY-MM-DD. */
export function detailSnapshot(department: Department, details: Record<string, unknown> | null | undefined): Snapshot {
  const spec = DETAILS[department];
  const snapshot: Snapshot = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (key === 'recordId' || value === null || value === undefined) continue;
    if (spec.dateFields.includes(key)) snapshot[key] = formatDate(value as Date | string);
    else if (spec.decimalFields.includes(key)) snapshot[key] = formatMoney(value as string);
    else snapshot[key] = value;
  }
  return snapshot;
}

/** The detail table row for a department's details. */
export function detailRow(department: Department, details: Snapshot): Record<string, unknown> {
  const row: Record<string, unknown> = { ...details };
  for (const field of DETAILS[department].dateFields) {
    if (typeof row[field] === 'string') row[field] = toDbDate(row[field] as string);
  }
  return row;
}
