// A small, fully known world for the security tests: two counties in two
// cities, two households, a person outside every household, records of several
// departments with personal details, an expense, and two charities with one
// program and one grant each. Stored through the ingestion service as an
// administrator import, like `assist-hub import`.
import { ingest } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { idNumberFor } from '../helpers/exchange';
import type { GraphqlResponse, TestHub } from '../helpers/hub';

/** 锦江区 (Chengdu) and 顺庆区 (Nanchong): a caller of 5101 sees the first only. */
export const CHENGDU = '510104';
export const NANCHONG = '511302';

export const RED_CROSS = 'RED-CROSS-SC';
export const ONE_FOUNDATION = 'ONE-FOUNDATION-SC';
export const RED_CROSS_PROGRAM = 'RED-CROSS-SC-2026-EDU';
export const ONE_FOUNDATION_PROGRAM = 'ONE-FOUNDATION-SC-2026-MED';

/** ID numbers of the people in the world; their names are below. */
export const ID = {
  zhangSan: idNumberFor(CHENGDU, '1980-05-17', 11), // head of HH-SEC-A, disabled (grade 2)
  liXiaohong: idNumberFor(CHENGDU, '1982-09-03', 12), // spouse in HH-SEC-A: covered by its dibao, beneficiary of nothing
  zhangXiaoming: idNumberFor(CHENGDU, '2014-02-11', 13), // child in HH-SEC-A, Red Cross grantee
  wangWu: idNumberFor(NANCHONG, '1975-01-20', 21), // head of HH-SEC-B, One Foundation grantee
  zhaoLiu: idNumberFor(NANCHONG, '1990-07-07', 31), // lives in Nanchong, in no household, paid temporary aid in Chengdu
  nobody: idNumberFor(CHENGDU, '1999-12-31', 99), // valid, never sent to the hub
} as const;

export const NAME = { zhangSan: '张三', liXiaohong: '李小红', zhangXiaoming: '张小明', wangWu: '王五', zhaoLiu: '赵六' } as const;

export const HOUSEHOLD_A = 'HH-SEC-A'; // 锦江区
export const HOUSEHOLD_B = 'HH-SEC-B'; // 顺庆区

const open = { endDate: null, eventRef: null, expenseBasis: null, charityProgramCode: null };

