// What education (教育) knows about its records beyond the shared core: the
// school, the stage of schooling and the term a grant or waiver is for.
import type { EducationRecordDetail } from '../../db/client/prisma/client';
import { SchoolStage } from '../../db/client/prisma/enums';
import { departmentRecordRef } from '../../graphql/departmentSubgraph';
import { builder } from './builder';

// The same enum, name and description as the registry's (src/subgraphs/registry/enums.ts),
// so that the supergraph merges the two.
const SchoolStageEnum = builder.enumType(SchoolStage, {
  name: 'SchoolStage',
  description: 'Stage of schooling a person is enrolled in.',
});

export const EducationRecordRef = departmentRecordRef<EducationRecordDetail>(builder, {
  department: 'EDUCATION',
  detail: 'education',
  personField: 'educationRecords',
  programsQuery: 'educationPrograms',
});

EducationRecordRef.implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    schoolTerm: t.string({
      nullable: true,
      description: 'School term (学期) the grant or waiver is for, e.g. "2026-SPRING", "2026-AUTUMN" or "2026-2027-1".',
      resolve: (r) => r.detail?.schoolTerm ?? null,
    }),
    schoolName: t.string({
      nullable: true,
      description: 'School (学校) the student attends.',
      resolve: (r) => r.detail?.schoolName ?? null,
    }),
    schoolStage: t.field({
      type: SchoolStageEnum,
      nullable: true,
      description: 'Stage of schooling (学段) the grant is for, e.g. PRIMARY for compulsory education (义务教育).',
      resolve: (r) => r.detail?.schoolStage ?? null,
    }),
  }),
});
