// The world of the field-path walk (fieldWalk.test.ts): two families, one in
// a Chengdu county (510104, under 5101) and one in a Nanchong county (511302,
// under 5113), built alike, and a Nanchong resident paid temporary aid in
// Chengdu (the record is Chengdu's to see, the person is not). Every personal
// value is a sentinel: a string or number that appears nowhere else in the
// data, so that finding it anywhere in an answer proves that this very detail
// came back. Each sentinel is tagged with its subject (person or household),
// the counties from which it may be seen, its kind and where it is kept (the
// registry, or a department's record). Health that is
// revealed by a fact rather than a text (a record of a disability or medical
// program existing at all, a finding of a rule that implies disability or
// illness, a referral for such a program) is listed too, read back from the
// database after detection ran.
//
// Stored through the ingestion service as an administrator import (like
// accessWorld.ts); findings are made by the detection runner itself; a
// referral is opened over GraphQL by the county's caseworker.
import { ingest } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { runDetection } from '../../src/detection/detect';
import { idNumberFor } from '../helpers/exchange';
import type { TestHub } from '../helpers/hub';

export const COUNTIES = { chengdu: '510104', nanchong: '511302' } as const;
export type CountyName = keyof typeof COUNTIES;

/** The charity that pays both families' grants, and one that pays nobody here. */
export const WALK_CHARITY = 'FW-CHARITY';
export const OTHER_CHARITY = 'FW-OTHER-CHARITY';

/** The as-of date detection runs with. */
export const AS_OF = '2026-06-30';

/** What a sentinel reveals (ACCESS.md, Personal data). */
export type SentinelKind = 'identity' | 'disability' | 'income' | 'health' | 'circumstances';

/** Where a detail is kept: persons and households (the registry), or a department's records and expenses. */
export type Source = 'registry' | 'records';

export interface Subject {
  personKey?: string;
  householdSourceId?: string;
}

export interface Sentinel {
  label: string;
  value: string | number;
  /**
   * How it is recognised in an answer: `text` anywhere inside a string,
   * `exact` as a whole value, `keyed` as a value under a property of that
   * name (a disability grade is a small number: only its key makes it one).
   */
  match: 'text' | 'exact' | { key: string };
  kind: SentinelKind;
  source: Source;
  subject: Subject;
  /**
   * The counties whose callers may see it: the person's or household's county
   * for the registry; for a record, where it was paid and where its
   * beneficiary lives (ACCESS.md: records "for people in their regions").
   */
  counties: string[];
  /** A charity organisation that wrote this value itself (its own grant). */
  writtenBy?: string;
}

/** A finding as stored. */
export interface FindingFact {
  id: string;
  rule: string;
  kind: 'DUPLICATE' | 'GAP';
  subject: Subject;
  regionCode: string;
  regionCodes: string[];
  departments: string[];
  records: string[];
}

/** A referral as stored. */
export interface ReferralFact {
  id: string;
  program: string | null;
  subject: Subject;
  regionCode: string;
  toDepartment: string;
}

export interface FamilyKeys {
  county: string;
  household: string;
  idNumbers: { head: string; spouse: string; child: string };
  personKeys: { head: string; spouse: string; child: string };
  recordIds: string[];
  charityProgram: string;
}

export interface FieldWalkWorld {
  families: Record<CountyName, FamilyKeys>;
  /** The Nanchong resident paid in Chengdu: person key, ID number, record id. */
  cross: { personKey: string; idNumber: string; recordId: string };
  sentinels: Sentinel[];
  /** Every finding detection stored. */
  findings: FindingFact[];
  referrals: ReferralFact[];
  regionCodes: string[];
}

/** One family's unique values; nothing here occurs twice in the whole world. */
interface FamilyValues {
  county: string;
  city: string;
  seq: number;
  names: { head: string; spouse: string; child: string };
  births: { head: string; spouse: string; child: string };
  headDisability: { grade: number; type: string };
  nursingDisabilityType: string;
  householdIncome: string;
  assessedIncome: string;
  temporaryReason: string;
  hospital: string;
  billTotal: string;
  insurancePaid: string;
  outOfPocket: string;
  admission: string;
  discharge: string;
  eventRef: string;
  expenseBasis: string;
  expense: string;
  grantPurpose: string;
  deviceName: string;
}

