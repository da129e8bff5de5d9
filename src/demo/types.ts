// Plain object shapes of the exchange format (EXCHANGE.md), as the demo emits
// them: field names are the JSON field names, amounts are decimal strings.
import type { Department, Program as RecordProgram } from '../db/client/prisma/enums';

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY';
export type Program = 'DIBAO' | 'TEKUN';
export type Area = 'URBAN' | 'RURAL';
export type Sex = 'MALE' | 'FEMALE';
export type Relation = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'GRANDCHILD' | 'GRANDPARENT' | 'SIBLING' | 'OTHER';
export type DisabilityType = 'VISUAL' | 'HEARING' | 'SPEECH' | 'PHYSICAL' | 'INTELLECTUAL' | 'MENTAL' | 'MULTIPLE';
export type DisabilityGrade = 1 | 2 | 3 | 4;
export type EmploymentStatus = 'EMPLOYED' | 'UNEMPLOYED' | 'NOT_IN_LABOUR_FORCE';
export type SchoolStage =
  | 'PRESCHOOL'
  | 'PRIMARY'
  | 'JUNIOR_SECONDARY'
  | 'SENIOR_SECONDARY'
  | 'VOCATIONAL'
  | 'HIGHER';

export interface RegionObject {
  type: 'region';
  code: string;
  name: string;
  /** null for the province, which has no parent in the hub. */
  parentCode: string | null;
  level: RegionLevel;
}

export interface StandardObject {
  type: 'standard';
  regionCode: string;
  year: number;
  program: Program;
  area: Area;
  monthlyAmount: string;
}

export interface HouseholdMember {
  idNumber: string;
  relation: Relation;
}

export interface HouseholdObject {
  type: 'household';
  sourceId: string;
  regionCode: string;
  township: string;
  area: Area;
  monthlyIncomePerCapita: string;
  members: HouseholdMember[];
}

export interface PersonObject {
  type: 'person';
  idNumber: string;
  name: string;
  hukouRegionCode: string;
  residenceRegionCode: string;
  disabilityGrade: DisabilityGrade | null;
  disabilityType: DisabilityType | null;
  employmentStatus: EmploymentStatus | null;
  schoolStage: SchoolStage | null;
  orphan: boolean;
  deathDate: string | null;
}

export type DemoObject = RegionObject | StandardObject | PersonObject | HouseholdObject;

// Assistance side of the exchange format: the department and program names are
// the hub's own (Prisma enums), so a renamed program breaks the demo at compile
// time instead of at import time.
export type { Department, RecordProgram };
export type Frequency = 'ONE_OFF' | 'MONTHLY' | 'QUARTERLY' | 'PER_TERM' | 'ANNUAL';
export type RecordStatus = 'ACTIVE' | 'SUSPENDED' | 'ENDED' | 'CANCELLED';
export type NeedCategory = 'LIVING' | 'MEDICAL' | 'EDUCATION' | 'HOUSING' | 'EMPLOYMENT' | 'DISABILITY_CARE' | 'EMERGENCY';

export interface CharityProgramObject {
  type: 'charityProgram';
  code: string;
  name: string;
  organization: string;
  needCategory: NeedCategory;
  regionCodes: string[];
  budget: string;
  startDate: string;
  endDate: string | null;
}

export interface RecordObject {
  type: 'record';
  department: Department;
  sourceRecordId: string;
  program: RecordProgram;
  beneficiaryIdNumber: string;
  householdSourceId: string | null;
  regionCode: string;
  amount: string;
  frequency: Frequency;
  startDate: string;
  endDate: string | null;
  status: RecordStatus;
  needCategory: NeedCategory;
  eventRef: string | null;
  expenseBasis: string | null;
  charityProgramCode: string | null;
  /** Per-department keys of src/departments/details.ts only. */
  details: Record<string, string | number>;
}

export interface ExpenseObject {
  type: 'expense';
  department: Department;
  sourceId: string;
  idNumber: string;
  category: NeedCategory;
  amount: string;
  date: string;
}

/** Everything `generateDemoData` emits, registry and assistance alike. */
export type DemoDataObject = DemoObject | CharityProgramObject | RecordObject | ExpenseObject;
