// Deterministic demo registry: a small, realistic slice of Sichuan's
// assistance caseload in exchange-format objects, ordered so that a plain
// import never refers to something not yet sent. `generateDemoData` adds what
// every department pays those households; the registry part is the same as
// `generateDemoRegistry`'s for the same options.
import { generateAssistance } from './assistance';
import { listInSecondCounty } from './crossListing';
import { buildHousehold, type BuiltHousehold } from './household';
import { Rng } from './random';
import { COUNTIES, DEMO_REGIONS, type CountyProfile } from './regions';
import { demoStandards } from './standards';
import type { DemoDataObject, DemoObject } from './types';
import type { PlantedProblemReport } from './problems';

export { DEMO_REGIONS } from './regions';
export { AS_OF as DEMO_AS_OF } from './calendar';
export type { PlantedProblemReport } from './problems';
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

interface Registry {
  rng: Rng;
  households: BuiltHousehold[];
  crossListed: string[];
  objects: DemoObject[];
}

function buildRegistry(options: DemoOptions): Registry {
  const total = options.households ?? DEFAULT_HOUSEHOLDS;
  if (!Number.isInteger(total) || total < 0) throw new RangeError('households must be a non-negative whole number');
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const households = buildHouseholds(rng, total);
  const crossListed = listInSecondCounty(rng, households, CROSS_LISTED_PERSONS);
  const objects: DemoObject[] = [
    // Copies, so a caller editing the output cannot change the next run's regions.
    ...DEMO_REGIONS.map((region) => ({ ...region })),
    ...demoStandards(),
    ...households.flatMap((built) => built.persons),
    ...households.map((built) => built.household),
  ];
  return { rng, households, crossListed, objects };
}

export function generateDemoRegistry(options: DemoOptions = {}): DemoObject[] {
  return buildRegistry(options).objects;
}

export interface DemoDataSet {
  /** In import order: regions, standards, persons, households, charity programs, records, expenses. */
  objects: DemoDataObject[];
  /** The problems deliberately left for the hub's rules to find, with their evidence records. */
  planted: PlantedProblemReport[];
}

/** The registry plus every department's records; the same random stream continues, so it stays deterministic. */
export function generateDemoDataSet(options: DemoOptions = {}): DemoDataSet {
  const registry = buildRegistry(options);
  const assistance = generateAssistance(registry.rng, registry.households, registry.crossListed);
  return {
    objects: [...registry.objects, ...assistance.charityPrograms, ...assistance.records, ...assistance.expenses],
    planted: assistance.planted,
  };
}

export function generateDemoData(options: DemoOptions = {}): DemoDataObject[] {
  return generateDemoDataSet(options).objects;
}
