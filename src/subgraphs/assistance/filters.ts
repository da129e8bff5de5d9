// Filtering assistance records: by department, program, status and date.
import type { Prisma } from '../../db/client/prisma/client';
import type { Department, Program, RecordStatus } from '../../db/client/prisma/enums';
import { toDbDate } from '../../lib/dates';
import { builder } from './builder';
import { DepartmentEnum, ProgramEnum, RecordStatusEnum } from './enums';

export interface RecordFilter {
  departments?: Department[] | null;
  programs?: Program[] | null;
  statuses?: RecordStatus[] | null;
  activeOn?: string | null;
  from?: string | null;
  to?: string | null;
}

export const RecordFilterInput = builder.inputType('AssistanceRecordFilter', {
  description: 'Every condition given must hold. Periods are inclusive; an open end runs forever.',
  fields: (t) => ({
    departments: t.field({ type: [DepartmentEnum], required: false }),
    programs: t.field({ type: [ProgramEnum], required: false }),
    statuses: t.field({ type: [RecordStatusEnum], required: false }),
    activeOn: t.field({ type: 'Date', required: false, description: 'Only records whose period contains this day.' }),
    from: t.field({ type: 'Date', required: false, description: 'Only records whose period reaches this day or later.' }),
    to: t.field({ type: 'Date', required: false, description: 'Only records whose period starts on or before this day.' }),
  }),
});

export function recordWhere(filter: RecordFilter | null | undefined): Prisma.AssistanceRecordWhereInput {
  if (!filter) return {};
  const and: Prisma.AssistanceRecordWhereInput[] = [];
  if (filter.departments?.length) and.push({ department: { in: filter.departments } });
  if (filter.programs?.length) and.push({ program: { in: filter.programs } });
  if (filter.statuses?.length) and.push({ status: { in: filter.statuses } });
  const reaches = (day: string) => ({ OR: [{ endDate: null }, { endDate: { gte: toDbDate(day) } }] });
  if (filter.activeOn) and.push({ startDate: { lte: toDbDate(filter.activeOn) } }, reaches(filter.activeOn));
  if (filter.from) and.push(reaches(filter.from));
  if (filter.to) and.push({ startDate: { lte: toDbDate(filter.to) } });
  return and.length ? { AND: and } : {};
}

/** A stable key for a filter, so loaders batch per distinct filter. */
export function filterKey(filter: RecordFilter | null | undefined): string {
  return JSON.stringify(filter ?? {}, Object.keys(filter ?? {}).sort());
}

/** Newest first; ties broken by the natural key so pages are stable. */
export const RECORD_ORDER: Prisma.AssistanceRecordOrderByWithRelationInput[] = [
  { startDate: 'desc' },
  { department: 'asc' },
  { sourceRecordId: 'asc' },
];
