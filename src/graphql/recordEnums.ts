// Enums of assistance records, identical in every subgraph that uses them
// (the supergraph requires that), made from the Prisma enums.
import { Area, Department, Frequency, NeedCategory, Program, RecordStatus } from '../db/client/prisma/enums';
import { descriptorOf } from '../departments';
import { PROGRAMS } from '../departments/programs';
import type { HubBuilder } from './builder';

/** Department alone, for a subgraph that needs no other record enum (the registry's API keys). */
export function departmentEnum(builder: HubBuilder) {
  return builder.enumType(Department, {
    name: 'Department',
    description: 'A department that pays assistance, or the charities.',
    values: Object.fromEntries(Object.values(Department).map((d) => [d, { description: descriptorOf(d).term }])),
  });
}

/** Area, identical wherever a subgraph uses it (registry: households, standards; oversight: G8 findings). */
export function areaEnum(builder: HubBuilder) {
  return builder.enumType(Area, {
    name: 'Area',
    description: 'Urban (城市) or rural (农村): standards differ between them.',
  });
}

/** Program alone, for a subgraph that needs no other record enum (the registry's event subscriptions). */
export function programEnum(builder: HubBuilder) {
  return builder.enumType(Program, {
    name: 'Program',
    description: 'An assistance program (EXCHANGE.md); each belongs to one department.',
    values: Object.fromEntries(
      Object.values(Program).map((p) => [p, { description: `${PROGRAMS[p].description}; ${PROGRAMS[p].department}` }]),
    ),
  });
}

export function recordEnums(builder: HubBuilder) {
  return {
    DepartmentEnum: departmentEnum(builder),
    ProgramEnum: programEnum(builder),
    FrequencyEnum: builder.enumType(Frequency, {
      name: 'Frequency',
      description: 'How often `amount` is paid: per month for MONTHLY, per payment for ONE_OFF.',
    }),
    RecordStatusEnum: builder.enumType(RecordStatus, {
      name: 'RecordStatus',
      description: 'CANCELLED records never count for any rule; the others count for the days their period covers.',
    }),
    NeedCategoryEnum: builder.enumType(NeedCategory, {
      name: 'NeedCategory',
      description: 'The need a grant answers.',
    }),
  };
}
