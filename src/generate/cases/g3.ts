// G3 SEVERE_DISABILITY_WITHOUT_NURSING_SUBSIDY: disability grade 1 or 2 and no
// nursing subsidy covering D (whatever the person's income). Planted: never
// applied, ended the day before D, CANCELLED, starting the day after D, and
// two people whose finding is filed by the fallbacks of the region convention
// (no residence: first listing's region; no listing either: hukou region).
import { addDays, monthStart } from '../dates';
import { comfortableIncome, family } from '../kit';
import type { StreamSpec } from '../kit';
import type { Person, World } from '../world';

export function plantG3(w: World): void {
  const D = w.asOf;
  const disabled = (grade: 1 | 2 | 3 | 4, county = '510105', extra: { deathDate?: string } = {}): Person =>
    family(w, county, [
      { relation: 'HEAD', age: 49, employment: 'EMPLOYED' },
      { relation: 'CHILD', age: 22, disabilityGrade: grade, employment: 'NOT_IN_LABOUR_FORCE', schoolStage: null, ...extra },
    ], { area: 'URBAN', income: comfortableIncome(w, county, 'URBAN') }).people[1]!;
  const nursing = (p: Person, spec: StreamSpec) =>
    w.record({ program: 'DISABILITY_NURSING_SUBSIDY', beneficiary: p, amount: '100.00', frequency: 'MONTHLY', start: spec.start!, end: spec.end, status: spec.status, details: { disabilityGrade: p.object.disabilityGrade! } });

  w.expectPersonGap('G3', disabled(1), 'grade 1, never applied for the nursing subsidy');
  let p = disabled(2, '511302');
  nursing(p, { start: monthStart(D, -20), end: addDays(D, -1) });
  w.expectPersonGap('G3', p, 'grade 2, nursing subsidy ended the day before D');
  p = disabled(2, '513401');
  nursing(p, { start: monthStart(D, -5), status: 'CANCELLED' });
  w.expectPersonGap('G3', p, 'grade 2, nursing subsidy CANCELLED');
  p = disabled(1, '510121');
  nursing(p, { start: addDays(D, 1) });
  w.expectPersonGap('G3', p, 'grade 1, nursing subsidy starts the day after D');

  // ID number from 南部县 (hukou there), no known residence, listed by a household in 顺庆区.
  const movedIn = w.person({ age: 35, county: '511321', residence: null, disabilityGrade: 1, employment: 'NOT_IN_LABOUR_FORCE' });
  family(w, '511302', [{ relation: 'HEAD', age: 62 }, { existing: movedIn, relation: 'CHILD' }], { area: 'URBAN', income: comfortableIncome(w, '511302', 'URBAN') });
  w.expectPersonGap('G3', movedIn, 'no residence on file: filed under the region of the first household listing, not the hukou');
  const unlisted = w.person({ age: 52, county: '510105', residence: null, disabilityGrade: 2, employment: 'NOT_IN_LABOUR_FORCE' });
  w.expectPersonGap('G3', unlisted, 'no residence and no household listing: filed under the hukou region, with no household');

  disabled(3);
  w.nearMiss('G3', 'grade 3 without the nursing subsidy');
  nursing(disabled(2, '510104'), { start: monthStart(D, -9), end: D });
  w.nearMiss('G3', 'grade 2, nursing subsidy ends on D (inclusive)');
  nursing(disabled(1, '510107'), { start: D });
  w.nearMiss('G3', 'grade 1, nursing subsidy starts on D');
  nursing(disabled(1, '510105'), { start: monthStart(D, -7), status: 'SUSPENDED' });
  w.nearMiss('G3', 'grade 1, nursing subsidy SUSPENDED but covering D: it counts');
  disabled(1, '511321', { deathDate: addDays(D, -3) });
  w.nearMiss('G3', 'grade 1 without the subsidy, but died three days before D');
}