const VALUES: Record<CountyName, FamilyValues> = {
  chengdu: {
    county: COUNTIES.chengdu,
    city: '510100',
    seq: 810,
    names: { head: '哨兵甲', spouse: '哨兵乙', child: '哨兵丙' },
    births: { head: '1975-03-08', spouse: '1977-11-21', child: '2012-06-15' },
    headDisability: { grade: 1, type: 'MULTIPLE' },
    nursingDisabilityType: 'VISUAL',
    householdIncome: '437.19',
    assessedIncome: '419.83',
    temporaryReason: '哨兵事由：甲户厨房失火',
    hospital: '哨兵医院华西分院',
    billTotal: '8812.37',
    insurancePaid: '5120.64',
    outOfPocket: '3691.73',
    admission: '2026-02-13',
    discharge: '2026-02-27',
    eventRef: 'EVT-SENTINEL-510104',
    expenseBasis: '8765.43',
    expense: '6543.21',
    grantPurpose: '哨兵用途：丙生秋季学费',
    deviceName: '哨兵轮椅甲型',
  },
  nanchong: {
    county: COUNTIES.nanchong,
    city: '511300',
    seq: 820,
    names: { head: '哨兵丁', spouse: '哨兵戊', child: '哨兵己' },
    births: { head: '1971-08-19', spouse: '1973-01-29', child: '2011-10-04' },
    headDisability: { grade: 2, type: 'INTELLECTUAL' },
    nursingDisabilityType: 'HEARING',
    householdIncome: '452.61',
    assessedIncome: '428.57',
    temporaryReason: '哨兵事由：丁户房屋倒塌',
    hospital: '哨兵医院顺庆分院',
    billTotal: '9923.48',
    insurancePaid: '6230.75',
    outOfPocket: '3692.73',
    admission: '2026-04-09',
    discharge: '2026-04-21',
    eventRef: 'EVT-SENTINEL-511302',
    expenseBasis: '8876.54',
    expense: '6654.32',
    grantPurpose: '哨兵用途：己生秋季学费',
    deviceName: '哨兵轮椅丁型',
  },
};

const idsOf = (v: FamilyValues) => ({
  head: idNumberFor(v.county, v.births.head, v.seq + 1),
  spouse: idNumberFor(v.county, v.births.spouse, v.seq + 2),
  child: idNumberFor(v.county, v.births.child, v.seq + 3),
});

const householdOf = (v: FamilyValues) => `HH-FW-${v.county}`;
const programOf = (v: FamilyValues) => `FW-CHARITY-${v.county}-EDU`;
const rid = (v: FamilyValues, what: string) => `FW-${v.county}-${what}`;

