// Plain object shapes of the exchange format (EXCHANGE.md), as the demo emits
// them: field names are the JSON field names, amounts are decimal strings.

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
