// The planted set under construction: persons, households (and their later
// re-sends), records and expenses, numbered as they are added, plus what the
// rules are expected to find. Cases and the background build through it.
import type { Program } from '../db/client/prisma/enums';
import { personKey as keyOf } from '../lib/ids';
import { descriptorOf } from '../departments';
import { PROGRAMS } from '../departments/programs';
import { pickGivenName, pickSurname } from '../demo/names';
import { makeIdNumber } from '../demo/people';
import { Rng } from '../demo/random';
import type {
  Area, CharityProgramObject, DisabilityGrade, DisabilityType, EmploymentStatus, ExpenseObject, Frequency,
  HouseholdObject, NeedCategory, PersonObject, RecordObject, RecordStatus, Relation, SchoolStage, Sex,
} from '../demo/types';
import { addDays, birthDateForAge, yearOf } from './dates';
import { SUGGESTED, type ExpectedFinding, type NearMiss, type PlantedRuleId } from './expected';
import { countyProfile } from './registry';

export interface PersonSpec {
  age: number;
  /** 'onD': the birthday is D itself; 'tomorrow': one day short of age + 1. Default: well inside the year of age. */
  birthday?: 'onD' | 'tomorrow';
  county: string;
  /** Defaults to the county; null leaves it unknown. */
  residence?: string | null;
  hukou?: string | null;
  sex?: Sex;
  disabilityGrade?: DisabilityGrade | null;
  disabilityType?: DisabilityType | null;
  /** Default: EMPLOYED from 18 to 59, NOT_IN_LABOUR_FORCE from 60, null below 18. */
  employment?: EmploymentStatus | null;
  /** Default: the stage for the age (PRESCHOOL 3-5 … SENIOR_SECONDARY 15-17), null otherwise. */
  schoolStage?: SchoolStage | null;
  orphan?: boolean;
  deathDate?: string | null;
}

export interface Person {
  idNumber: string;
  personKey: string;
  birthDate: string;
  age: number;
  object: PersonObject;
}

export interface Household {
  sourceId: string;
  regionCode: string;
  area: Area;
  head: Person;
  /** The current member list (after any re-send). */
  members: Person[];
  object: HouseholdObject;
}

export interface RecordSpec {
  program: Program;
  beneficiary: Person;
  /** Required for household-level programs; optional (and then only informative) for others. */
  household?: Household;
  /** Default: the household's region, else the beneficiary's residence (else the county of their ID number). */
  regionCode?: string;
  amount: string;
  frequency: Frequency;
  start: string;
  /** Default: the start for a ONE_OFF, open-ended otherwise. */
  end?: string | null;
  /** Default: ENDED for a ONE_OFF, ACTIVE otherwise. */
  status?: RecordStatus;
  needCategory?: NeedCategory;
  eventRef?: string;
  expenseBasis?: string;
  details?: Record<string, string | number>;
}

const NEED: Partial<Record<Program, NeedCategory>> = {
  TEMPORARY: 'EMERGENCY', MEDICAL_PREMIUM_SUBSIDY: 'MEDICAL', MEDICAL_ASSISTANCE: 'MEDICAL', CHARITY_GRANT: 'MEDICAL',
  EDU_FEE_WAIVER: 'EDUCATION', EDU_GRANT: 'EDUCATION', EDU_WORK_STUDY: 'EDUCATION', EDU_HOME_TEACHING: 'EDUCATION',
  PUBLIC_RENTAL: 'HOUSING', RENTAL_SUBSIDY: 'HOUSING', RURAL_HOUSING_RENOVATION: 'HOUSING',
  PUBLIC_WELFARE_JOB: 'EMPLOYMENT', EMPLOYMENT_TRAINING: 'EMPLOYMENT', EMPLOYMENT_SUBSIDY: 'EMPLOYMENT',
  DISABILITY_LIVING_SUBSIDY: 'DISABILITY_CARE', DISABILITY_NURSING_SUBSIDY: 'DISABILITY_CARE',
  REHABILITATION: 'DISABILITY_CARE', ASSISTIVE_DEVICE: 'DISABILITY_CARE',
};

