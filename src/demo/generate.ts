// Deterministic demo registry: a small, realistic slice of Sichuan's
// assistance caseload in exchange-format objects, ordered so that a plain
// import never refers to something not yet sent.
import { listInSecondCounty } from './crossListing';
import { buildHousehold, type BuiltHousehold } from './household';
import { Rng } from './random';
import { COUNTIES, DEMO_REGIONS, type CountyProfile } from './regions';
import { demoStandards } from './standards';
import type { DemoObject } from './types';

export { DEMO_REGIONS } from './regions';
export { DEMO_YEAR, POLICY_GAP } from './standards';
export type * from './types';

export const DEFAULT_SEED = 20260101;
export const DEFAULT_HOUSEHOLDS = 300;
/** "A couple of" people listed by two counties. */
const CROSS_LISTED_PERSONS = 2;

export interface DemoOptions {
  seed?: number;
  households?: number;
}

function buildHouseholds(rng: Rng, total: number): BuiltHousehold[] {
  const used = new Set<string>();
  const sequences = new Map<string, number>();
  const weights = COUNTIES.map((county) => [county, county.weight] as const);
  return Array.from({ length: total }, () => {
    const county: CountyProfile = rng.weighted(weights);
    const sequence = (sequences.get(county.code) ?? 0) + 1;
    sequences.set(county.code, sequence);
    return buildHousehold(rng, county, sequence, used);
  });
}

export function generateDemoRegistry(options: DemoOptions = {}): DemoObject[] {
  const total = options.households ?? DEFAULT_HOUSEHOLDS;
  if (!Number.isInteger(total) || total < 0) throw new RangeError('households must be a non-negative whole number');
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const households = buildHouseholds(rng, total);
  listInSecondCounty(rng, households, CROSS_LISTED_PERSONS);
  return [
    // Copies, so a caller editing the output cannot change the next run's regions.
    ...DEMO_REGIONS.map((region) => ({ ...region })),
    ...demoStandards(),
    ...households.flatMap((built) => built.persons),
    ...households.map((built) => built.household),
  ];
}
