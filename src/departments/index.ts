// Every department, as data: what it is called, the programs it runs, the
// GraphQL names of its records, and what it knows about a record beyond the
// shared core (its detail fields, with their GraphQL type, what they reveal
// and how a sent value is checked). The program catalogue (programs.ts), the
// ingestion of details (details.ts), the record types (recordTypes.ts), the
// sensitivity table, the enums and every department's subgraph are made from
// this table; a department's other names follow from its enum value
// (descriptor.ts, "One name per department").
import { z } from 'zod';
import { DisabilityType, SchoolStage, TekunSupportMode, type Department } from '../db/client/prisma/enums';
import { Decimal } from '../lib/money';
import { field, type DepartmentDescriptor, type EnumSpec } from './descriptor';

export * from './descriptor';

const TEKUN_SUPPORT_MODE: EnumSpec = {
  name: 'TekunSupportMode',
  description: 'How extreme-poverty support is given: in an institution (集中供养) or at home (分散供养).',
  values: TekunSupportMode,
};

// SchoolStage and DisabilityType are the registry's enums too (src/subgraphs/registry/enums.ts), with the same name and description.
const SCHOOL_STAGE: EnumSpec = { name: 'SchoolStage', description: 'Stage of schooling a person is enrolled in.', values: SchoolStage };
const DISABILITY_TYPE: EnumSpec = {
  name: 'DisabilityType',
  description: 'Type of disability on the disability certificate (残疾人证).',
  values: DisabilityType,
};

/** What insurance left to the patient: null unless both the bill and what insurance paid are known. */
function outOfPocket({ billTotal, insurancePaid }: Record<string, unknown>) {
  if (billTotal == null || insurancePaid == null) return null;
  return new Decimal(billTotal as Decimal.Value).minus(new Decimal(insurancePaid as Decimal.Value));
}

