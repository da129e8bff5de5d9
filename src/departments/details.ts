// The `details` object of a record: what each department knows beyond the
// shared core, validated with its stored fields' checks (index.ts) and kept in
// that department's detail table (prisma/schema/<department>.prisma).
import { z } from 'zod';
import { Department } from '../db/client/prisma/enums';
import { formatDate } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { descriptorOf, detailRelation, type DetailRelation, type StoredField } from './index';

/** Details as ingestion compares and history keeps them. */
type Snapshot = Record<string, unknown>;

interface DetailSpec {
  relation: DetailRelation;
  schema: z.ZodObject;
  dateFields: string[];
  /** NUMERIC(…, 2) columns: kept as 2-decimal strings in snapshots. */
  decimalFields: string[];
}

function detailSpec(department: Department): DetailSpec {
  const stored = Object.entries(descriptorOf(department).fields).filter(
    (entry): entry is [string, StoredField] => entry[1].kind === 'stored',
  );
  const keysOf = (...types: string[]) => stored.filter(([, f]) => typeof f.type === 'string' && types.includes(f.type)).map(([key]) => key);
  return {
    relation: detailRelation(department),
    schema: z.strictObject(Object.fromEntries(stored.map(([key, f]) => [key, f.validate.nullable().optional()]))),
    dateFields: keysOf('Date'),
    decimalFields: keysOf('Money', 'Decimal'),
  };
}

export const DETAILS = Object.fromEntries(Object.values(Department).map((d) => [d, detailSpec(d)])) as Record<Department, DetailSpec>;

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

