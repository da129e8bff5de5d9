// G4 POOR_DISABLED_WITHOUT_LIVING_SUBSIDY: a disabled person (any grade) on
// 低保 at D, not on 特困 at D, without the living subsidy covering D.
// Planted: grade 4 never applied, grade 3 whose 特困 ended before the 低保
// began, a subsidy that ended the day before D, grade 1 with the nursing
// subsidy only; near-misses: subsidy ends on D, no grade, 低保 CANCELLED.
import { addDays, monthEnd, monthStart } from '../dates';
import { onDibao, tekunFor } from '../kit';
import type { StreamSpec } from '../kit';
import type { Person, World } from '../world';
import type { DisabilityGrade, RecordObject } from '../../demo/types';

export function plantG4(w: World): void {
  const D = w.asOf;
  const member = (grade: DisabilityGrade | null, county: string, dibao: StreamSpec = {}): [Person, RecordObject] => {
    const made = onDibao(w, county, [
      { relation: 'HEAD', age: 50, employment: 'EMPLOYED' },
      { relation: 'SPOUSE', age: 47, disabilityGrade: grade, employment: 'NOT_IN_LABOUR_FORCE', withhold: ['living'] },
    ], { dibao: { start: monthStart(D, -12), ...dibao } });
    return [made.people[1]!, made.dibao];
  };
  const living = (p: Person, spec: StreamSpec) =>
    w.record({ program: 'DISABILITY_LIVING_SUBSIDY', beneficiary: p, amount: '90.00', frequency: 'MONTHLY', start: spec.start!, end: spec.end, details: { disabilityGrade: p.object.disabilityGrade! } });

  let [p, dibao] = member(4, '510104');
  w.expectPersonGap('G4', p, 'grade 4 on 低保 without the living subsidy', [dibao]);
  [p, dibao] = member(3, '511302');
  tekunFor(w, p, { start: monthStart(D, -30), end: monthEnd(D, -20) });
  w.expectPersonGap('G4', p, 'grade 3 on 低保; the 特困 ended long before the 低保 began (not on 特困 at D)', [dibao]);
  [p, dibao] = member(4, '513401');
  living(p, { start: monthStart(D, -10), end: addDays(D, -1) });
  w.expectPersonGap('G4', p, 'living subsidy ended the day before D', [dibao]);
  [p, dibao] = member(1, '510121');
  w.expectPersonGap('G4', p, 'grade 1 on 低保 with the nursing subsidy but not the living subsidy', [dibao]);

  living(member(4, '510105')[0], { start: monthStart(D, -10), end: D });
  w.nearMiss('G4', 'living subsidy ends on D (inclusive)');
  member(null, '510107');
  w.nearMiss('G4', 'on 低保, no disability grade');
  member(3, '511321', { status: 'CANCELLED' });
  w.nearMiss('G4', 'grade 3, the household\'s 低保 CANCELLED');
}
