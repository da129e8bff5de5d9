// G5 ZERO_EMPLOYMENT_HOUSEHOLD: a 低保 household with a living member aged 16
// to 59 out of work (UNEMPLOYED, not in school, not disabled grade 1-2), nobody
// EMPLOYED and no employment aid covering D or recent. Planted at both age
// ends, with a grade-3 idle member, a CANCELLED job, an old training course;
// near-misses: 15 and 60, a student, grade 2, someone employed, a recent
// course, another member's job, 低保 ended, the idle member dead, status unknown.
import { addDays, monthStart } from '../dates';
import { onDibao, type MemberSpec, type NewMemberSpec, type StreamSpec } from '../kit';
import type { Household, World } from '../world';
import type { RecordObject, Relation } from '../../demo/types';

const OLD: MemberSpec[] = [
  { relation: 'HEAD', age: 66 },
  { relation: 'SPOUSE', age: 64 },
];

export function plantG5(w: World): void {
  const D = w.asOf;
  // G5's evidence: the household's 低保 covering D.
  const allowances = new Map<Household, RecordObject>();
  const household = (county: string, members: MemberSpec[], dibao: StreamSpec = {}): Household => {
    const made = onDibao(w, county, members, { dibao: { start: monthStart(D, -14), ...dibao }, withhold: ['employment'] });
    allowances.set(made.household, made.dibao);
    return made.household;
  };
  const finding = (h: Household, note: string) => w.expectHouseholdGap('G5', h, note, [allowances.get(h)!]);
  const idle = (spec: NewMemberSpec, relation: Relation = 'CHILD'): MemberSpec => ({ relation, employment: 'UNEMPLOYED', schoolStage: null, ...spec });
  const aid = (h: Household, who: number, spec: StreamSpec & { program?: 'PUBLIC_WELFARE_JOB' | 'EMPLOYMENT_TRAINING' }) =>
    w.record({ program: spec.program ?? 'PUBLIC_WELFARE_JOB', beneficiary: h.members[who]!, household: h, amount: '1800.00', frequency: 'MONTHLY', start: spec.start!, end: spec.end, status: spec.status });

  finding(household('510104', [
    { relation: 'HEAD', age: 40, employment: 'UNEMPLOYED', schoolStage: null },
    { relation: 'SPOUSE', age: 38, employment: 'NOT_IN_LABOUR_FORCE' },
    { relation: 'CHILD', age: 8 },
  ]), 'head out of work, nobody employed, no employment aid');
  finding(household('511321', [...OLD, idle({ age: 16, birthday: 'onD' }, 'GRANDCHILD')]), 'the only idle member turned 16 on D');
  finding(household('510121', [idle({ age: 59, birthday: 'tomorrow' }, 'HEAD'), { relation: 'SPOUSE', age: 61 }]), 'the idle head is 59, turning 60 tomorrow');
  finding(household('513401', [...OLD, idle({ age: 33, disabilityGrade: 3 })]), 'the idle member is disabled, grade 3 (not 1-2)');
  let h = household('511302', [...OLD, idle({ age: 30 })]);
  aid(h, 2, { start: monthStart(D, -3), end: addDays(D, 200), status: 'CANCELLED' });
  finding(h, 'a public-welfare job covering D, but CANCELLED');
  h = household('510107', [...OLD, idle({ age: 27 })]);
  aid(h, 2, { program: 'EMPLOYMENT_TRAINING', start: addDays(D, -366), end: addDays(D, -1) });
  finding(h, 'a training course that started 366 days before D and ended the day before');

  household('511321', [...OLD, idle({ age: 15, birthday: 'tomorrow' }, 'GRANDCHILD')]);
  w.nearMiss('G5', 'the only idle member is 15, turning 16 tomorrow');
  household('510104', [idle({ age: 60, birthday: 'onD' }, 'HEAD'), { relation: 'SPOUSE', age: 62 }]);
  w.nearMiss('G5', 'the idle head turned 60 on D');
  household('510105', [...OLD, idle({ age: 17, schoolStage: 'VOCATIONAL' })]);
  w.nearMiss('G5', 'the unemployed 17-year-old is in vocational school');
  household('510121', [...OLD, idle({ age: 36, disabilityGrade: 2 })]);
  w.nearMiss('G5', 'the unemployed member is disabled, grade 2');
  household('513401', [{ relation: 'HEAD', age: 45, employment: 'EMPLOYED' }, idle({ age: 20 })]);
  w.nearMiss('G5', 'one member idle, another EMPLOYED');
  h = household('511302', [...OLD, idle({ age: 41 })]);
  aid(h, 2, { program: 'EMPLOYMENT_TRAINING', start: addDays(D, -365), end: addDays(D, -300) });
  w.nearMiss('G5', 'a training course started exactly 365 days before D (recent)');
  h = household('510107', [{ relation: 'HEAD', age: 52, employment: 'NOT_IN_LABOUR_FORCE' }, idle({ age: 24 })]);
  aid(h, 0, { start: monthStart(D, -2), end: addDays(D, 100) });
  w.nearMiss('G5', 'the public-welfare job is the head\'s, not the idle member\'s: still a member\'s employment aid');
  household('510104', [...OLD, idle({ age: 31 })], { end: addDays(D, -1) });
  w.nearMiss('G5', 'the household\'s 低保 ended the day before D');
  household('510105', [...OLD, idle({ age: 45, deathDate: addDays(D, -20) })]);
  w.nearMiss('G5', 'the only idle member died 20 days before D');
  household('511302', [...OLD, idle({ age: 29, employment: null })]);
  w.nearMiss('G5', 'employment status not known (null): not UNEMPLOYED');
}
