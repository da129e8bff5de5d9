// G6 UNATTENDED_CHILD_WITHOUT_GUARANTEE: an orphan (or de-facto unattended
// child) under 18 with neither the orphan guarantee nor 特困 covering D.
// Planted: never applied, 17 turning 18 tomorrow, ended the day before D,
// CANCELLED, starting the day after D, and one with no residence or household
// on file (filed under the hukou region); near-misses: 18 on D, covered, not
// an orphan, dead.
import { addDays, monthStart } from '../dates';
import { comfortableIncome, family, type MemberSpec, type NewMemberSpec, type StreamSpec } from '../kit';
import { provide } from '../provide';
import type { Person, World } from '../world';

export function plantG6(w: World): void {
  const D = w.asOf;
  const orphan = (spec: NewMemberSpec, county = '510105'): Person => {
    const { people } = family(w, county, [
      { relation: 'HEAD', age: 68 },
      { relation: 'GRANDCHILD', orphan: true, ...spec } as MemberSpec,
    ], { area: 'URBAN', income: comfortableIncome(w, county, 'URBAN') });
    return people[1]!;
  };
  const guarantee = (p: Person, spec: StreamSpec) =>
    w.record({ program: 'ORPHAN_GUARANTEE', beneficiary: p, amount: '1300.00', frequency: 'MONTHLY', start: spec.start!, end: spec.end, status: spec.status });

  w.expectPersonGap('G6', orphan({ age: 10 }), 'orphan living with a grandparent, never granted the guarantee');
  w.expectPersonGap('G6', orphan({ age: 17, birthday: 'tomorrow' }, '511302'), 'orphan of 17, turning 18 tomorrow');
  let p = orphan({ age: 12 }, '513401');
  guarantee(p, { start: monthStart(D, -30), end: addDays(D, -1) });
  w.expectPersonGap('G6', p, 'guarantee ended the day before D');
  p = orphan({ age: 8 }, '510121');
  guarantee(p, { start: monthStart(D, -3), status: 'CANCELLED' });
  w.expectPersonGap('G6', p, 'guarantee CANCELLED');
  p = orphan({ age: 14 }, '510107');
  guarantee(p, { start: addDays(D, 1) });
  w.expectPersonGap('G6', p, 'guarantee starts the day after D');
  p = orphan({ age: 6 }, '511321');
  w.record({ program: 'TEKUN', beneficiary: p, amount: '1040.00', frequency: 'MONTHLY', start: monthStart(D, -5), status: 'CANCELLED' });
  w.expectPersonGap('G6', p, '特困 covering D, but CANCELLED');
  const unlisted = w.person({ age: 9, county: '511321', residence: null, hukou: '511302', orphan: true });
  w.expectPersonGap('G6', unlisted, 'no residence and no household on file: filed under the hukou region (顺庆区, not the 南部县 of the ID number)');

  orphan({ age: 18, birthday: 'onD', schoolStage: 'SENIOR_SECONDARY' });
  w.nearMiss('G6', 'orphan who turned 18 on D');
  p = orphan({ age: 11 }, '510104');
  provide(w, p, { poor: null });
  w.nearMiss('G6', 'orphan with the guarantee covering D');
  family(w, '510104', [{ relation: 'HEAD', age: 40 }, { relation: 'CHILD', age: 10 }], { area: 'URBAN', income: comfortableIncome(w, '510104', 'URBAN') });
  w.nearMiss('G6', 'a child of 10 who is not an orphan, no guarantee');
  orphan({ age: 13, deathDate: addDays(D, -15) });
  w.nearMiss('G6', 'orphan without the guarantee who died 15 days before D');
}
