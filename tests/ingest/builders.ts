// Small builders of exchange objects (EXCHANGE.md) shared by the ingest tests.
// Every ID number built here is valid (real birth date, correct MOD 11-2 check
// character) and distinct within one test file, so tests sharing a database
// never collide.
import { checkCharacter } from '../../src/lib/ids';
import type { Sender } from '../../src/ingest/handler';
import type { IngestItem } from '../../src/ingest/service';

/** Sichuan → Chengdu → two districts: what every test file registers first. */
export const REGIONS = [
  { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
  { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '510104', name: '锦江区', parentCode: '510100', level: 'COUNTY' },
  { type: 'region', code: '510105', name: '青羊区', parentCode: '510100', level: 'COUNTY' },
] as const;

export const ADMIN: Sender = { name: 'test:admin', department: null };

let sequence = 100;

/**
 * A valid 18-character resident ID number: region, birth date YYYYMMDD, a
 * sequence whose last digit gives the sex (odd = male), and the check character.
 */
export function idNumber(options: { birth?: string; sex?: 'MALE' | 'FEMALE'; region?: string; check?: string } = {}): string {
  const { birth = '19800101', sex, region = '510104', check } = options;
  for (;;) {
    sequence += 1;
    if (sequence > 999) throw new Error('idNumber: out of sequence numbers for this test file');
    const first17 = `${region}${birth}${sequence}`;
    if (sex && (Number(first17[16]) % 2 === 1) !== (sex === 'MALE')) continue;
    const character = checkCharacter(first17);
    if (check && character !== check) continue;
    return first17 + character;
  }
}

/** The same number with a wrong check character. */
export function withWrongCheck(valid: string): string {
  const right = valid.slice(17);
  const wrong = right === '0' ? '1' : '0';
  return valid.slice(0, 17) + wrong;
}

let households = 0;
export const nextSourceId = (): string => `HH-510104-${String(++households).padStart(6, '0')}`;

export function person(id: string, fields: Record<string, unknown> = {}) {
  return { type: 'person', idNumber: id, ...fields };
}

export function household(
  members: Record<string, unknown>[],
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'household',
    sourceId: nextSourceId(),
    regionCode: '510104',
    township: '春熙路街道',
    area: 'URBAN',
    monthlyIncomePerCapita: '650.00',
    members,
    ...fields,
  };
}

export function standard(fields: Record<string, unknown> = {}) {
  return { type: 'standard', regionCode: '510104', year: 2026, program: 'DIBAO', area: 'URBAN', monthlyAmount: '780.00', ...fields };
}

/** Items numbered from 1, as lines of a file would be. */
export function items(objects: unknown[]): IngestItem[] {
  return objects.map((input, index) => ({ position: index + 1, input }));
}