/** The exchange objects of one family (regions and standards aside). */
function familyObjects(v: FamilyValues) {
  const id = idsOf(v);
  const open = { endDate: null, eventRef: null, expenseBasis: null, charityProgramCode: null };
  const monthly = { frequency: 'MONTHLY', startDate: '2026-01-01', status: 'ACTIVE', ...open };
  const oneOff = (date: string) => ({ frequency: 'ONE_OFF', startDate: date, status: 'ACTIVE', ...open, endDate: date });
  const place = { regionCode: v.county };
  return [
    {
      type: 'person', idNumber: id.head, name: v.names.head, hukouRegionCode: v.county, residenceRegionCode: v.county,
      disabilityGrade: v.headDisability.grade, disabilityType: v.headDisability.type,
    },
    { type: 'person', idNumber: id.spouse, name: v.names.spouse, hukouRegionCode: v.county, residenceRegionCode: v.county },
    { type: 'person', idNumber: id.child, name: v.names.child, hukouRegionCode: v.county, residenceRegionCode: v.county },
    {
      type: 'household', sourceId: householdOf(v), ...place, township: '测试街道', area: 'URBAN', monthlyIncomePerCapita: v.householdIncome,
      members: [
        { idNumber: id.head, relation: 'HEAD' },
        { idNumber: id.spouse, relation: 'SPOUSE' },
        { idNumber: id.child, relation: 'CHILD' },
      ],
    },
    // The household's dibao, with the assessed income it was computed from.
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: rid(v, 'CA-DIBAO'), program: 'DIBAO', beneficiaryIdNumber: id.head,
      householdSourceId: householdOf(v), ...place, amount: '1140.00', needCategory: 'LIVING', ...monthly,
      details: { dibaoGrade: 3, assessedIncomePerCapita: v.assessedIncome },
    },
    // TEKUN and a disability living subsidy for the head: D5 (and D1 with the dibao).
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: rid(v, 'CA-TEKUN'), program: 'TEKUN', beneficiaryIdNumber: id.head,
      ...place, amount: '1310.00', needCategory: 'LIVING', ...monthly, details: { supportMode: 'DISPERSED' },
    },
    {
      type: 'record', department: 'DISABLED_PERSONS_FEDERATION', sourceRecordId: rid(v, 'DPF-LIVING'), program: 'DISABILITY_LIVING_SUBSIDY',
      beneficiaryIdNumber: id.head, ...place, amount: '100.00', needCategory: 'DISABILITY_CARE', ...monthly, details: {},
    },
    // A wheelchair for the head (severely disabled, no nursing subsidy: G3).
    {
      type: 'record', department: 'DISABLED_PERSONS_FEDERATION', sourceRecordId: rid(v, 'DPF-DEVICE'), program: 'ASSISTIVE_DEVICE',
      beneficiaryIdNumber: id.head, ...place, amount: '1500.00', needCategory: 'DISABILITY_CARE', ...oneOff('2026-05-11'),
      details: { deviceName: v.deviceName },
    },
    // The spouse's nursing subsidy (the certificate's type, no grade) and hospital stay.
    {
      type: 'record', department: 'DISABLED_PERSONS_FEDERATION', sourceRecordId: rid(v, 'DPF-NURSE'), program: 'DISABILITY_NURSING_SUBSIDY',
      beneficiaryIdNumber: id.spouse, ...place, amount: '110.00', needCategory: 'DISABILITY_CARE', ...monthly,
      details: { disabilityType: v.nursingDisabilityType },
    },
    {
      type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: rid(v, 'HS-MED'), program: 'MEDICAL_ASSISTANCE',
      beneficiaryIdNumber: id.spouse, ...place, amount: '3000.00', needCategory: 'MEDICAL', ...oneOff('2026-03-05'),
      eventRef: v.eventRef, expenseBasis: v.expenseBasis,
      details: { hospitalName: v.hospital, billTotal: v.billTotal, insurancePaid: v.insurancePaid, admissionDate: v.admission, dischargeDate: v.discharge },
    },
    { type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId: rid(v, 'EXP'), idNumber: id.spouse, category: 'MEDICAL', amount: v.expense, date: '2026-03-01' },
    // Temporary aid for the child, with the reason.
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: rid(v, 'CA-TEMP'), program: 'TEMPORARY', beneficiaryIdNumber: id.child,
      ...place, amount: '2000.00', needCategory: 'EMERGENCY', ...oneOff('2026-05-20'), details: { reason: v.temporaryReason },
    },
    // The walk charity's program here, and its grant to the child with the charity's own words.
    {
      type: 'charityProgram', code: programOf(v), name: '哨兵助学', organization: WALK_CHARITY, needCategory: 'EDUCATION',
      regionCodes: [v.county], budget: '100000.00', startDate: '2026-01-01', endDate: '2026-12-31',
    },
    {
      type: 'record', department: 'CHARITY', sourceRecordId: rid(v, 'GRANT'), program: 'CHARITY_GRANT', beneficiaryIdNumber: id.child,
      ...place, amount: '1200.00', needCategory: 'EDUCATION', ...oneOff('2026-09-01'), charityProgramCode: programOf(v),
      details: { purpose: v.grantPurpose },
    },
  ];
}

/** A Nanchong resident in no household, paid temporary aid in Chengdu. */
const CROSS = {
  idNumber: idNumberFor(COUNTIES.nanchong, '1988-12-02', 831),
  name: '哨兵庚',
  reason: '哨兵事由：庚在锦江务工时住处失火',
  sourceRecordId: 'FW-CROSS-CA-TEMP',
};

function crossObjects() {
  return [
    { type: 'person', idNumber: CROSS.idNumber, name: CROSS.name, hukouRegionCode: COUNTIES.nanchong, residenceRegionCode: COUNTIES.nanchong },
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: CROSS.sourceRecordId, program: 'TEMPORARY', beneficiaryIdNumber: CROSS.idNumber,
      regionCode: COUNTIES.chengdu, amount: '1800.00', frequency: 'ONE_OFF', startDate: '2026-04-14', endDate: '2026-04-14', status: 'ACTIVE',
      needCategory: 'EMERGENCY', eventRef: null, expenseBasis: null, charityProgramCode: null, details: { reason: CROSS.reason },
    },
  ];
}

function crossSentinels(pepper: string): Sentinel[] {
  const subject = { personKey: personKey(CROSS.idNumber, pepper) };
  return [
    { label: 'name of the person paid across counties (511302)', value: CROSS.name, match: 'text', kind: 'identity', source: 'registry', subject, counties: [COUNTIES.nanchong] },
    {
      label: 'reason of the temporary aid paid across counties (510104, 511302)', value: CROSS.reason, match: 'text', kind: 'circumstances',
      source: 'records', subject, counties: [COUNTIES.chengdu, COUNTIES.nanchong],
    },
  ];
}

