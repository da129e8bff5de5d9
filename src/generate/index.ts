// A deterministic exchange data set with planted cases for every rule of
// RULES.md (D1-D6, G1-G8), each with its near-misses, over background
// households that trigger nothing, together with the findings the rules must
// return as of D. The expectations are written down while planting; nothing
// here runs a rule.
import { todayIso } from '../lib/dates';
import type { DemoDataObject } from '../demo/types';
import { plantBackground } from './background';
import { plantD1 } from './cases/d1';
import { plantD2 } from './cases/d2';
import { plantD3 } from './cases/d3';
import { plantD4 } from './cases/d4';
import { plantD5 } from './cases/d5';
import { plantD6 } from './cases/d6';
import { plantG1 } from './cases/g1';
import { plantG2 } from './cases/g2';
import { plantG3 } from './cases/g3';
import { plantG4 } from './cases/g4';
import { plantG5 } from './cases/g5';
import { plantG6 } from './cases/g6';
import { plantG7 } from './cases/g7';
import { plantG8 } from './cases/g8';
import { byRuleThenKey, type ExpectedFinding, type NearMiss } from './expected';
import { regions, standards } from './registry';
import { World, charityPrograms } from './world';

export { RULE_IDS, SUGGESTED, findingKey, toRulesJson } from './expected';
export type { ExpectedFinding, NearMiss, PlantedRuleId } from './expected';

export interface PlantedOptions {
  seed: number;
  /** The as-of date D of the rules, YYYY-MM-DD. */
  asOf: string;
  /** The hub's HUB_ID_PEPPER: expected findings name people by person key. */
  pepper: string;
  /** Clean background households (default 60). */
  background?: number;
}

export interface PlantedSet {
  /** Exchange objects in import order: regions, standards, persons, households (then re-sent ones), charity programs, records, expenses. */
  objects: DemoDataObject[];
  /** What `detect` must return as of D: every planted finding, nothing else, in its order. */
  expected: ExpectedFinding[];
  nearMisses: NearMiss[];
}

const PLANTERS = [plantD1, plantD2, plantD3, plantD4, plantD5, plantD6, plantG1, plantG2, plantG3, plantG4, plantG5, plantG6, plantG7, plantG8];

export function generatePlantedSet(options: PlantedOptions): PlantedSet {
  const w = new World(options.seed, options.asOf, options.pepper);
  for (const plant of PLANTERS) plant(w);
  plantBackground(w, options.background ?? 60);
  checkBirthDates(w);
  return {
    objects: [
      ...regions(),
      ...standards(w.year),
      ...w.persons.map((p) => p.object),
      ...w.households.map((h) => h.object),
      ...w.resends,
      ...charityPrograms(w.year),
      ...w.records,
      ...w.expenses,
    ],
    expected: [...w.expected].sort(byRuleThenKey),
    nearMisses: w.nearMisses,
  };
}

/** ID numbers with a birth date after today are refused by ingestion: say so before writing a file. */
function checkBirthDates(w: World): void {
  const today = todayIso();
  const unborn = w.persons.find((p) => p.birthDate > today);
  if (unborn) {
    throw new RangeError(`as-of ${w.asOf} is too far ahead: a person aged ${unborn.age} on it is born ${unborn.birthDate}, after today (${today})`);
  }
}