function objects() {
  return [
    { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
    { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
    { type: 'region', code: CHENGDU, name: '锦江区', parentCode: '510100', level: 'COUNTY' },
    { type: 'region', code: '511300', name: '南充市', parentCode: '510000', level: 'CITY' },
    { type: 'region', code: NANCHONG, name: '顺庆区', parentCode: '511300', level: 'COUNTY' },
    { type: 'standard', regionCode: CHENGDU, year: 2026, program: 'DIBAO', area: 'URBAN', monthlyAmount: '1140.00' },
    { type: 'person', idNumber: ID.zhangSan, name: NAME.zhangSan, residenceRegionCode: CHENGDU, disabilityGrade: 2, disabilityType: 'PHYSICAL' },
    { type: 'person', idNumber: ID.liXiaohong, name: NAME.liXiaohong, residenceRegionCode: CHENGDU },
    { type: 'person', idNumber: ID.zhangXiaoming, name: NAME.zhangXiaoming, residenceRegionCode: CHENGDU, schoolStage: 'PRIMARY' },
    { type: 'person', idNumber: ID.wangWu, name: NAME.wangWu, residenceRegionCode: NANCHONG },
    { type: 'person', idNumber: ID.zhaoLiu, name: NAME.zhaoLiu, residenceRegionCode: NANCHONG, hukouRegionCode: NANCHONG },
    {
      type: 'household', sourceId: HOUSEHOLD_A, regionCode: CHENGDU, township: '书院街街道', area: 'URBAN', monthlyIncomePerCapita: '420.00',
      members: [
        { idNumber: ID.zhangSan, relation: 'HEAD' },
        { idNumber: ID.liXiaohong, relation: 'SPOUSE' },
        { idNumber: ID.zhangXiaoming, relation: 'CHILD' },
      ],
    },
    {
      type: 'household', sourceId: HOUSEHOLD_B, regionCode: NANCHONG, township: '中城街道', area: 'URBAN', monthlyIncomePerCapita: '380.00',
      members: [{ idNumber: ID.wangWu, relation: 'HEAD' }],
    },
    // Dibao of household A: January to March 2026 (covers every current member).
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-CA-A', program: 'DIBAO', beneficiaryIdNumber: ID.zhangSan,
      householdSourceId: HOUSEHOLD_A, regionCode: CHENGDU, amount: '1140.00', frequency: 'MONTHLY', startDate: '2026-01-01',
      status: 'ACTIVE', needCategory: 'LIVING', ...open, endDate: '2026-03-31', details: { dibaoGrade: 2, assessedIncomePerCapita: '420.00' },
    },
    // Dibao of household B, open-ended.
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-CA-B', program: 'DIBAO', beneficiaryIdNumber: ID.wangWu,
      householdSourceId: HOUSEHOLD_B, regionCode: NANCHONG, amount: '980.00', frequency: 'MONTHLY', startDate: '2026-01-01',
      status: 'ACTIVE', needCategory: 'LIVING', ...open, details: { dibaoGrade: 1, assessedIncomePerCapita: '380.00' },
    },
    // Temporary aid paid in Chengdu to a person tied only to Nanchong.
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-CA-X', program: 'TEMPORARY', beneficiaryIdNumber: ID.zhaoLiu,
      regionCode: CHENGDU, amount: '2000.00', frequency: 'ONE_OFF', startDate: '2026-06-01', status: 'ACTIVE', needCategory: 'EMERGENCY',
      ...open, endDate: '2026-06-01', details: { reason: '住房失火' },
    },
    // A cancelled housing aid for the spouse: it does not count.
    {
      type: 'record', department: 'CIVIL_AFFAIRS', sourceRecordId: 'SEC-CA-CANCELLED', program: 'TEMPORARY', beneficiaryIdNumber: ID.liXiaohong,
      regionCode: CHENGDU, amount: '500.00', frequency: 'ONE_OFF', startDate: '2026-05-01', status: 'CANCELLED', needCategory: 'HOUSING',
      ...open, endDate: '2026-05-01',
    },
    {
      type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: 'SEC-HS-A', program: 'MEDICAL_ASSISTANCE', beneficiaryIdNumber: ID.zhangSan,
      regionCode: CHENGDU, amount: '3000.00', frequency: 'ONE_OFF', startDate: '2026-05-20', status: 'ACTIVE', needCategory: 'MEDICAL',
      ...open, endDate: '2026-05-20',
      details: { hospitalName: '四川大学华西医院', billTotal: '12000.00', insurancePaid: '8000.00', admissionDate: '2026-05-02', dischargeDate: '2026-05-16' },
    },
    {
      type: 'record', department: 'DISABLED_PERSONS_FEDERATION', sourceRecordId: 'SEC-DPF-A', program: 'DISABILITY_NURSING_SUBSIDY',
      beneficiaryIdNumber: ID.zhangSan, regionCode: CHENGDU, amount: '100.00', frequency: 'MONTHLY', startDate: '2026-01-01',
      status: 'ACTIVE', needCategory: 'DISABILITY_CARE', ...open, details: { disabilityGrade: 2, disabilityType: 'PHYSICAL' },
    },
    { type: 'expense', department: 'HEALTHCARE_SECURITY', sourceId: 'SEC-EXP-A', idNumber: ID.zhangSan, category: 'MEDICAL', amount: '4000.00', date: '2026-05-16' },
    {
      type: 'charityProgram', code: RED_CROSS_PROGRAM, name: '博爱助学', organization: RED_CROSS, needCategory: 'EDUCATION',
      regionCodes: ['5101'], budget: '100000.00', startDate: '2026-01-01', endDate: '2026-12-31',
    },
    {
      type: 'charityProgram', code: ONE_FOUNDATION_PROGRAM, name: '大病救助', organization: ONE_FOUNDATION, needCategory: 'MEDICAL',
      regionCodes: ['5113'], budget: '200000.00', startDate: '2026-01-01', endDate: null,
    },
    {
      type: 'record', department: 'CHARITY', sourceRecordId: 'SEC-RC-1', program: 'CHARITY_GRANT', beneficiaryIdNumber: ID.zhangXiaoming,
      regionCode: CHENGDU, amount: '1200.00', frequency: 'ONE_OFF', startDate: '2026-09-01', status: 'ACTIVE', needCategory: 'EDUCATION',
      ...open, endDate: '2026-09-01', charityProgramCode: RED_CROSS_PROGRAM, details: { purpose: '秋季学期助学金' },
    },
    {
      type: 'record', department: 'CHARITY', sourceRecordId: 'SEC-OF-1', program: 'CHARITY_GRANT', beneficiaryIdNumber: ID.wangWu,
      regionCode: NANCHONG, amount: '5000.00', frequency: 'ONE_OFF', startDate: '2026-04-01', status: 'ACTIVE', needCategory: 'MEDICAL',
      ...open, endDate: '2026-04-01', charityProgramCode: ONE_FOUNDATION_PROGRAM, details: { purpose: '住院自付部分' },
    },
  ];
}

/** Stores the world; fails loudly if any object is rejected, so no test runs on half a world. */
export async function seedWorld(hub: TestHub): Promise<void> {
  const summary = await ingest(hub.db.prisma, objects().map((input, position) => ({ position, input })), {
    sender: { name: 'test:admin', department: null },
    personKeyPepper: hub.config.idPepper,
  });
  if (summary.rejected > 0) throw new Error(`world not stored: ${JSON.stringify(summary.rejections)}`);
}

export const keyOf = (hub: TestHub, idNumber: string) => personKey(idNumber, hub.config.idPepper);

/** The extensions of the first error, where code, field and reason are. */
export const firstError = (body: { errors?: { message: string; extensions?: Record<string, any> }[] }) => body.errors?.[0];

/** The audit entries written while `run` ran (ids only grow; a rolled-back append may skip one). */
export async function auditedDuring(hub: TestHub, run: () => Promise<unknown>) {
  const last = await hub.db.prisma.auditEntry.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  await run();
  return hub.db.prisma.auditEntry.findMany({ where: { id: { gt: last?.id ?? 0n } }, orderBy: { id: 'asc' } });
}

/**
 * What a response tells the caller about the data: status, data and errors.
 * Leaves out `extensions` (request cost and rate-limit budget), which depend
 * on the query and the caller's recent requests, never on the data, and the
 * errors' stack traces, which only development mode sends.
 */
type SeenError = { message: string; path?: (string | number)[]; extensions?: Record<string, any> };

export const seen = (response: GraphqlResponse) => ({
  status: response.status,
  data: response.body.data,
  errors: response.body.errors?.map(({ extensions, ...error }): SeenError => {
    if (!extensions) return error;
    const { stacktrace: _stack, ...rest } = extensions;
    return { ...error, extensions: rest };
  }),
});
