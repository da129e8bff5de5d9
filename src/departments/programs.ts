// The programs of EXCHANGE.md: which department owns each, and whether it
// covers a whole household. Written once; ingestion, subgraphs and the
// detection rules all read it from here.
import type { Department, Program } from '../db/client/prisma/enums';
import { DEPARTMENTS } from '../access/callers';

export interface ProgramInfo {
  department: Department;
  /** Household-level programs cover every current member of the household. */
  householdLevel: boolean;
  /** English name, then the policy term. */
  description: string;
}

export const PROGRAMS: Record<Program, ProgramInfo> = {
  DIBAO: { department: 'CIVIL_AFFAIRS', householdLevel: true, description: 'Minimum living allowance (最低生活保障)' },
  TEKUN: { department: 'CIVIL_AFFAIRS', householdLevel: false, description: 'Extreme-poverty support (特困人员救助供养)' },
  TEMPORARY: { department: 'CIVIL_AFFAIRS', householdLevel: false, description: 'Temporary assistance (临时救助)' },
  PRICE_SUBSIDY: { department: 'CIVIL_AFFAIRS', householdLevel: false, description: 'Temporary price subsidy (价格临时补贴)' },
  ORPHAN_GUARANTEE: {
    department: 'CIVIL_AFFAIRS',
    householdLevel: false,
    description: 'Basic living guarantee for orphans and de-facto unattended children (孤儿和事实无人抚养儿童基本生活保障)',
  },
  EDU_FEE_WAIVER: { department: 'EDUCATION', householdLevel: false, description: 'Tuition and fee waiver (学费减免)' },
  EDU_GRANT: { department: 'EDUCATION', householdLevel: false, description: 'Student grant (助学金)' },
  EDU_WORK_STUDY: { department: 'EDUCATION', householdLevel: false, description: 'Work-study (勤工助学)' },
  EDU_HOME_TEACHING: {
    department: 'EDUCATION',
    householdLevel: false,
    description: 'Home teaching for children with severe disabilities (送教上门)',
  },
  PUBLIC_RENTAL: { department: 'HOUSING', householdLevel: true, description: 'Public rental housing in kind (公租房实物配租)' },
  RENTAL_SUBSIDY: { department: 'HOUSING', householdLevel: true, description: 'Rental subsidy (租赁补贴)' },
  RURAL_HOUSING_RENOVATION: {
    department: 'HOUSING',
    householdLevel: true,
    description: 'Rural dilapidated housing renovation (农村危房改造)',
  },
  MEDICAL_PREMIUM_SUBSIDY: {
    department: 'HEALTHCARE_SECURITY',
    householdLevel: false,
    description: 'Subsidised medical insurance premium (参保资助)',
  },
  MEDICAL_ASSISTANCE: { department: 'HEALTHCARE_SECURITY', householdLevel: false, description: 'Medical assistance (医疗救助)' },
  PUBLIC_WELFARE_JOB: { department: 'HUMAN_RESOURCES', householdLevel: false, description: 'Public-welfare job (公益性岗位)' },
  EMPLOYMENT_TRAINING: { department: 'HUMAN_RESOURCES', householdLevel: false, description: 'Vocational training (就业培训)' },
  EMPLOYMENT_SUBSIDY: { department: 'HUMAN_RESOURCES', householdLevel: false, description: 'Employment subsidy (就业补贴)' },
  DISABILITY_LIVING_SUBSIDY: {
    department: 'DISABLED_PERSONS_FEDERATION',
    householdLevel: false,
    description: 'Living subsidy for poor disabled people (困难残疾人生活补贴)',
  },
  DISABILITY_NURSING_SUBSIDY: {
    department: 'DISABLED_PERSONS_FEDERATION',
    householdLevel: false,
    description: 'Nursing subsidy for severely disabled people (重度残疾人护理补贴)',
  },
  REHABILITATION: { department: 'DISABLED_PERSONS_FEDERATION', householdLevel: false, description: 'Rehabilitation (康复救助)' },
  ASSISTIVE_DEVICE: { department: 'DISABLED_PERSONS_FEDERATION', householdLevel: false, description: 'Assistive device (辅助器具适配)' },
  CHARITY_GRANT: { department: 'CHARITY', householdLevel: false, description: 'Charity grant (慈善救助)' },
};

/** Programs that cover every current member of a household, not only their beneficiary. */
export const HOUSEHOLD_LEVEL_PROGRAMS: Program[] = (Object.keys(PROGRAMS) as Program[]).filter((p) => PROGRAMS[p].householdLevel);

export function programsOf(department: Department): Program[] {
  return (Object.keys(PROGRAMS) as Program[]).filter((p) => PROGRAMS[p].department === department);
}

export const DEPARTMENT_VALUES = DEPARTMENTS satisfies readonly Department[];

export const PROGRAM_VALUES = Object.keys(PROGRAMS) as [Program, ...Program[]];
export const FREQUENCY_VALUES = ['ONE_OFF', 'MONTHLY', 'QUARTERLY', 'PER_TERM', 'ANNUAL'] as const;
export const STATUS_VALUES = ['ACTIVE', 'SUSPENDED', 'ENDED', 'CANCELLED'] as const;
export const NEED_CATEGORY_VALUES = ['LIVING', 'MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISABILITY_CARE', 'EMERGENCY'] as const;
