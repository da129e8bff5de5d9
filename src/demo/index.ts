export { DEFAULT_HOUSEHOLDS, DEFAULT_SEED, DEMO_REGIONS, DEMO_YEAR, POLICY_GAP, generateDemoRegistry } from './generate';
export type { DemoOptions } from './generate';
export type * from './types';
