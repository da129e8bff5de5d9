// Collects the assistance records while the department generators run, and
// numbers them only at the end: records dropped or added later (deaths,
// planted problems) leave no holes, and within a department the numbers follow
// the start dates, as a real register's running numbers do.
import { descriptorOf } from '../departments';
import { DEPARTMENT_VALUES, PROGRAMS } from '../departments/programs';
import { formatFen } from './money';
import type { Department, Frequency, NeedCategory, RecordObject, RecordProgram, RecordStatus } from './types';

/** Year of the extract the ids come from, not of each record's start. */
const EXTRACT_YEAR = 2026;

export interface Grant {
  program: RecordProgram;
  beneficiary: string;
  /** Required for household-level programs (the beneficiary is then the head). */
  household?: string;
  regionCode: string;
  amountFen: number;
  frequency: Frequency;
  startDate: string;
  /** Defaults: the payment date for ONE_OFF, open-ended otherwise. */
  endDate?: string | null;
  /** Defaults: ENDED for a ONE_OFF (paid and closed), ACTIVE otherwise. */
  status?: RecordStatus;
  needCategory: NeedCategory;
  eventRef?: string;
  expenseBasisFen?: number;
  charityProgramCode?: string;
  details?: Record<string, string | number>;
}

export class RecordBook {
  private readonly records: RecordObject[] = [];

  /** The department is the program's owner (src/lib/programs.ts), so it can never mismatch. */
  add(grant: Grant): RecordObject {
    const oneOff = grant.frequency === 'ONE_OFF';
    const record: RecordObject = {
      type: 'record',
      department: PROGRAMS[grant.program].department,
      sourceRecordId: '',
      program: grant.program,
      beneficiaryIdNumber: grant.beneficiary,
      householdSourceId: grant.household ?? null,
      regionCode: grant.regionCode,
      amount: formatFen(grant.amountFen),
      frequency: grant.frequency,
      startDate: grant.startDate,
      endDate: grant.endDate !== undefined ? grant.endDate : oneOff ? grant.startDate : null,
      status: grant.status ?? (oneOff ? 'ENDED' : 'ACTIVE'),
      needCategory: grant.needCategory,
      eventRef: grant.eventRef ?? null,
      expenseBasis: grant.expenseBasisFen === undefined ? null : formatFen(grant.expenseBasisFen),
      charityProgramCode: grant.charityProgramCode ?? null,
      details: grant.details ?? {},
    };
    this.records.push(record);
    return record;
  }

  remove(record: RecordObject): void {
    const index = this.records.indexOf(record);
    if (index >= 0) this.records.splice(index, 1);
  }

  all(): readonly RecordObject[] {
    return this.records;
  }

  /** Orders by department, then start date (stable), and assigns the sourceRecordIds. */
  finish(): RecordObject[] {
    const rank = (d: Department): number => DEPARTMENT_VALUES.indexOf(d);
    const ordered = this.records
      .map((record, index) => ({ record, index }))
      .sort((a, b) =>
        rank(a.record.department) - rank(b.record.department) ||
        a.record.startDate.localeCompare(b.record.startDate) ||
        a.index - b.index,
      )
      .map(({ record }) => record);
    const next = new Map<Department, number>();
    for (const record of ordered) {
      const sequence = (next.get(record.department) ?? 0) + 1;
      next.set(record.department, sequence);
      record.sourceRecordId = `${descriptorOf(record.department).idPrefix}-${EXTRACT_YEAR}-${String(sequence).padStart(6, '0')}`;
    }
    return ordered;
  }
}

/** The hub's name for a record in findings: DEPARTMENT:sourceRecordId. */
export const recordKey = (record: RecordObject): string => `${record.department}:${record.sourceRecordId}`;
