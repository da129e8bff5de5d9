// What healthcare security (医保) knows about its records beyond the shared
// core: the hospital stay and bill behind medical assistance (医疗救助), and
// what basic medical and critical-illness insurance already paid (一站式结算).
import type { HealthcareRecordDetail } from '../../db/client/prisma/client';
import { departmentRecordRef } from '../../graphql/departmentSubgraph';
import { Decimal } from '../../lib/money';
import { builder } from './builder';

export const HealthcareSecurityRecordRef = departmentRecordRef<HealthcareRecordDetail>(builder, {
  department: 'HEALTHCARE_SECURITY',
  detail: 'healthcare',
  personField: 'healthcareSecurityRecords',
  programsQuery: 'healthcareSecurityPrograms',
});

HealthcareSecurityRecordRef.implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: (t) => ({
    hospitalName: t.string({
      nullable: true,
      description: 'Hospital (定点医疗机构) where the treatment took place. Medical data: needs a purpose.',
      resolve: (r) => r.detail?.hospitalName ?? null,
    }),
    billTotal: t.field({
      type: 'Money',
      nullable: true,
      description: 'Total of the hospital bill (医疗总费用), before insurance. Medical data: needs a purpose.',
      resolve: (r) => r.detail?.billTotal ?? null,
    }),
    insurancePaid: t.field({
      type: 'Money',
      nullable: true,
      description:
        'Paid by basic medical insurance (基本医保) and critical-illness insurance (大病保险). Medical data: needs a purpose.',
      resolve: (r) => r.detail?.insurancePaid ?? null,
    }),
    outOfPocket: t.field({
      type: 'Money',
      nullable: true,
      description:
        'What insurance left to the patient (个人自付): billTotal minus insurancePaid, null unless both are known. Medical data: needs a purpose.',
      resolve: (r) => {
        const bill = r.detail?.billTotal;
        const paid = r.detail?.insurancePaid;
        return bill == null || paid == null ? null : new Decimal(bill).minus(new Decimal(paid));
      },
    }),
    admissionDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'Day of admission to hospital (入院日期). Medical data: needs a purpose.',
      resolve: (r) => r.detail?.admissionDate ?? null,
    }),
    dischargeDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'Day of discharge from hospital (出院日期). Medical data: needs a purpose.',
      resolve: (r) => r.detail?.dischargeDate ?? null,
    }),
  }),
});
