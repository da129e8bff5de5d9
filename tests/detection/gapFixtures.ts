// Building the small data sets of the gap-rule tests (G1-G8) as exchange
// objects (EXCHANGE.md), storing them through the real ingestion, and running
// a rule's SQL on the real database, as the runner will.
import type { Program } from '../../src/db/client/prisma/enums';
import { ingest } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { PROGRAMS } from '../../src/departments/programs';
import type { Rule, RuleRow } from '../../src/detection/types';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { ADMIN, REGIONS, idNumber, items } from '../ingest/builders';

/** The as-of date most tests use; 2026 is not a leap year, so D - 365 is the same day of 2025. */
export const D = '2026-06-30';
/** Counties registered by REGIONS (Chengdu 510100 → 锦江区, 青羊区). */
export const JINJIANG = '510104';
export const QINGYANG = '510105';

const NEED: Record<string, string> = {
  CIVIL_AFFAIRS: 'LIVING',
  EDUCATION: 'EDUCATION',
  HOUSING: 'HOUSING',
  HEALTHCARE_SECURITY: 'MEDICAL',
  HUMAN_RESOURCES: 'EMPLOYMENT',
  DISABLED_PERSONS_FEDERATION: 'DISABILITY_CARE',
  CHARITY: 'EMERGENCY',
};
/** Ingestion order: what a line refers to must be stored before it. */
const ORDER = ['region', 'standard', 'person', 'household', 'charityProgram', 'record', 'expense'];
export const CHARITY_PROGRAM = 'TEST-FUND-2026';

type ExchangeObject = Record<string, unknown> & { type: string };

/** The objects of one test file, gathered by the builders below and stored once. */
export class Fixture {
  readonly objects: ExchangeObject[] = [...REGIONS];
  private records = 0;
  private households = 0;
  private expenses = 0;

  /** A person born on `birth` (YYYY-MM-DD) with the given person fields; returns their ID number. */
  person(birth: string, fields: Record<string, unknown> = {}): string {
    const id = idNumber({ birth: birth.replace(/-/g, '') });
    this.objects.push({ type: 'person', idNumber: id, ...fields });
    return id;
  }

  /** A household in Jinjiang listing `members`, the first as HEAD; returns its source id. */
  household(members: string[], fields: Record<string, unknown> = {}, sourceId?: string): string {
    const id = sourceId ?? `HH-G-${String(++this.households).padStart(4, '0')}`;
    this.objects.push({
      type: 'household',
      sourceId: id,
      regionCode: JINJIANG,
      township: '测试街道',
      area: 'URBAN',
      monthlyIncomePerCapita: '650.00',
      members: members.map((m, i) => ({ idNumber: m, relation: i === 0 ? 'HEAD' : 'CHILD' })),
      ...fields,
    });
    return id;
  }

  /** A record of the program's own department; returns its key DEPARTMENT:sourceRecordId. */
  record(program: Program, beneficiary: string, fields: Record<string, unknown> = {}): string {
    const department = PROGRAMS[program].department;
    const sourceRecordId = `REC-${String(++this.records).padStart(4, '0')}`;
    this.objects.push({
      type: 'record', department, sourceRecordId, program, beneficiaryIdNumber: beneficiary, householdSourceId: null,
      regionCode: JINJIANG, amount: '500.00', frequency: 'MONTHLY', startDate: '2026-01-01', endDate: null,
      status: 'ACTIVE', needCategory: NEED[department], eventRef: null, expenseBasis: null,
      charityProgramCode: program === 'CHARITY_GRANT' ? CHARITY_PROGRAM : null, details: {}, ...fields,
    });
    return `${department}:${sourceRecordId}`;
  }

  /** The household's own 低保, paid to its head (`members[0]` of the household line). */
  dibao(household: string, fields: Record<string, unknown> = {}): string {
    const line = this.objects.find((o) => o.type === 'household' && o.sourceId === household)!;
    const head = (line.members as { idNumber: string }[])[0]!.idNumber;
    return this.record('DIBAO', head, { householdSourceId: household, ...fields });
  }

  /** A living adult and `subject` in a new household on 低保 from 2026-01-01; returns the household. */
  onDibao(subject: string, dibaoFields: Record<string, unknown> = {}): { household: string; dibao: string } {
    const household = this.household([this.person('1985-04-12'), subject]);
    return { household, dibao: this.dibao(household, dibaoFields) };
  }

  expense(person: string, amount: string, date: string, category = 'MEDICAL'): void {
    const sourceId = `EXP-${String(++this.expenses).padStart(4, '0')}`;
    this.objects.push({ type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId, idNumber: person, category, amount, date });
  }

  add(...objects: ExchangeObject[]): void {
    this.objects.push(...objects);
  }

  /** Stored in dependency order; a line the hub refuses is a mistake in the test's data. */
  ordered(): ExchangeObject[] {
    return [...this.objects].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
  }
}

/** A charity program for CHARITY_GRANT records (records of charities need a registered program). */
export const charityProgram = (): ExchangeObject => ({
  type: 'charityProgram', code: CHARITY_PROGRAM, name: '测试基金', organization: 'TEST-ORG', needCategory: 'EDUCATION',
  regionCodes: ['51'], budget: '100000.00', startDate: '2025-01-01', endDate: null,
});

export interface RuleDatabase {
  /** The rule's rows as of a date, straight from its SQL. */
  run(rule: Rule, asOf?: string): Promise<RuleRow[]>;
  keyOf(idNumber: string): string;
  drop(): Promise<void>;
}

/** A throw-away database holding the fixture, stored through the real ingestion. */
export async function openRuleDatabase(fixture: Fixture): Promise<RuleDatabase> {
  const test: TestDatabase = await createTestDatabase();
  const summary = await ingest(test.db.prisma, items(fixture.ordered()), { sender: ADMIN, personKeyPepper: test.config.idPepper });
  if (summary.rejected > 0) {
    await test.drop();
    throw new Error(`fixture refused: ${JSON.stringify(summary.rejections)}`);
  }
  return {
    run: (rule, asOf = D) => test.db.prisma.$queryRawUnsafe<RuleRow[]>(rule.sql, asOf),
    keyOf: (id) => personKey(id.toUpperCase(), test.config.idPepper),
    drop: () => test.drop(),
  };
}

/** The person keys a run named. */
export const personsNamed = (rows: RuleRow[]): string[] => rows.map((r) => r.person_key!);
/** The household source ids a run named. */
export const householdsNamed = (rows: RuleRow[]): string[] => rows.map((r) => r.household_source_id!);