/** The two charity programs grants are paid from (registered by an administrator import). */
export const CHARITY = { medical: 'SC-CHARITY-PLANTED-MED', education: 'SC-CHARITY-PLANTED-EDU' } as const;

function stageFor(age: number): SchoolStage | null {
  if (age >= 3 && age <= 5) return 'PRESCHOOL';
  if (age >= 6 && age <= 11) return 'PRIMARY';
  if (age >= 12 && age <= 14) return 'JUNIOR_SECONDARY';
  if (age >= 15 && age <= 17) return 'SENIOR_SECONDARY';
  return null;
}

const employmentFor = (age: number): EmploymentStatus | null => (age < 18 ? null : age < 60 ? 'EMPLOYED' : 'NOT_IN_LABOUR_FORCE');

export class World {
  readonly rng: Rng;
  readonly year: number;
  readonly persons: Person[] = [];
  readonly households: Household[] = [];
  readonly resends: HouseholdObject[] = [];
  readonly records: RecordObject[] = [];
  readonly expenses: ExpenseObject[] = [];
  readonly expected: ExpectedFinding[] = [];
  readonly nearMisses: NearMiss[] = [];
  private readonly usedIds = new Set<string>();
  private readonly sequences = new Map<string, number>();
  // Look-ups by key, so that a data set of a million lines is not made in quadratic time.
  private readonly personByIdNumber = new Map<string, Person>();
  private readonly householdBySourceId = new Map<string, Household>();
  private readonly listingsOf = new Map<Person, Set<Household>>();

  constructor(seed: number, readonly asOf: string, private readonly pepper: string) {
    this.rng = new Rng(seed);
    this.year = yearOf(asOf);
  }

  private next(counter: string): number {
    const n = (this.sequences.get(counter) ?? 0) + 1;
    this.sequences.set(counter, n);
    return n;
  }

  person(spec: PersonSpec): Person {
    const birthDate = spec.birthday
      ? birthDateForAge(this.asOf, spec.age, spec.birthday === 'onD')
      : addDays(birthDateForAge(this.asOf, spec.age, true), -this.rng.int(2, 360));
    const sex: Sex = spec.sex ?? (this.rng.chance(0.5) ? 'MALE' : 'FEMALE');
    const idNumber = makeIdNumber(this.rng, spec.county, birthDate.replaceAll('-', ''), sex, this.usedIds);
    const residence = spec.residence === undefined ? spec.county : spec.residence;
    const hukou = spec.hukou === undefined ? spec.county : spec.hukou;
    const object: PersonObject = {
      type: 'person',
      idNumber,
      name: pickSurname(this.rng, 'HAN') + pickGivenName(this.rng, 'HAN', sex),
      // The exchange format allows unknown regions (null); the demo's type does not.
      hukouRegionCode: hukou as string,
      residenceRegionCode: residence as string,
      disabilityGrade: spec.disabilityGrade ?? null,
      disabilityType: spec.disabilityGrade ? spec.disabilityType ?? 'PHYSICAL' : null,
      employmentStatus: spec.employment === undefined ? employmentFor(spec.age) : spec.employment,
      schoolStage: spec.schoolStage === undefined ? stageFor(spec.age) : spec.schoolStage,
      orphan: spec.orphan ?? false,
      deathDate: spec.deathDate ?? null,
    };
    const person: Person = { idNumber, personKey: keyOf(idNumber, this.pepper), birthDate, age: spec.age, object };
    this.persons.push(person);
    this.personByIdNumber.set(idNumber, person);
    return person;
  }