function objects() {
  const regions = [
    { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
    { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
    { type: 'region', code: COUNTIES.chengdu, name: '锦江区', parentCode: '510100', level: 'COUNTY' },
    { type: 'region', code: '511300', name: '南充市', parentCode: '510000', level: 'CITY' },
    { type: 'region', code: COUNTIES.nanchong, name: '顺庆区', parentCode: '511300', level: 'COUNTY' },
    { type: 'standard', regionCode: COUNTIES.chengdu, year: 2026, program: 'DIBAO', area: 'URBAN', monthlyAmount: '1140.00' },
    { type: 'standard', regionCode: COUNTIES.nanchong, year: 2026, program: 'DIBAO', area: 'URBAN', monthlyAmount: '980.00' },
  ];
  return [...regions, ...familyObjects(VALUES.chengdu), ...familyObjects(VALUES.nanchong), ...crossObjects()];
}

function sentinelsOf(v: FamilyValues, pepper: string): Sentinel[] {
  const id = idsOf(v);
  const key = { head: personKey(id.head, pepper), spouse: personKey(id.spouse, pepper), child: personKey(id.child, pepper) };
  const county = v.county;
  const of = (label: string, value: string | number, match: Sentinel['match'], kind: SentinelKind, source: Source, subject: Subject, extra: Partial<Sentinel> = {}): Sentinel => ({
    label: `${label} (${county})`, value, match, kind, source, subject, counties: [county], ...extra,
  });
  const head = { personKey: key.head };
  const spouse = { personKey: key.spouse };
  const child = { personKey: key.child };
  return [
    of('name of the head', v.names.head, 'text', 'identity', 'registry', head),
    of('name of the spouse', v.names.spouse, 'text', 'identity', 'registry', spouse),
    of('name of the child', v.names.child, 'text', 'identity', 'registry', child),
    of('disability grade of the head', v.headDisability.grade, { key: 'disabilityGrade' }, 'disability', 'registry', head),
    of('disability type of the head', v.headDisability.type, 'exact', 'disability', 'registry', head),
    of('household income per capita', v.householdIncome, 'exact', 'income', 'registry', { householdSourceId: householdOf(v) }),
    of('assessed income of the dibao', v.assessedIncome, 'exact', 'income', 'records', { ...head, householdSourceId: householdOf(v) }),
    of('reason of the temporary aid', v.temporaryReason, 'text', 'circumstances', 'records', child),
    of('hospital of the medical aid', v.hospital, 'text', 'health', 'records', spouse),
    of('bill total of the medical aid', v.billTotal, 'exact', 'health', 'records', spouse),
    of('insurance paid of the medical aid', v.insurancePaid, 'exact', 'health', 'records', spouse),
    of('out of pocket of the medical aid', v.outOfPocket, 'exact', 'health', 'records', spouse),
    of('admission date of the medical aid', v.admission, 'exact', 'health', 'records', spouse),
    of('discharge date of the medical aid', v.discharge, 'exact', 'health', 'records', spouse),
    of('event reference of the medical aid', v.eventRef, 'text', 'health', 'records', spouse),
    of('expense basis of the medical aid', v.expenseBasis, 'exact', 'health', 'records', spouse),
    of('medical expense', v.expense, 'exact', 'health', 'records', spouse),
    of('disability type on the nursing subsidy', v.nursingDisabilityType, 'exact', 'disability', 'records', spouse),
    of('assistive device', v.deviceName, 'text', 'disability', 'records', head),
    of('purpose of the charity grant', v.grantPurpose, 'text', 'circumstances', 'records', child, { writtenBy: WALK_CHARITY }),
    // Health revealed by a record existing at all: its id (in `id`, `sourceRecordId`, a finding's `records`, ...).
    of('the medical assistance record', rid(v, 'HS-MED'), 'text', 'health', 'records', spouse),
    of('the nursing subsidy record', rid(v, 'DPF-NURSE'), 'text', 'disability', 'records', spouse),
    of('the disability living subsidy record', rid(v, 'DPF-LIVING'), 'text', 'disability', 'records', head),
    of('the assistive device record', rid(v, 'DPF-DEVICE'), 'text', 'disability', 'records', head),
  ];
}

/**
 * Every sentinel occurs exactly once among the stored objects (computed ones,
 * the out-of-pocket amount, never), and no other value contains a text
 * sentinel or equals an exact one: what the walk finds can only be that detail.
 */
function checkSentinelsAreUnique(all: object[], sentinels: Sentinel[]) {
  const leaves: { key: string; value: unknown }[] = [];
  const collect = (value: unknown, key: string) => {
    if (Array.isArray(value)) value.forEach((v) => collect(v, key));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => collect(v, k));
    else leaves.push({ key, value });
  };
  all.forEach((o) => collect(o, ''));
  for (const s of sentinels) {
    const hits = leaves.filter(({ key, value }) =>
      s.match === 'text'
        ? typeof value === 'string' && value.includes(String(s.value))
        : s.match === 'exact'
          ? value === s.value
          : key === s.match.key && value === s.value,
    );
    const expected = s.label.startsWith('out of pocket') ? 0 : 1;
    if (hits.length !== expected) throw new Error(`sentinel ${s.label} = ${s.value} occurs ${hits.length} times in the world, not ${expected}`);
  }
}

/** Stores the world, runs detection, opens one referral per county; fails loudly on any rejection. */
export async function seedFieldWalkWorld(hub: TestHub): Promise<FieldWalkWorld> {
  const pepper = hub.config.idPepper;
  const all = objects();
  const sentinels = [...sentinelsOf(VALUES.chengdu, pepper), ...sentinelsOf(VALUES.nanchong, pepper), ...crossSentinels(pepper)];
  checkSentinelsAreUnique(all, sentinels);

  const summary = await ingest(hub.db.prisma, all.map((input, position) => ({ position, input })), {
    sender: { name: 'test:admin', department: null },
    personKeyPepper: pepper,
  });
  if (summary.rejected > 0) throw new Error(`field-walk world not stored: ${JSON.stringify(summary.rejections)}`);

  await runDetection(hub.db.prisma, { asOf: AS_OF, startedBy: 'test:field-walk' });
  const findings = await hub.db.prisma.finding.findMany({ orderBy: { id: 'asc' } });
  const subject = (f: { personKey: string | null; householdSourceId: string | null }): Subject => ({
    ...(f.personKey ? { personKey: f.personKey } : {}),
    ...(f.householdSourceId ? { householdSourceId: f.householdSourceId } : {}),
  });
  const facts: FindingFact[] = findings.map((f) => ({
    id: String(f.id), rule: f.rule, kind: f.kind, subject: subject(f),
    regionCode: f.regionCode, regionCodes: f.regionCodes, departments: f.departments, records: f.records,
  }));
  for (const county of Object.values(COUNTIES)) {
    for (const rule of ['D5', 'G3']) {
      if (!facts.some((f) => f.rule === rule && f.regionCode === county)) throw new Error(`no ${rule} finding planted in ${county}`);
    }
  }

  // A referral from each county's G3 finding, opened by that county's caseworker.
  for (const county of Object.values(COUNTIES)) {
    const g3 = facts.find((f) => f.rule === 'G3' && f.regionCode === county)!;
    const token = await hub.token({ sub: 'test:field-walk-caseworker', role: 'CASEWORKER', regions: [county], purpose: 'field walk: referral' });
    const opened = await hub.graphql(`mutation($id: ID!) { openReferral(input: { findingId: $id, note: "nursing subsidy" }) { id } }`, {
      token,
      variables: { id: g3.id },
    });
    if (opened.body.errors || !opened.body.data?.openReferral) throw new Error(`referral not opened: ${JSON.stringify(opened.body)}`);
  }
  const referrals = await hub.db.prisma.referral.findMany({ orderBy: { id: 'asc' } });
  const referralFacts: ReferralFact[] = referrals.map((r) => ({
    id: String(r.id), program: r.program, subject: subject(r), regionCode: r.regionCode, toDepartment: r.toDepartment,
  }));

  const families = Object.fromEntries(
    (Object.keys(VALUES) as CountyName[]).map((name) => {
      const v = VALUES[name];
      const id = idsOf(v);
      const recordIds = all
        .filter((o: any) => o.type === 'record' && o.sourceRecordId.startsWith(`FW-${v.county}-`))
        .map((o: any) => `${o.department}:${o.sourceRecordId}`);
      return [
        name,
        {
          county: v.county,
          household: householdOf(v),
          idNumbers: id,
          personKeys: { head: personKey(id.head, pepper), spouse: personKey(id.spouse, pepper), child: personKey(id.child, pepper) },
          recordIds,
          charityProgram: programOf(v),
        } satisfies FamilyKeys,
      ];
    }),
  ) as Record<CountyName, FamilyKeys>;

  return {
    families,
    cross: { personKey: personKey(CROSS.idNumber, pepper), idNumber: CROSS.idNumber, recordId: `CIVIL_AFFAIRS:${CROSS.sourceRecordId}` },
    sentinels,
    findings: facts,
    referrals: referralFacts,
    regionCodes: all.filter((o: any) => o.type === 'region').map((o: any) => o.code),
  };
}
