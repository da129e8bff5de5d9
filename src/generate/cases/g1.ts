// G1 SCHOOL_AGE_WITHOUT_EDUCATION_AID: a child in school (any stage but
// HIGHER), aged 6 to 18, on 低保 or 特困 at D, with no education aid covering
// D or started in the last 365 days. Planted at both ends of the age range and
// of "recent", with aid of the wrong kind or CANCELLED, a 特困 orphan, and a
// child listed by two households (named through the 低保 one).
import { addDays, monthStart } from '../dates';
import { comfortableIncome, family, onDibao, tekunFor, type MemberSpec, type NewMemberSpec, type StreamSpec } from '../kit';
import { provide } from '../provide';
import type { Household, Person, World } from '../world';

const NO_WORK = { employment: 'NOT_IN_LABOUR_FORCE' as const };

export function plantG1(w: World): void {
  const D = w.asOf;
  const child = (spec: NewMemberSpec, dibao: StreamSpec = {}, county = '510104') => {
    const made = onDibao(w, county, [
      { relation: 'HEAD', age: 41, employment: 'EMPLOYED' },
      { relation: 'CHILD', ...NO_WORK, withhold: ['education'], ...spec } as MemberSpec,
    ], { dibao: { start: monthStart(D, -15), ...dibao } });
    return { ...made, child: made.people[1]! };
  };
  const finding = (note: string, spec: NewMemberSpec, county?: string): Person => {
    const made = child(spec, {}, county);
    w.expectPersonGap('G1', made.child, note, [made.dibao], made.household);
    return made.child;
  };

  finding('primary-school child on 低保 without any education aid', { age: 10 });
  finding('turned 6 on D, still in preschool (any stage but HIGHER counts)', { age: 6, birthday: 'onD', schoolStage: 'PRESCHOOL' }, '511302');
  finding('18, turning 19 tomorrow, in senior secondary school', { age: 18, birthday: 'tomorrow', schoolStage: 'SENIOR_SECONDARY' }, '513401');
  finding('17 in vocational school', { age: 17, schoolStage: 'VOCATIONAL' }, '510121');
  let p = finding('last grant started 366 days before D (not recent) and has ended', { age: 12 });
  w.record({ program: 'EDU_GRANT', beneficiary: p, amount: '1250.00', frequency: 'PER_TERM', start: addDays(D, -366), end: addDays(D, -200) });
  p = finding('a recent charity grant, but for a MEDICAL need', { age: 9 }, '510105');
  w.record({ program: 'CHARITY_GRANT', beneficiary: p, amount: '2000.00', frequency: 'ONE_OFF', start: addDays(D, -30), needCategory: 'MEDICAL' });
  p = finding('this term\'s grant covering D was CANCELLED', { age: 14 }, '511321');
  w.record({ program: 'EDU_GRANT', beneficiary: p, amount: '1250.00', frequency: 'PER_TERM', start: monthStart(D, -2), end: addDays(D, 90), status: 'CANCELLED' });
  tekunOrphan(w);
  listedTwice(w);
  nearMisses(w, child);
}

/** A 15-year-old orphan on 特困 (not on 低保), living with her grandmother. */
function tekunOrphan(w: World): void {
  const { household, people } = family(w, '513401', [
    { relation: 'HEAD', age: 71 },
    { relation: 'GRANDCHILD', age: 15, orphan: true, schoolStage: 'JUNIOR_SECONDARY' },
  ], { area: 'URBAN', income: '400.00' });
  const orphan = people[1]!;
  const tekun = tekunFor(w, orphan, { start: monthStart(w.asOf, -20) }, household);
  provide(w, orphan, { poor: 'TEKUN', household, withhold: ['education'] });
  w.expectPersonGap('G1', orphan, 'orphan on 特困 (not 低保) without education aid', [tekun], household);
  w.nearMiss('G6', 'orphan under 18 without the orphan guarantee, but on 特困 covering D');
}

/** Listed first (by source id) by his father's household, on 低保 only through his mother's. */
function listedTwice(w: World): void {
  const D = w.asOf;
  const father = family(w, '510104', [{ relation: 'HEAD', age: 44 }, { relation: 'CHILD', age: 11 }], { area: 'URBAN', income: comfortableIncome(w, '510104', 'URBAN') });
  const boy = father.people[1]!;
  boy.object.residenceRegionCode = '511302';
  const mother = onDibao(w, '511302', [
    { relation: 'HEAD', age: 39, employment: 'EMPLOYED' },
    { existing: boy, relation: 'CHILD', withhold: ['education'] },
  ], { dibao: { start: monthStart(D, -10) } });
  w.expectPersonGap('G1', boy, 'listed by two households in two counties; named through the 低保 one, not the first listing', [mother.dibao], mother.household);
}

type ChildMaker = (spec: NewMemberSpec, dibao?: StreamSpec, county?: string) => { child: Person; household: Household };

function nearMisses(w: World, child: ChildMaker): void {
  const D = w.asOf;
  child({ age: 5, birthday: 'tomorrow', schoolStage: 'PRESCHOOL' });
  w.nearMiss('G1', 'turns 6 tomorrow (age 5 on D)');
  child({ age: 19, birthday: 'onD', schoolStage: 'SENIOR_SECONDARY' });
  w.nearMiss('G1', 'turned 19 on D, still in senior secondary school');
  child({ age: 18, schoolStage: 'HIGHER' });
  w.nearMiss('G1', '18 at university (HIGHER)');
  child({ age: 10, schoolStage: null });
  w.nearMiss('G1', '10 and not enrolled (schoolStage null)');
  child({ age: 12 }, { end: addDays(D, -1) });
  w.nearMiss('G1', 'the household\'s 低保 ended the day before D');
  child({ age: 12 }, { start: addDays(D, 1) });
  w.nearMiss('G1', 'the household\'s 低保 starts the day after D');
  let made = child({ age: 13 });
  w.record({ program: 'EDU_GRANT', beneficiary: made.child, amount: '1250.00', frequency: 'PER_TERM', start: addDays(D, -365), end: addDays(D, -200) });
  w.nearMiss('G1', 'grant started exactly 365 days before D: recent');
  made = child({ age: 8 });
  w.record({ program: 'CHARITY_GRANT', beneficiary: made.child, amount: '800.00', frequency: 'ONE_OFF', start: addDays(D, -40), needCategory: 'EDUCATION' });
  w.nearMiss('G1', 'a recent charity grant for EDUCATION');
  made = child({ age: 11, disabilityGrade: 2, disabilityType: 'INTELLECTUAL' });
  w.record({ program: 'EDU_HOME_TEACHING', beneficiary: made.child, amount: '200.00', frequency: 'MONTHLY', start: monthStart(D, -20) });
  w.nearMiss('G1', 'home teaching (any EDUCATION record) covering D');
  child({ age: 9, deathDate: addDays(D, -10) });
  w.nearMiss('G1', 'the child died ten days before D');
  made = child({ age: 10 });
  w.relist(made.household, [made.household.head]);
  w.nearMiss('G1', 'the child is no longer on the 低保 household\'s member list');
}