  household(county: string, members: readonly (readonly [Person, Relation])[], options: { area?: Area; income: string | null }): Household {
    const profile = countyProfile(county);
    const area = options.area ?? (profile.ruralTownships.length === 0 ? 'URBAN' : this.rng.chance(profile.urbanShare) ? 'URBAN' : 'RURAL');
    const townships = area === 'URBAN' || profile.ruralTownships.length === 0 ? profile.urbanTownships : profile.ruralTownships;
    const sourceId = `HH-${county}-${String(this.next(`HH-${county}`)).padStart(6, '0')}`;
    const object: HouseholdObject = {
      type: 'household', sourceId, regionCode: county, township: this.rng.pick(townships), area,
      // The exchange format allows an unknown income (null); the demo's type does not.
      monthlyIncomePerCapita: options.income as string,
      members: members.map(([p, relation]) => ({ idNumber: p.idNumber, relation })),
    };
    const head = members.find(([, relation]) => relation === 'HEAD')?.[0];
    if (!head) throw new RangeError(`household ${sourceId} needs a HEAD`);
    const household: Household = { sourceId, regionCode: county, area, head, members: members.map(([p]) => p), object };
    this.households.push(household);
    this.householdBySourceId.set(sourceId, household);
    for (const member of household.members) this.listingsOf.set(member, (this.listingsOf.get(member) ?? new Set()).add(household));
    return household;
  }

  /** Re-sends the household with a new member list (the earlier list goes to history). */
  relist(household: Household, keep: readonly Person[]): void {
    const kept = new Set(keep.map((p) => p.idNumber));
    const members = household.object.members.filter((m) => kept.has(m.idNumber));
    this.resends.push({ ...household.object, members });
    for (const dropped of household.members.filter((p) => !kept.has(p.idNumber))) this.listingsOf.get(dropped)?.delete(household);
    household.members = household.members.filter((p) => kept.has(p.idNumber));
  }

  record(spec: RecordSpec): RecordObject {
    const department = PROGRAMS[spec.program].department;
    const oneOff = spec.frequency === 'ONE_OFF';
    const record: RecordObject = {
      type: 'record',
      department,
      sourceRecordId: `${descriptorOf(department).idPrefix}-${this.year}-${String(this.next(department)).padStart(6, '0')}`,
      program: spec.program,
      beneficiaryIdNumber: spec.beneficiary.idNumber,
      householdSourceId: spec.household?.sourceId ?? null,
      regionCode: spec.regionCode ?? spec.household?.regionCode ?? spec.beneficiary.object.residenceRegionCode ?? spec.beneficiary.idNumber.slice(0, 6),
      amount: spec.amount,
      frequency: spec.frequency,
      startDate: spec.start,
      endDate: spec.end !== undefined ? spec.end : oneOff ? spec.start : null,
      status: spec.status ?? (oneOff ? 'ENDED' : 'ACTIVE'),
      needCategory: spec.needCategory ?? NEED[spec.program] ?? 'LIVING',
      eventRef: spec.eventRef ?? null,
      expenseBasis: spec.expenseBasis ?? null,
      charityProgramCode: spec.program === 'CHARITY_GRANT' ? (spec.needCategory === 'EDUCATION' ? CHARITY.education : CHARITY.medical) : null,
      details: spec.details ?? {},
    };
    this.records.push(record);
    return record;
  }

  expense(person: Person, amount: string, date: string, category: NeedCategory = 'MEDICAL'): ExpenseObject {
    const expense: ExpenseObject = {
      type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId: `EXP-${this.year}-${String(this.next('EXP')).padStart(6, '0')}`,
      idNumber: person.idNumber, category, amount, date,
    };
    this.expenses.push(expense);
    return expense;
  }

