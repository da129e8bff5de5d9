// A small world for the oversight tests: two counties far apart (锦江区 in
// Chengdu, 昭觉县 in Liangshan), a family in each with records of several
// departments, and findings written straight into the finding table as the
// detection runner would write them, so the subgraph is tested on its own.
import type { Prisma, PrismaClient } from '../../src/db/client/prisma/client';
import { ingest } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { family, householdObject, type TestFamily } from '../helpers/exchange';
import type { TestHub } from '../helpers/hub';

export const CHENGDU = '510104';
export const LIANGSHAN = '513431';

export const REGIONS = [
  { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
  { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '510104', name: '锦江区', parentCode: '510100', level: 'COUNTY' },
  { type: 'region', code: '513400', name: '凉山彝族自治州', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '513431', name: '昭觉县', parentCode: '513400', level: 'COUNTY' },
];

export const A: TestFamily = family(CHENGDU, 701);
export const B: TestFamily = family(LIANGSHAN, 702);

const base = { status: 'ACTIVE', endDate: null, eventRef: null, expenseBasis: null, charityProgramCode: null, needCategory: 'LIVING' };
export const record = (department: string, sourceRecordId: string, program: string, beneficiary: string, regionCode: string, extra: object = {}) => ({
  type: 'record', department, sourceRecordId, program, beneficiaryIdNumber: beneficiary, regionCode,
  amount: '500.00', frequency: 'MONTHLY', startDate: '2026-01-01', ...base, ...extra,
});

export const RECORDS = [
  record('CIVIL_AFFAIRS', 'CA-A-DIBAO', 'DIBAO', A.head, CHENGDU, { householdSourceId: A.sourceId, amount: '1140.00' }),
  record('CIVIL_AFFAIRS', 'CA-A-TEKUN', 'TEKUN', A.head, CHENGDU, { amount: '1300.00' }),
  record('DISABLED_PERSONS_FEDERATION', 'DPF-A-LIVING', 'DISABILITY_LIVING_SUBSIDY', A.spouse, CHENGDU, { needCategory: 'DISABILITY_CARE', amount: '90.00' }),
  record('CIVIL_AFFAIRS', 'CA-B-DIBAO', 'DIBAO', B.head, LIANGSHAN, { householdSourceId: B.sourceId, amount: '760.00' }),
  record('CIVIL_AFFAIRS', 'CA-B-TEKUN', 'TEKUN', B.head, LIANGSHAN, { amount: '990.00' }),
];

/**
 * Regions, both families and (unless told otherwise) their records, stored by
 * the ingestion service as an administrator import. Not through the batch
 * mutation: its check at the door would open findings the tests write themselves.
 */
export async function seedWorld(hub: TestHub, records: object[] = RECORDS): Promise<void> {
  const objects = [...REGIONS, householdObject(CHENGDU, A), householdObject(LIANGSHAN, B), ...records];
  const summary = await ingest(hub.db.prisma, objects.map((input, position) => ({ position, input })), {
    sender: { name: 'test:admin', department: null },
    personKeyPepper: hub.config.idPepper,
  });
  if (summary.rejected > 0) throw new Error(`seeding failed: ${JSON.stringify(summary.rejections)}`);
}

export const keyOf = (hub: TestHub, idNumber: string) => personKey(idNumber, hub.config.idPepper);

type FindingRow = Prisma.FindingUncheckedCreateInput;

/** A finding as the runner stores it; `key` makes its identity. */
export function findingRow(fields: Partial<FindingRow> & Pick<FindingRow, 'rule' | 'kind' | 'regionCode'>): FindingRow {
  const records = fields.records as string[] | undefined;
  return {
    findingKey: `${fields.rule}|${(records ?? []).join('|') || fields.personKey || fields.householdSourceId || fields.regionCode}`,
    regionCodes: [fields.regionCode],
    records: [],
    departments: [],
    suggestedPrograms: [],
    asOf: new Date('2026-11-20T00:00:00Z'),
    firstFoundAsOf: new Date('2026-11-20T00:00:00Z'),
    ...fields,
  };
}

export type FindingName = 'aD1' | 'aD5' | 'aG3' | 'aG5' | 'bD1' | 'bG1' | 'aD1old';

export interface World {
  /** Finding ids by name. */
  ids: Record<FindingName, string>;
}

/**
 * The findings: duplicates and gaps in both counties, one involving two
 * departments, one no longer found (RESOLVED by the runner).
 */
export async function seedFindings(hub: TestHub, prisma: PrismaClient): Promise<World> {
  const rows: Record<FindingName, FindingRow> = {
    aD1: findingRow({
      rule: 'D1', kind: 'DUPLICATE', regionCode: CHENGDU, personKey: keyOf(hub, A.head), householdSourceId: A.sourceId,
      records: ['CIVIL_AFFAIRS:CA-A-DIBAO', 'CIVIL_AFFAIRS:CA-A-TEKUN'], departments: ['CIVIL_AFFAIRS'], overpayment: '1560.00',
    }),
    aD5: findingRow({
      rule: 'D5', kind: 'DUPLICATE', regionCode: CHENGDU, personKey: keyOf(hub, A.spouse),
      records: ['CIVIL_AFFAIRS:CA-A-TEKUN', 'DISABLED_PERSONS_FEDERATION:DPF-A-LIVING'], departments: ['CIVIL_AFFAIRS', 'DISABLED_PERSONS_FEDERATION'],
      overpayment: '900.50',
    }),
    aG3: findingRow({
      rule: 'G3', kind: 'GAP', regionCode: CHENGDU, personKey: keyOf(hub, A.child),
      suggestedPrograms: ['DISABILITY_NURSING_SUBSIDY'], departments: ['DISABLED_PERSONS_FEDERATION'],
    }),
    aG5: findingRow({
      rule: 'G5', kind: 'GAP', regionCode: CHENGDU, householdSourceId: A.sourceId,
      suggestedPrograms: ['PUBLIC_WELFARE_JOB', 'EMPLOYMENT_TRAINING'], departments: ['HUMAN_RESOURCES'],
    }),
    bD1: findingRow({
      rule: 'D1', kind: 'DUPLICATE', regionCode: LIANGSHAN, personKey: keyOf(hub, B.head), householdSourceId: B.sourceId,
      records: ['CIVIL_AFFAIRS:CA-B-DIBAO', 'CIVIL_AFFAIRS:CA-B-TEKUN'], departments: ['CIVIL_AFFAIRS'], overpayment: '2000.00',
    }),
    bG1: findingRow({
      rule: 'G1', kind: 'GAP', regionCode: LIANGSHAN, personKey: keyOf(hub, B.child),
      suggestedPrograms: ['EDU_GRANT'], departments: ['EDUCATION'],
    }),
    aD1old: findingRow({
      rule: 'D1', kind: 'DUPLICATE', regionCode: CHENGDU, findingKey: 'D1|CIVIL_AFFAIRS:CA-OLD-1|CIVIL_AFFAIRS:CA-OLD-2',
      records: ['CIVIL_AFFAIRS:CA-OLD-1', 'CIVIL_AFFAIRS:CA-OLD-2'], departments: ['CIVIL_AFFAIRS'], overpayment: '100.00',
      current: false, status: 'RESOLVED',
    }),
  };
  const ids = {} as World['ids'];
  for (const [name, data] of Object.entries(rows) as [FindingName, FindingRow][]) ids[name] = String((await prisma.finding.create({ data })).id);
  return { ids };
}
