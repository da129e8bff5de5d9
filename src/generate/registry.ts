// Regions and standards of the planted set: the demo's slice of Sichuan plus
// 金牛区, with standards chosen so that the standard lookups of RULES.md are
// put to the test. G7 reads `standard(...)` with the fallback to the nearest
// registered ancestor; G8 reads only standards registered for the exact region.
//
//   510000 四川省     registered (TEKUN exactly 1.3 × DIBAO: no G8)
//   510100 成都市     registered (exactly 1.3: no G8) — 武侯区 510107 has none and falls back here
//   510104, 510105, 510121, 513401   registered, 1.3 or more
//   510106 金牛区     registered only for the year before D (TEKUN below 1.3: not G8, wrong year)
//   511300 南充市     registered, TEKUN below 1.3 × DIBAO in both areas: two G8 findings
//   511302 顺庆区     RURAL TEKUN 701.99 < 702.00: a G8 finding; URBAN exactly 1.3
//   511321 南部县     DIBAO only (its TEKUN would come from 南充市, below 1.3; not G8: not both exact)
//   513400, 513431    none: 昭觉县 falls back two levels, to 四川省
import { DEMO_REGIONS } from '../demo';
import { COUNTIES, type CountyProfile } from '../demo/regions';
import type { Area, RegionObject, StandardObject } from '../demo/types';

export const JINNIU: CountyProfile = {
  code: '510106', name: '金牛区', cityCode: '510100', urbanShare: 1, weight: 25, yiShare: 0,
  urbanTownships: ['西安路街道', '抚琴街道', '营门口街道', '茶店子街道'],
  ruralTownships: [],
};

export const PLANTED_COUNTIES: readonly CountyProfile[] = [...COUNTIES, JINNIU];

export function regions(): RegionObject[] {
  const jinniu: RegionObject = { type: 'region', code: JINNIU.code, name: JINNIU.name, parentCode: JINNIU.cityCode, level: 'COUNTY' };
  return [...DEMO_REGIONS.map((r) => ({ ...r })), jinniu];
}

/** Parent of each region code (null for the province). */
export const PARENT: ReadonlyMap<string, string | null> = new Map(regions().map((r) => [r.code, r.parentCode]));

type Row = readonly [region: string, urbanDibao: string, ruralDibao: string, urbanTekun: string | null, ruralTekun: string | null];

/** Standards for year(D). */
const THIS_YEAR: readonly Row[] = [
  ['510000', '600.00', '450.00', '780.00', '585.00'],
  ['510100', '780.00', '640.00', '1014.00', '832.00'],
  ['510104', '800.00', '650.00', '1040.00', '845.00'],
  ['510105', '800.00', '650.00', '1040.00', '845.00'],
  ['510121', '780.00', '650.00', '1014.00', '845.00'],
  ['511300', '700.00', '520.01', '900.00', '676.01'],
  ['511302', '720.00', '540.00', '936.00', '701.99'],
  ['511321', '700.00', '520.00', null, null],
  ['513401', '710.00', '520.01', '923.00', '676.02'],
];

/** Standards for the year before D: only 金牛区, whose own TEKUN is far too low then. */
const LAST_YEAR: readonly Row[] = [['510106', '900.00', '700.00', '1000.00', '910.00']];

export function standards(year: number): StandardObject[] {
  const rows = (list: readonly Row[], y: number): StandardObject[] =>
    list.flatMap(([regionCode, urbanDibao, ruralDibao, urbanTekun, ruralTekun]) => {
      const out: StandardObject[] = [
        { type: 'standard', regionCode, year: y, program: 'DIBAO', area: 'URBAN', monthlyAmount: urbanDibao },
        { type: 'standard', regionCode, year: y, program: 'DIBAO', area: 'RURAL', monthlyAmount: ruralDibao },
      ];
      if (urbanTekun) out.push({ type: 'standard', regionCode, year: y, program: 'TEKUN', area: 'URBAN', monthlyAmount: urbanTekun });
      if (ruralTekun) out.push({ type: 'standard', regionCode, year: y, program: 'TEKUN', area: 'RURAL', monthlyAmount: ruralTekun });
      return out;
    });
  return [...rows(LAST_YEAR, year - 1), ...rows(THIS_YEAR, year)];
}

/** The G8 findings this table plants: region and area where TEKUN < 1.3 × DIBAO, both registered for year(D). */
export const TEKUN_BELOW_POLICY: readonly { regionCode: string; area: Area; note: string }[] = [
  { regionCode: '511300', area: 'URBAN', note: '南充市 URBAN: TEKUN 900.00 < 1.3 × 700.00 = 910.00 (a city, not only counties)' },
  { regionCode: '511300', area: 'RURAL', note: '南充市 RURAL: TEKUN 676.01 < 1.3 × 520.01 = 676.013 (below by a fraction of a fen)' },
  { regionCode: '511302', area: 'RURAL', note: '顺庆区 RURAL: TEKUN 701.99 < 1.3 × 540.00 = 702.00' },
];

/** The G8 near-misses of the table, for the case list. */
export const TEKUN_STANDARD_NEAR_MISSES: readonly string[] = [
  'TEKUN exactly 1.3 × DIBAO (四川省, 成都市, 锦江区, 青羊区, 金堂县, 顺庆区 URBAN): not below',
  '西昌市 RURAL: TEKUN 676.02 ≥ 1.3 × 520.01 = 676.013',
  '南部县: DIBAO registered, TEKUN only through its city (below 1.3): not both registered for the exact region',
  '金牛区: TEKUN below 1.3 × DIBAO, but registered only for the year before D',
  '武侯区, 昭觉县: no standard of their own',
];

/**
 * `standard(region, year(D), DIBAO, area)` of RULES.md: the county's own, or
 * its nearest registered ancestor's (in fen).
 */
export function dibaoStandardFen(regionCode: string, area: Area): number {
  for (let code: string | null | undefined = regionCode; code; code = PARENT.get(code)) {
    const row = THIS_YEAR.find(([region]) => region === code);
    if (row) {
      const amount = area === 'URBAN' ? row[1] : row[2];
      const [yuan, cents] = amount.split('.');
      return Number(yuan) * 100 + Number(cents);
    }
  }
  throw new RangeError(`no DIBAO standard for ${regionCode} or any ancestor`);
}

export function countyProfile(code: string): CountyProfile {
  const county = PLANTED_COUNTIES.find((c) => c.code === code);
  if (!county) throw new RangeError(`not a county of the planted set: ${code}`);
  return county;
}