  /** Current listings of a person, by household source id. */
  listings(person: Person): Household[] {
    return [...(this.listingsOf.get(person) ?? [])].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));
  }

  personWithIdNumber(idNumber: string): Person | undefined {
    return this.personByIdNumber.get(idNumber);
  }

  householdWithSourceId(sourceId: string | null | undefined): Household | undefined {
    return sourceId ? this.householdBySourceId.get(sourceId) : undefined;
  }

  /** The region a person-level gap finding is filed under: residence, first listing, hukou. */
  regionOf(person: Person): string {
    return person.object.residenceRegionCode ?? this.listings(person)[0]?.regionCode ?? person.object.hukouRegionCode ?? person.idNumber.slice(0, 6);
  }

  /**
   * A duplicate finding. `household` is the household of the household-level
   * record involved (none for person-level records, even when they name one).
   * It is filed under that household's region, else the region of the first
   * record by key (the project's convention).
   */
  expectDuplicate(rule: PlantedRuleId, f: { person: Person; household?: Household | null; records: RecordObject[]; overpayment: string; note: string }): void {
    const keyed = f.records.map((r) => ({ key: `${r.department}:${r.sourceRecordId}`, regionCode: r.regionCode })).sort((a, b) => (a.key < b.key ? -1 : 1));
    this.expected.push({
      kind: 'DUPLICATE', rule, personKey: f.person.personKey, householdSourceId: f.household?.sourceId ?? null,
      regionCode: f.household?.regionCode ?? keyed[0]!.regionCode, area: null, records: keyed.map((r) => r.key),
      overpayment: f.overpayment, suggestedPrograms: [], note: f.note,
    });
  }

  /**
   * A person-level gap. `evidence`: the records that make the person eligible
   * (the 低保 or 特困 covering them on D), none for G3 and G6. `household`: the
   * one through which 低保 covers them (default: their first listing).
   */
  expectPersonGap(rule: 'G1' | 'G2' | 'G3' | 'G4' | 'G6', person: Person, note: string, evidence: RecordObject[] = [], household?: Household | null): void {
    const through = household === undefined ? this.listings(person)[0] ?? null : household;
    this.expected.push({
      kind: 'GAP', rule, personKey: person.personKey, householdSourceId: through?.sourceId ?? null, regionCode: this.regionOf(person),
      area: null, records: keysOf(evidence), overpayment: null, suggestedPrograms: [...SUGGESTED[rule]], note,
    });
  }

  /** A household gap; `evidence`: the household's 低保 covering D (G5), none for G7. */
  expectHouseholdGap(rule: 'G5' | 'G7', household: Household, note: string, evidence: RecordObject[] = []): void {
    this.expected.push({
      kind: 'GAP', rule, personKey: null, householdSourceId: household.sourceId, regionCode: household.regionCode,
      area: null, records: keysOf(evidence), overpayment: null, suggestedPrograms: [...SUGGESTED[rule]], note,
    });
  }

  expectRegionGap(regionCode: string, area: Area, note: string): void {
    this.expected.push({
      kind: 'GAP', rule: 'G8', personKey: null, householdSourceId: null, regionCode, area,
      records: [], overpayment: null, suggestedPrograms: [...SUGGESTED.G8], note,
    });
  }

  nearMiss(rule: PlantedRuleId, note: string): void {
    this.nearMisses.push({ rule, note });
  }
}

const keysOf = (records: readonly RecordObject[]): string[] => records.map((r) => `${r.department}:${r.sourceRecordId}`).sort();

export const charityPrograms = (year: number): CharityProgramObject[] => [
  {
    type: 'charityProgram', code: CHARITY.medical, name: '四川省慈善总会大病救助基金', organization: 'SC-CHARITY-FED',
    needCategory: 'MEDICAL', regionCodes: ['51'], budget: '5000000.00', startDate: `${year - 3}-01-01`, endDate: null,
  },
  {
    type: 'charityProgram', code: CHARITY.education, name: '四川省慈善总会助学计划', organization: 'SC-CHARITY-FED',
    needCategory: 'EDUCATION', regionCodes: ['51'], budget: '2000000.00', startDate: `${year - 3}-01-01`, endDate: null,
  },
];
