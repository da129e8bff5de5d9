// What reveals a person's details, declared once (ACCESS.md "Personal data").
// Three kinds of declaration, each enforced for every subgraph by shield.ts
// and filters.ts, so a new field or row cannot forget its purpose or audit:
// - fields: a GraphQL field that returns a personal detail needs a purpose
//   and writes an audit entry, on whatever type or interface it is declared;
// - rows: a record of a health or disability program, and a finding whose
//   rule implies illness or disability, reveal health by existing at all:
//   without a purpose they are not there (filters.ts), with one every field
//   read is audited;
// - the field-path walk (tests/security/fieldWalk.test.ts) checks the result.
import type { NeedCategory, Program } from '../db/client/prisma/enums';
import { DESCRIPTORS, graphqlNameOf, type DepartmentDescriptor, type Sensitivity } from '../departments';
import { equals, or, oneOf, type Condition } from './condition';

export type { Sensitivity };

/** `RecordType.field` → what it reveals, for every department's sensitive detail fields. */
function departmentDetailFields(): Record<string, Sensitivity> {
  return Object.fromEntries(
    Object.values<DepartmentDescriptor>(DESCRIPTORS).flatMap(({ graphql, fields }) =>
      Object.entries(fields).flatMap(([key, field]) =>
        field.sensitivity ? [[`${graphql.recordType}.${graphqlNameOf(key, field)}`, field.sensitivity]] : [],
      ),
    ),
  );
}

/** `Type.field` (or `Interface.field`, applying to every implementation) → what it reveals. */
export const SENSITIVE_FIELDS: Record<string, Sensitivity> = {
  'Person.name': 'identity',
  'Person.disabilityGrade': 'disability',
  'Person.disabilityType': 'disability',
  'Person.expenses': 'health',
  'Household.monthlyIncomePerCapita': 'income',
  // The event a grant pays for (a hospital stay, a fire) and its documented cost.
  'AssistanceRecord.eventRef': 'circumstances',
  'AssistanceRecord.expenseBasis': 'circumstances',
  // History snapshots carry every detail of every version.
  'AssistanceRecord.history': 'circumstances',
  // Each department's detail fields, as its descriptor says (src/departments).
  ...departmentDetailFields(),
  // The check at the door (ACCESS.md v2, "Checks before paying") tells what
  // others pay the beneficiary: a read of their data. Its resolver
  // (src/subgraphs/assistance/doorCheck.ts) audits each person involved.
  'ExchangeBatchResult.duplicateCheck': 'circumstances',
  // A finding's evidence names other departments' records, wherever they
  // were paid: "a caller in scope may look those up, with a purpose".
  'Finding.records': 'circumstances',
  'Finding.evidence': 'circumstances',
};

export function sensitivityOf(typeName: string, fieldName: string, interfaces: readonly string[] = []): Sensitivity | null {
  for (const owner of [typeName, ...interfaces]) {
    const found = SENSITIVE_FIELDS[`${owner}.${fieldName}`];
    if (found) return found;
  }
  return null;
}

/** Programs whose mere record tells of an illness or a disability. */
export const HEALTH_PROGRAMS: readonly Program[] = [
  'MEDICAL_ASSISTANCE',
  'EDU_HOME_TEACHING', // taught at home because of a severe disability
  'DISABILITY_LIVING_SUBSIDY',
  'DISABILITY_NURSING_SUBSIDY',
  'REHABILITATION',
  'ASSISTIVE_DEVICE',
];

/** Needs whose mere record tells of an illness or a disability (a charity's medical grant, a temporary aid for a hospital bill). */
export const HEALTH_NEEDS: readonly NeedCategory[] = ['MEDICAL', 'DISABILITY_CARE'];

/**
 * Programs whose record, listed for a person, tells of a medical or
 * disability program (ACCESS.md v2: "the list of a person's disability or
 * medical programs"): the health programs and the medical insurance premium
 * subsidy, so that every record of HEALTHCARE_SECURITY and of
 * DISABLED_PERSONS_FEDERATION is hidden without a purpose, whatever need
 * category it was sent with. A referral for the premium subsidy (G2: someone
 * on 低保 without it) tells of no illness, so referrals keep HEALTH_PROGRAMS.
 */
export const HEALTH_RECORD_PROGRAMS: readonly Program[] = [...HEALTH_PROGRAMS, 'MEDICAL_PREMIUM_SUBSIDY'];

/** A record that reveals health by existing. */
export const RECORD_REVEALS_HEALTH: Condition = or(oneOf('program', HEALTH_RECORD_PROGRAMS), oneOf('needCategory', HEALTH_NEEDS));

/**
 * A referral that reveals health by its own columns: one for a health
 * program, or one with the disabled persons' federation (which runs nothing
 * else, so a referral there without a program tells of a disability too).
 * A referral opened from a health-revealing finding reveals it as well: that
 * link is a condition on the finding (filters.ts, `referralHiddenByFinding`).
 */
export const REFERRAL_REVEALS_HEALTH: Condition = or(
  oneOf('program', HEALTH_PROGRAMS),
  equals('toDepartment', 'DISABLED_PERSONS_FEDERATION'),
);

/**
 * Rules whose findings imply a disability, an illness or medical costs
 * (RULES.md): D3 weighs a documented cost (a hospital bill), D5 a disability
 * subsidy, G3 and G4 a disability, G7 medical expenses.
 */
export const HEALTH_RULES: readonly string[] = ['D3', 'D5', 'G3', 'G4', 'G7'];

export const FINDING_REVEALS_HEALTH: Condition = oneOf('rule', HEALTH_RULES);

/**
 * The exchange fields (EXCHANGE.md) that carry a personal detail, per object
 * type: a write of one answers "unchanged" exactly when the stored value
 * equals the sent one, so writing it is reading it, and needs a purpose too
 * (writes.ts, refuseWithoutPurpose). The same details as SENSITIVE_FIELDS,
 * under their exchange names. A whole `expense` line is a medical cost; a
 * record's `details` hold its department's personal details, and a record
 * that reveals health (RECORD_REVEALS_HEALTH) does so by being sent at all.
 */
export const PERSONAL_EXCHANGE_FIELDS: Record<string, readonly string[]> = {
  person: ['name', 'disabilityGrade', 'disabilityType'],
  household: ['monthlyIncomePerCapita'],
  record: ['eventRef', 'expenseBasis', 'details'],
  expense: ['amount'],
};
