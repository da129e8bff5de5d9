// What civil affairs (民政) knows about its records beyond the shared core:
// the dibao grade and the income it was computed from, how extreme-poverty
// support is given, and why temporary assistance was paid.
import type { CivilAffairsRecordDetail } from '../../db/client/prisma/client';
import { TekunSupportMode } from '../../db/client/prisma/enums';
import { departmentRecordRef } from '../../graphql/departmentSubgraph';
import { builder } from './builder';

const SupportModeEnum = builder.enumType(TekunSupportMode, {
  name: 'TekunSupportMode',
  description: 'How extreme-poverty support is given: in an institution (集中供养) or at home (分散供养).',
});

export const CivilAffairsRecordRef = departmentRecordRef<CivilAffairsRecordDetail>(builder, {
  department: 'CIVIL_AFFAIRS',
  detail: 'civilAffairs',
  personField: 'civilAffairsRecords',
  programsQuery: 'civilAffairsPrograms',
});

CivilAffairsRecordRef.implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    dibaoGrade: t.int({
      nullable: true,
      description: 'Dibao grade (低保分档); 1 is the highest payment band.',
      resolve: (r) => r.detail?.dibaoGrade ?? null,
    }),
    assessedIncomePerCapita: t.field({
      type: 'Money',
      nullable: true,
      description: 'Monthly income per household member that the dibao amount was computed from (personal data: needs a purpose).',
      resolve: (r) => r.detail?.assessedIncomePerCapita ?? null,
    }),
    supportMode: t.field({
      type: SupportModeEnum,
      nullable: true,
      description: 'For TEKUN: institutional or home-based support.',
      resolve: (r) => r.detail?.supportMode ?? null,
    }),
    temporaryAssistanceReason: t.string({
      nullable: true,
      description: 'For TEMPORARY: why it was granted, e.g. "house fire".',
      resolve: (r) => r.detail?.reason ?? null,
    }),
  }),
});
