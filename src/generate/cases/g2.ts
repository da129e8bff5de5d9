// G2 NO_MEDICAL_PREMIUM_SUBSIDY: someone on 低保 or 特困 at D with no premium
// subsidy covering D or starting in D's calendar year. Planted: a spouse left
// out, only last year's subsidy, this year's CANCELLED, a 特困 person; the
// near-misses: a subsidy of this year that no longer covers D, one from last
// year still running, one starting later this year, 特困 that ended.
import { addDays, monthStart, yearEnd, yearStart } from '../dates';
import { aloneOnTekun, onDibao } from '../kit';
import type { Person, World } from '../world';
import type { RecordObject } from '../../demo/types';

export function plantG2(w: World): void {
  const D = w.asOf;
  const Y = w.year;
  const couple = (county: string): [Person, RecordObject] => {
    const { people, dibao } = onDibao(w, county, [
      { relation: 'HEAD', age: 57, employment: 'EMPLOYED' },
      { relation: 'SPOUSE', age: 55, employment: 'NOT_IN_LABOUR_FORCE', withhold: ['premium'] },
    ], { dibao: { start: monthStart(D, -12) } });
    return [people[1]!, dibao];
  };
  const premium = (p: Person, start: string, end: string | null, status?: 'CANCELLED') =>
    w.record({ program: 'MEDICAL_PREMIUM_SUBSIDY', beneficiary: p, amount: '380.00', frequency: 'ANNUAL', start, end, status });

  let [p, dibao] = couple('510104');
  w.expectPersonGap('G2', p, 'spouse on 低保 with no premium subsidy at all', [dibao]);
  [p, dibao] = couple('511321');
  premium(p, yearStart(Y - 1), yearEnd(Y - 1));
  w.expectPersonGap('G2', p, 'only last year\'s premium subsidy', [dibao]);
  [p, dibao] = couple('510107');
  premium(p, yearStart(Y), yearEnd(Y), 'CANCELLED');
  w.expectPersonGap('G2', p, 'this year\'s premium subsidy was CANCELLED', [dibao]);
  const { person, tekun } = aloneOnTekun(w, '513401', { age: 74 }, {}, ['premium']);
  w.expectPersonGap('G2', person, 'on 特困 without the premium subsidy', [tekun]);

  premium(couple('510105')[0], yearStart(Y), yearStart(Y));
  w.nearMiss('G2', 'this year\'s subsidy lasted one day (1 January): it starts in D\'s year');
  premium(couple('511302')[0], `${Y - 1}-07-01`, null);
  w.nearMiss('G2', 'a subsidy started last July, open-ended: it covers D');
  premium(couple('510121')[0], yearEnd(Y), yearEnd(Y));
  w.nearMiss('G2', 'a subsidy paid on 31 December of D\'s year');
  aloneOnTekun(w, '510104', { age: 77 }, { start: monthStart(D, -20), end: addDays(D, -1) }, ['premium']);
  w.nearMiss('G2', '特困 ended the day before D, no subsidy');
}
