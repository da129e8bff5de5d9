export {
  DEFAULT_HOUSEHOLDS,
  DEFAULT_SEED,
  DEMO_AS_OF,
  DEMO_REGIONS,
  DEMO_YEAR,
  POLICY_GAP,
  generateDemoData,
  generateDemoDataSet,
  generateDemoRegistry,
} from './generate';
export type { DemoDataSet, DemoOptions, PlantedProblemReport } from './generate';
export type * from './types';
