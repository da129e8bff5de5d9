// What human resources and social security (人社) knows about its records
// beyond the shared core: the job behind a public-welfare job (公益性岗位) or
// employment subsidy, and the course behind vocational training.
import type { HumanResourcesRecordDetail } from '../../db/client/prisma/client';
import { departmentRecordRef } from '../../graphql/departmentSubgraph';
import { builder } from './builder';

export const HumanResourcesRecordRef = departmentRecordRef<HumanResourcesRecordDetail>(builder, {
  department: 'HUMAN_RESOURCES',
  detail: 'humanResources',
  personField: 'humanResourcesRecords',
  programsQuery: 'humanResourcesPrograms',
});

HumanResourcesRecordRef.implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    employer: t.string({
      nullable: true,
      description: 'For PUBLIC_WELFARE_JOB and EMPLOYMENT_SUBSIDY: the employer (用人单位), e.g. the township office running a public-welfare job.',
      resolve: (r) => r.detail?.employer ?? null,
    }),
    position: t.string({
      nullable: true,
      description: 'For PUBLIC_WELFARE_JOB and EMPLOYMENT_SUBSIDY: the post (岗位), e.g. "road cleaner" (保洁员).',
      resolve: (r) => r.detail?.position ?? null,
    }),
    trainingCourse: t.string({
      nullable: true,
      description: 'For EMPLOYMENT_TRAINING: the vocational training course (职业技能培训).',
      resolve: (r) => r.detail?.trainingCourse ?? null,
    }),
    hoursPerMonth: t.int({
      nullable: true,
      description: 'Hours worked (or trained) per month, 1 to 744.',
      resolve: (r) => r.detail?.hoursPerMonth ?? null,
    }),
  }),
});
