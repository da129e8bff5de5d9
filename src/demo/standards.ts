// 2026 local assistance standards (保障标准). TEKUN (特困) must be at least 1.3×
// the DIBAO standard; one county is deliberately left below that so the rules
// have a realistic policy gap to find.
import { formatFen, scaleUpToYuan } from './money';
import { COUNTIES } from './regions';
import type { Area, StandardObject } from './types';

export const DEMO_YEAR = 2026;

/** Monthly DIBAO standard in fen, by county. */
const DIBAO_FEN: Readonly<Record<string, Readonly<Record<Area, number>>>> = {
  '510104': { URBAN: 80000, RURAL: 65000 },
  '510105': { URBAN: 80000, RURAL: 65000 },
  '510107': { URBAN: 80000, RURAL: 65000 },
  '510121': { URBAN: 78000, RURAL: 65000 },
  '511302': { URBAN: 72000, RURAL: 54000 },
  '511321': { URBAN: 70000, RURAL: 52000 },
  '513401': { URBAN: 71000, RURAL: 52000 },
  '513431': { URBAN: 68000, RURAL: 50000 },
};

/** The one place where TEKUN is set below 1.3× DIBAO (650.00 would be required). */
export const POLICY_GAP = { regionCode: '513431', area: 'RURAL' as Area, tekunFen: 60000 } as const;

const AREAS: readonly Area[] = ['URBAN', 'RURAL'];

export function dibaoFen(regionCode: string, area: Area): number {
  const amounts = DIBAO_FEN[regionCode];
  if (!amounts) throw new RangeError(`no demo standard for region ${regionCode}`);
  return amounts[area];
}

export function tekunFen(regionCode: string, area: Area): number {
  if (regionCode === POLICY_GAP.regionCode && area === POLICY_GAP.area) return POLICY_GAP.tekunFen;
  return scaleUpToYuan(dibaoFen(regionCode, area), 13, 10);
}

export function demoStandards(): StandardObject[] {
  return COUNTIES.flatMap((county) =>
    AREAS.flatMap((area): StandardObject[] => [
      standard(county.code, 'DIBAO', area, dibaoFen(county.code, area)),
      standard(county.code, 'TEKUN', area, tekunFen(county.code, area)),
    ]),
  );
}

function standard(regionCode: string, program: 'DIBAO' | 'TEKUN', area: Area, fen: number): StandardObject {
  return { type: 'standard', regionCode, year: DEMO_YEAR, program, area, monthlyAmount: formatFen(fen) };
}
