// The programs of EXCHANGE.md: which department owns each, and whether it
// covers a whole household, gathered from the department table (index.ts).
// Ingestion, subgraphs and the detection rules all read them from here.
import { Department, Program } from '../db/client/prisma/enums';
import { descriptorOf, type Descriptors, type ProgramSpec } from './index';

export interface ProgramInfo extends ProgramSpec {
  department: Department;
}

type Holds<T extends K, K> = T;
/** Every program is listed by a department: a program no department lists fails to compile here, named in the error. */
export type EveryProgramListed = Holds<Program, { [D in Department]: keyof Descriptors[D]['programs'] }[Department]>;

function ownerOf(program: Program): ProgramInfo {
  const owners = Object.values(Department).filter((d) => descriptorOf(d).programs[program]);
  if (owners.length !== 1) throw new Error(`${program} must be listed by exactly one department, not ${owners.length}`);
  const department = owners[0]!;
  return { department, ...descriptorOf(department).programs[program]! };
}

/** Every program, in the order of the Program enum. */
export const PROGRAMS: Record<Program, ProgramInfo> = Object.fromEntries(
  Object.values(Program).map((program) => [program, ownerOf(program)]),
) as Record<Program, ProgramInfo>;

/** Programs that cover every current member of a household, not only their beneficiary. */
export const HOUSEHOLD_LEVEL_PROGRAMS: Program[] = (Object.keys(PROGRAMS) as Program[]).filter((p) => PROGRAMS[p].householdLevel);

export function programsOf(department: Department): Program[] {
  return (Object.keys(PROGRAMS) as Program[]).filter((p) => PROGRAMS[p].department === department);
}

export const DEPARTMENT_VALUES = Object.values(Department) as [Department, ...Department[]];

export const PROGRAM_VALUES = Object.keys(PROGRAMS) as [Program, ...Program[]];
export const FREQUENCY_VALUES = ['ONE_OFF', 'MONTHLY', 'QUARTERLY', 'PER_TERM', 'ANNUAL'] as const;
export const STATUS_VALUES = ['ACTIVE', 'SUSPENDED', 'ENDED', 'CANCELLED'] as const;
export const NEED_CATEGORY_VALUES = ['LIVING', 'MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISABILITY_CARE', 'EMERGENCY'] as const;
