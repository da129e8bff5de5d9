// A small world for region-scope tests: one household in Chengdu's 锦江区
// (510104) and one in Liangshan's 西昌市 (513401), stored through ingestion as
// an administrator import. Callers with regions ["5101"] see the first only.
import type { PrismaClient } from '../../src/db/client/prisma/client';
import { ingest } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { family, householdObject } from './exchange';

const REGIONS = [
  { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
  { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '510104', name: '锦江区', parentCode: '510100', level: 'COUNTY' },
  { type: 'region', code: '513400', name: '凉山彝族自治州', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '513401', name: '西昌市', parentCode: '513400', level: 'COUNTY' },
];

export interface PlacedHousehold {
  sourceId: string;
  /** Person key of the household head. */
  headKey: string;
}

export interface TwoCounties {
  /** In 510104: inside ["5101"]. */
  chengdu: PlacedHousehold;
  /** In 513401: outside ["5101"]. */
  liangshan: PlacedHousehold;
}

export async function seedTwoCounties(prisma: PrismaClient, pepper: string): Promise<TwoCounties> {
  const chengdu = family('510104', 1);
  const liangshan = family('513401', 2);
  const objects = [...REGIONS, householdObject('510104', chengdu), householdObject('513401', liangshan)];
  const summary = await ingest(
    prisma,
    objects.map((input, index) => ({ position: index, input })),
    { sender: { name: 'test:admin', department: null }, personKeyPepper: pepper },
  );
  if (summary.rejected > 0) throw new Error(`test world rejected: ${JSON.stringify(summary.rejections)}`);
  return {
    chengdu: { sourceId: chengdu.sourceId, headKey: personKey(chengdu.head, pepper) },
    liangshan: { sourceId: liangshan.sourceId, headKey: personKey(liangshan.head, pepper) },
  };
}
