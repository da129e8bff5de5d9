// What the disabled persons' federation (残联) knows about its records beyond
// the shared core: the certified disability a subsidy was granted for (残疾人证)
// and, for assistive devices, what was provided.
import type { DisabilityRecordDetail } from '../../db/client/prisma/client';
import { DisabilityType } from '../../db/client/prisma/enums';
import { departmentRecordRef } from '../../graphql/departmentSubgraph';
import { builder } from './builder';

// The same enum, name and description as the registry's (src/subgraphs/registry/enums.ts),
// so that the supergraph merges the two.
const DisabilityTypeEnum = builder.enumType(DisabilityType, {
  name: 'DisabilityType',
  description: 'Type of disability on the disability certificate (残疾人证).',
});

export const DisabilityRecordRef = departmentRecordRef<DisabilityRecordDetail>(builder, {
  department: 'DISABLED_PERSONS_FEDERATION',
  detail: 'disability',
  personField: 'disabilityRecords',
  programsQuery: 'disabilityPrograms',
});

DisabilityRecordRef.implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    disabilityGrade: t.int({
      nullable: true,
      description:
        'Disability grade (残疾等级) on the certificate the subsidy was granted for, 1 (most severe) to 4; grades 1 and 2 qualify for the nursing subsidy (重度残疾人护理补贴). Personal data: needs a purpose.',
      resolve: (r) => r.detail?.disabilityGrade ?? null,
    }),
    disabilityType: t.field({
      type: DisabilityTypeEnum,
      nullable: true,
      description: 'Type of disability (残疾类别) on that certificate. Personal data: needs a purpose.',
      resolve: (r) => r.detail?.disabilityType ?? null,
    }),
    deviceName: t.string({
      nullable: true,
      description: 'For ASSISTIVE_DEVICE: what was provided (辅助器具), e.g. "wheelchair".',
      resolve: (r) => r.detail?.deviceName ?? null,
    }),
  }),
});
