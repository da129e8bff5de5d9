// What the duplicate-rule tests share: a real database loaded through the
// real ingestion, exchange objects built with valid ID numbers, and running a
// rule's own SQL as of a date. Each test file builds its cases with distinct
// people, households and records, loads them once, and reads the rule's rows.
import { ingest } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { PROGRAMS } from '../../src/departments/programs';
import type { Program } from '../../src/db/client/prisma/enums';
import type { Rule, RuleRow } from '../../src/detection/types';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { ADMIN, REGIONS, household, idNumber, items } from '../ingest/builders';

export { idNumber };
export const COUNTY = '510104';
export const OTHER_COUNTY = '510105';

/** A fresh database holding the regions and then `objects`, every one accepted (else it throws, naming the rejections). */
export async function loadedDatabase(objects: unknown[]): Promise<TestDatabase> {
  const test = await createTestDatabase();
  const summary = await ingest(test.db.prisma, items([...REGIONS, ...objects]), { sender: ADMIN, personKeyPepper: test.config.idPepper });
  if (summary.rejected > 0) {
    await test.drop();
    throw new Error(`test data rejected: ${JSON.stringify(summary.rejections)}`);
  }
  return test;
}

export const keyOf = (test: TestDatabase, id: string): string => personKey(id.toUpperCase(), test.config.idPepper);

/** The rule's SQL as the runner runs it: one statement, $1 = D. */
export const runRule = (test: TestDatabase, rule: Rule, asOf: string): Promise<RuleRow[]> =>
  test.db.prisma.$queryRawUnsafe<RuleRow[]>(rule.sql, asOf);

export interface RecordObject {
  type: 'record';
  department: string;
  sourceRecordId: string;
  [field: string]: unknown;
}

const PREFIX: Record<string, string> = {
  CIVIL_AFFAIRS: 'CA',
  EDUCATION: 'EDU',
  HOUSING: 'HOU',
  HEALTHCARE_SECURITY: 'HS',
  HUMAN_RESOURCES: 'HR',
  DISABLED_PERSONS_FEDERATION: 'DPF',
  CHARITY: 'CH',
};
let sequence = 0;

/** A counting MONTHLY record of `program` (sent by its own department) for the beneficiary, from 2026-01-01, open-ended. */
export function record(program: Program, beneficiary: string, fields: Record<string, unknown> = {}): RecordObject {
  const department = PROGRAMS[program].department;
  return {
    type: 'record',
    department,
    sourceRecordId: `${PREFIX[department]}-T-${String(++sequence).padStart(4, '0')}`,
    program,
    beneficiaryIdNumber: beneficiary,
    householdSourceId: null,
    regionCode: COUNTY,
    amount: '500.00',
    frequency: 'MONTHLY',
    startDate: '2026-01-01',
    endDate: null,
    status: 'ACTIVE',
    needCategory: 'LIVING',
    eventRef: null,
    expenseBasis: null,
    charityProgramCode: null,
    details: {},
    ...fields,
  };
}

/** DEPARTMENT:sourceRecordId, as findings list records. */
export const keyOfRecord = (r: RecordObject): string => `${r.department}:${r.sourceRecordId}`;

/** The records of a finding, sorted as findings list them. */
export const sortedKeys = (...records: RecordObject[]): string[] => records.map(keyOfRecord).sort();

/** The row whose records are exactly these, or undefined. */
export function rowFor(rows: RuleRow[], ...records: RecordObject[]): RuleRow | undefined {
  const wanted = JSON.stringify(sortedKeys(...records));
  return rows.find((row) => JSON.stringify(row.records) === wanted);
}

/** Rows naming this record at all (a near-miss expects none). */
export const rowsNaming = (rows: RuleRow[], r: RecordObject): RuleRow[] => rows.filter((row) => row.records.includes(keyOfRecord(r)));

export interface Family {
  sourceId: string;
  head: string;
  spouse: string;
  parent: string;
  child: string;
  /** The `household` exchange object listing all four. */
  household: Record<string, unknown>;
}

/** A household of four in `regionCode` (head, spouse, an old parent, a child). */
export function family(fields: Record<string, unknown> = {}): Family {
  const head = idNumber({ birth: '19750310', sex: 'MALE' });
  const spouse = idNumber({ birth: '19770521', sex: 'FEMALE' });
  const parent = idNumber({ birth: '19450802' });
  const child = idNumber({ birth: '20150115' });
  const object = household(
    [
      { idNumber: head, relation: 'HEAD' },
      { idNumber: spouse, relation: 'SPOUSE' },
      { idNumber: parent, relation: 'PARENT' },
      { idNumber: child, relation: 'CHILD' },
    ],
    fields,
  );
  return { sourceId: object.sourceId as string, head, spouse, parent, child, household: object };
}

/** The family's DIBAO (household-level: sent for the head, naming the household). */
export const dibaoFor = (f: Family, fields: Record<string, unknown> = {}): RecordObject =>
  record('DIBAO', f.head, { householdSourceId: f.sourceId, regionCode: f.household.regionCode, amount: '1200.00', ...fields });
