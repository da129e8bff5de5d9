// Building valid exchange objects for tests: real ID numbers (check character
// computed), households with members, and records.
import { checkCharacter } from '../../src/lib/ids';

/** A valid 18-character ID number for a county, birth date and sequence. */
export function idNumberFor(county: string, birthDate: string, sequence: number): string {
  const body = `${county}${birthDate.replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`;
  return body + checkCharacter(body);
}

export interface TestFamily {
  sourceId: string;
  head: string;
  spouse: string;
  child: string;
}

export function family(county: string, n: number): TestFamily {
  return {
    sourceId: `HH-T-${county}-${String(n).padStart(4, '0')}`,
    head: idNumberFor(county, '1980-05-17', n * 3),
    spouse: idNumberFor(county, '1982-09-03', n * 3 + 1),
    child: idNumberFor(county, '2014-02-11', n * 3 + 2),
  };
}

export function householdObject(county: string, f: TestFamily) {
  return {
    type: 'household',
    sourceId: f.sourceId,
    regionCode: county,
    township: '测试街道',
    area: 'URBAN',
    monthlyIncomePerCapita: '420.00',
    members: [
      { idNumber: f.head, relation: 'HEAD' },
      { idNumber: f.spouse, relation: 'SPOUSE' },
      { idNumber: f.child, relation: 'CHILD' },
    ],
  };
}

const base = { endDate: null, status: 'ACTIVE', eventRef: null, expenseBasis: null, charityProgramCode: null };

/** A dibao for the household, an education grant for the child, a premium subsidy for the head. */
export function familyRecords(county: string, f: TestFamily, n: number) {
  return [
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: `CA-T-${n}`, program: 'DIBAO', beneficiaryIdNumber: f.head,
      householdSourceId: f.sourceId, regionCode: county, amount: '1140.00', frequency: 'MONTHLY', startDate: '2026-01-01',
      needCategory: 'LIVING', ...base, details: { dibaoGrade: 2, assessedIncomePerCapita: '420.00' },
    },
    {
      type: 'record', department: 'EDUCATION', sourceRecordId: `EDU-T-${n}`, program: 'EDU_GRANT', beneficiaryIdNumber: f.child,
      regionCode: county, amount: '1250.00', frequency: 'PER_TERM', startDate: '2026-03-01', needCategory: 'EDUCATION',
      ...base, endDate: '2026-07-10', details: { schoolTerm: '2026-SPRING', schoolStage: 'PRIMARY' },
    },
    {
      type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: `HS-T-${n}`, program: 'MEDICAL_PREMIUM_SUBSIDY',
      beneficiaryIdNumber: f.head, regionCode: county, amount: '380.00', frequency: 'ANNUAL', startDate: '2026-01-01',
      needCategory: 'MEDICAL', ...base, endDate: '2026-12-31',
    },
  ];
}