export const DESCRIPTORS = {
  // 民政: dibao, tekun, temporary assistance, price subsidies and the orphan guarantee.
  CIVIL_AFFAIRS: {
    term: 'Civil affairs (民政)',
    idPrefix: 'CA',
    programs: {
      DIBAO: { householdLevel: true, description: 'Minimum living allowance (最低生活保障)' },
      TEKUN: { householdLevel: false, description: 'Extreme-poverty support (特困人员救助供养)' },
      TEMPORARY: { householdLevel: false, description: 'Temporary assistance (临时救助)' },
      PRICE_SUBSIDY: { householdLevel: false, description: 'Temporary price subsidy (价格临时补贴)' },
      ORPHAN_GUARANTEE: {
        householdLevel: false,
        description: 'Basic living guarantee for orphans and de-facto unattended children (孤儿和事实无人抚养儿童基本生活保障)',
      },
    },
    graphql: { recordType: 'CivilAffairsRecord', personField: 'civilAffairsRecords', programsQuery: 'civilAffairsPrograms' },
    fields: {
      dibaoGrade: field.int(1, 9, { description: 'Dibao grade (低保分档); 1 is the highest payment band.' }),
      assessedIncomePerCapita: field.money({
        description: 'Monthly income per household member that the dibao amount was computed from (personal data: needs a purpose).',
        sensitivity: 'income',
      }),
      supportMode: field.enum(TEKUN_SUPPORT_MODE, { description: 'For TEKUN: institutional or home-based support.' }),
      reason: field.text({
        graphqlName: 'temporaryAssistanceReason',
        description: 'For TEMPORARY: why it was granted, e.g. "house fire".',
        sensitivity: 'circumstances',
      }),
    },
  },
  // 教育: student grants, fee waivers, work-study and home teaching (送教上门).
  EDUCATION: {
    term: 'Education (教育)',
    idPrefix: 'EDU',
    programs: {
      EDU_FEE_WAIVER: { householdLevel: false, description: 'Tuition and fee waiver (学费减免)' },
      EDU_GRANT: { householdLevel: false, description: 'Student grant (助学金)' },
      EDU_WORK_STUDY: { householdLevel: false, description: 'Work-study (勤工助学)' },
      EDU_HOME_TEACHING: { householdLevel: false, description: 'Home teaching for children with severe disabilities (送教上门)' },
    },
    graphql: { recordType: 'EducationRecord', personField: 'educationRecords', programsQuery: 'educationPrograms' },
    fields: {
      schoolTerm: field.string(
        z.string({ error: 'must be a string' }).regex(/^\d{4}(-\d{4})?-(SPRING|AUTUMN|1|2)$/, {
          error: 'must be a term such as "2026-SPRING", "2026-AUTUMN" or "2026-2027-1"',
        }),
        { description: 'School term (学期) the grant or waiver is for, e.g. "2026-SPRING", "2026-AUTUMN" or "2026-2027-1".' },
      ),
      schoolName: field.text({ description: 'School (学校) the student attends.' }),
      schoolStage: field.enum(SCHOOL_STAGE, {
        description: 'Stage of schooling (学段) the grant is for, e.g. PRIMARY for compulsory education (义务教育).',
      }),
    },
  },
  // 住建: public rental housing (公租房), rental subsidies and rural housing renovation (农村危房改造).
  HOUSING: {
    term: 'Housing and urban-rural development (住建)',
    idPrefix: 'HOU',
    programs: {
      PUBLIC_RENTAL: { householdLevel: true, description: 'Public rental housing in kind (公租房实物配租)' },
      RENTAL_SUBSIDY: { householdLevel: true, description: 'Rental subsidy (租赁补贴)' },
      RURAL_HOUSING_RENOVATION: { householdLevel: true, description: 'Rural dilapidated housing renovation (农村危房改造)' },
    },
    graphql: { recordType: 'HousingRecord', personField: 'housingRecords', programsQuery: 'housingPrograms' },
    fields: {
      propertyRef: field.text({ description: 'Reference of the public rental unit or the renovated dwelling (房源编号).' }, 64),
      floorAreaSqm: field.decimal({
        description:
          'Floor area (建筑面积) of that unit or dwelling in square metres, as a decimal string with exactly two decimals, e.g. "45.50" (not Money, and never a float).',
      }),
    },
  },
  // 医保: subsidised insurance premiums (参保资助) and medical assistance (医疗救助); the hospital
  // stay and bill behind it, and what basic and critical-illness insurance already paid (一站式结算).
  HEALTHCARE_SECURITY: {
    term: 'Healthcare security, i.e. medical insurance (医保)',
    idPrefix: 'HS',
    programs: {
      MEDICAL_PREMIUM_SUBSIDY: { householdLevel: false, description: 'Subsidised medical insurance premium (参保资助)' },
      MEDICAL_ASSISTANCE: { householdLevel: false, description: 'Medical assistance (医疗救助)' },
    },
    graphql: {
      recordType: 'HealthcareSecurityRecord',
      personField: 'healthcareSecurityRecords',
      programsQuery: 'healthcareSecurityPrograms',
    },
    fields: {
      hospitalName: field.text({
        description: 'Hospital (定点医疗机构) where the treatment took place. Medical data: needs a purpose.',
        sensitivity: 'health',
      }),
      billTotal: field.money({
        description: 'Total of the hospital bill (医疗总费用), before insurance. Medical data: needs a purpose.',
        sensitivity: 'health',
      }),
      insurancePaid: field.money({
        description:
          'Paid by basic medical insurance (基本医保) and critical-illness insurance (大病保险). Medical data: needs a purpose.',
        sensitivity: 'health',
      }),
      outOfPocket: field.computed('Money', outOfPocket, {
        description:
          'What insurance left to the patient (个人自付): billTotal minus insurancePaid, null unless both are known. Medical data: needs a purpose.',
        sensitivity: 'health',
      }),
      admissionDate: field.date({
        description: 'Day of admission to hospital (入院日期). Medical data: needs a purpose.',
        sensitivity: 'health',
      }),
      dischargeDate: field.date({
        description: 'Day of discharge from hospital (出院日期). Medical data: needs a purpose.',
        sensitivity: 'health',
      }),
    },
  },
  // 人社: public-welfare jobs (公益性岗位), vocational training and employment subsidies.
  HUMAN_RESOURCES: {
    term: 'Human resources and social security (人社)',
    idPrefix: 'HR',
    programs: {
      PUBLIC_WELFARE_JOB: { householdLevel: false, description: 'Public-welfare job (公益性岗位)' },
      EMPLOYMENT_TRAINING: { householdLevel: false, description: 'Vocational training (就业培训)' },
      EMPLOYMENT_SUBSIDY: { householdLevel: false, description: 'Employment subsidy (就业补贴)' },
    },
    graphql: { recordType: 'HumanResourcesRecord', personField: 'humanResourcesRecords', programsQuery: 'humanResourcesPrograms' },
    fields: {
      employer: field.text({
        description:
          'For PUBLIC_WELFARE_JOB and EMPLOYMENT_SUBSIDY: the employer (用人单位), e.g. the township office running a public-welfare job.',
      }),
      position: field.text({ description: 'For PUBLIC_WELFARE_JOB and EMPLOYMENT_SUBSIDY: the post (岗位), e.g. "road cleaner" (保洁员).' }),
      trainingCourse: field.text({ description: 'For EMPLOYMENT_TRAINING: the vocational training course (职业技能培训).' }),
      hoursPerMonth: field.int(1, 744, { description: 'Hours worked (or trained) per month, 1 to 744.' }),
    },
  },
  // 残联: living and nursing subsidies (困难残疾人生活补贴, 重度残疾人护理补贴), rehabilitation and
  // assistive devices; the certified disability (残疾人证) a subsidy was granted for.
  DISABLED_PERSONS_FEDERATION: {
    term: "Disabled persons' federation (残联)",
    idPrefix: 'DPF',
    programs: {
      DISABILITY_LIVING_SUBSIDY: { householdLevel: false, description: 'Living subsidy for poor disabled people (困难残疾人生活补贴)' },
      DISABILITY_NURSING_SUBSIDY: { householdLevel: false, description: 'Nursing subsidy for severely disabled people (重度残疾人护理补贴)' },
      REHABILITATION: { householdLevel: false, description: 'Rehabilitation (康复救助)' },
      ASSISTIVE_DEVICE: { householdLevel: false, description: 'Assistive device (辅助器具适配)' },
    },
    graphql: { recordType: 'DisabilityRecord', personField: 'disabilityRecords', programsQuery: 'disabilityPrograms' },
    fields: {
      disabilityGrade: field.int(1, 4, {
        description:
          'Disability grade (残疾等级) on the certificate the subsidy was granted for, 1 (most severe) to 4; grades 1 and 2 qualify for the nursing subsidy (重度残疾人护理补贴). Personal data: needs a purpose.',
        sensitivity: 'disability',
      }),
      disabilityType: field.enum(DISABILITY_TYPE, {
        description: 'Type of disability (残疾类别) on that certificate. Personal data: needs a purpose.',
        sensitivity: 'disability',
      }),
      deviceName: field.text({
        description: 'For ASSISTIVE_DEVICE: what was provided (辅助器具), e.g. "wheelchair".',
        sensitivity: 'disability',
      }),
    },
  },
  // 慈善组织: grants paid from programs the charities registered (src/subgraphs/charity).
  CHARITY: {
    term: 'Charities (慈善组织)',
    idPrefix: 'CH',
    programs: {
      CHARITY_GRANT: { householdLevel: false, description: 'Charity grant (慈善救助)' },
    },
    // `charityPrograms` lists the registered programs; charityProgramKinds is the exchange catalogue.
    graphql: { recordType: 'CharityGrant', personField: 'charityGrants', programsQuery: 'charityProgramKinds' },
    fields: {
      purpose: field.text(
        {
          description: "What the grant pays for, in the charity's words (may describe the person's circumstances).",
          sensitivity: 'circumstances',
        },
        500,
      ),
    },
  },
} satisfies Record<Department, DepartmentDescriptor>;

export type Descriptors = typeof DESCRIPTORS;

export const descriptorOf = (department: Department): DepartmentDescriptor => DESCRIPTORS[department];
