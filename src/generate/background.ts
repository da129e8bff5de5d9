// Background households that trigger no rule: 低保 and 特困 households with
// everything they qualify for, ordinary families with the odd grant, near-poor
// families whose medical bills were relieved or stayed small, and families
// where an old member died and whose payments stopped with the month of death.
// Copies of records entered twice and then CANCELLED are sprinkled in, as
// real registers have them: cancelled records never count.
import type { DisabilityGrade, RecordObject } from '../demo/types';
import { addDays, monthEnd, monthStart } from './dates';
import { aloneOnTekun, comfortableIncome, family, onDibao, type MemberSpec } from './kit';
import { formatFen, toFen } from './money';
import { provide } from './provide';
import { PLANTED_COUNTIES, dibaoStandardFen } from './registry';
import type { Household, Person, World } from './world';

type Kind = 'dibao' | 'tekun' | 'ordinary' | 'nearPoor' | 'bereaved';
const KINDS: readonly (readonly [Kind, number])[] = [['dibao', 30], ['tekun', 8], ['ordinary', 42], ['nearPoor', 12], ['bereaved', 8]];

export function plantBackground(w: World, households: number): void {
  const counties = PLANTED_COUNTIES.map((c) => [c.code, c.weight] as const);
  for (let i = 0; i < households; i++) {
    const county = w.rng.weighted(counties);
    const kind = w.rng.weighted(KINDS);
    if (kind === 'dibao') dibaoHousehold(w, county);
    else if (kind === 'tekun') tekunAlone(w, county);
    else if (kind === 'ordinary') ordinary(w, county);
    else if (kind === 'nearPoor') nearPoor(w, county);
    else bereaved(w, county);
  }
}

function grade(w: World, chance: number): DisabilityGrade | null {
  return w.rng.chance(chance) ? w.rng.weighted<DisabilityGrade>([[1, 15], [2, 25], [3, 30], [4, 30]]) : null;
}

/** A family: a head, often a spouse, up to three children, sometimes an old parent. */
function members(w: World): MemberSpec[] {
  const headAge = w.rng.int(24, 72);
  const adult = () => w.rng.weighted([['EMPLOYED', 50], ['UNEMPLOYED', 30], ['NOT_IN_LABOUR_FORCE', 20]] as const);
  const list: MemberSpec[] = [{ relation: 'HEAD', age: headAge, disabilityGrade: grade(w, 0.08), employment: headAge >= 60 ? 'NOT_IN_LABOUR_FORCE' : adult() }];
  if (w.rng.chance(0.7)) list.push({ relation: 'SPOUSE', age: Math.max(20, headAge + w.rng.int(-5, 3)), employment: headAge >= 60 ? 'NOT_IN_LABOUR_FORCE' : adult() });
  const children = headAge < 55 ? w.rng.int(0, 3) : 0;
  for (let c = 0; c < children; c++) {
    const age = Math.max(1, headAge - w.rng.int(22, 34));
    const student = age >= 18 && age <= 22 ? w.rng.weighted([['HIGHER', 45], ['VOCATIONAL', 10], [null, 45]] as const) : undefined;
    list.push({
      relation: 'CHILD', age, disabilityGrade: grade(w, 0.04),
      ...(student !== undefined ? { schoolStage: student, employment: student ? 'NOT_IN_LABOUR_FORCE' : adult() } : {}),
    });
  }
  if (headAge < 60 && w.rng.chance(0.25)) list.push({ relation: 'PARENT', age: headAge + w.rng.int(22, 32), disabilityGrade: grade(w, 0.12) });
  return list;
}

function dibaoHousehold(w: World, county: string): void {
  const area = w.rng.chance(0.6) ? 'URBAN' : 'RURAL';
  const status = w.rng.chance(0.1) ? 'SUSPENDED' : 'ACTIVE';
  const { household, dibao } = onDibao(w, county, members(w), { area, dibao: { start: monthStart(w.asOf, -w.rng.int(3, 40)), status } });
  if (w.rng.chance(0.3)) cancelledCopy(w, dibao);
  if (w.rng.chance(0.3)) w.record({ program: 'PRICE_SUBSIDY', beneficiary: household.head, household, amount: '150.00', frequency: 'QUARTERLY', start: monthStart(w.asOf, -w.rng.int(1, 12)) });
  if (area === 'RURAL' && w.rng.chance(0.2)) w.record({ program: 'RURAL_HOUSING_RENOVATION', beneficiary: household.head, household, amount: '25000.00', frequency: 'ONE_OFF', start: addDays(w.asOf, -w.rng.int(30, 600)) });
  if (w.rng.chance(0.25)) coveredBill(w, household);
}

function tekunAlone(w: World, county: string): void {
  const { tekun } = aloneOnTekun(w, county, { age: w.rng.int(60, 92), disabilityGrade: grade(w, 0.2) }, { start: monthStart(w.asOf, -w.rng.int(3, 60)) });
  if (w.rng.chance(0.2)) cancelledCopy(w, tekun);
}

function ordinary(w: World, county: string): void {
  const area = w.rng.chance(0.6) ? 'URBAN' : 'RURAL';
  const { household, people } = family(w, county, members(w), { area, income: comfortableIncome(w, county, area) });
  for (const p of people) provide(w, p, { poor: null, household });
  const student = people.find((p) => p.object.schoolStage !== null && p.object.schoolStage !== 'PRESCHOOL');
  if (student && w.rng.chance(0.3)) w.record({ program: 'EDU_FEE_WAIVER', beneficiary: student, amount: '800.00', frequency: 'PER_TERM', start: monthStart(w.asOf, -2), end: monthEnd(w.asOf, 3) });
  const adult = people.find((p) => p.object.employmentStatus === 'UNEMPLOYED');
  if (adult && w.rng.chance(0.4)) w.record({ program: 'EMPLOYMENT_TRAINING', beneficiary: adult, amount: '600.00', frequency: 'MONTHLY', start: monthStart(w.asOf, -w.rng.int(1, 5)), end: monthEnd(w.asOf, 2) });
  if (area === 'URBAN' && w.rng.chance(0.15)) {
    const program = w.rng.chance(0.5) ? 'PUBLIC_RENTAL' : 'RENTAL_SUBSIDY';
    w.record({ program, beneficiary: household.head, household, amount: '500.00', frequency: 'MONTHLY', start: monthStart(w.asOf, -w.rng.int(2, 30)) });
  }
  if (w.rng.chance(0.3)) coveredBill(w, household);
  for (const p of people) if (w.rng.chance(0.15)) w.expense(p, formatFen(w.rng.int(200, 4000) * 100), addDays(w.asOf, -w.rng.int(1, 500)));
}

/** Income near the line, not on 低保: either small bills, or large ones that were relieved. */
function nearPoor(w: World, county: string): void {
  const area = w.rng.chance(0.5) ? 'URBAN' : 'RURAL';
  const income = Math.round((dibaoStandardFen(county, area) * w.rng.int(105, 150)) / 100);
  const { household, people } = family(w, county, members(w), { area, income: formatFen(income) });
  for (const p of people) provide(w, p, { poor: null, household });
  const halfYear = income * people.length * 6;
  if (w.rng.chance(0.5)) {
    w.expense(people[0]!, formatFen(Math.floor(halfYear / 5)), addDays(w.asOf, -w.rng.int(10, 300)));
    return;
  }
  w.expense(people[0]!, formatFen(halfYear * 2), addDays(w.asOf, -w.rng.int(30, 200)));
  const program = w.rng.chance(0.5) ? 'TEMPORARY' : 'MEDICAL_ASSISTANCE';
  w.record({ program, beneficiary: people[0]!, household, amount: '5000.00', frequency: 'ONE_OFF', start: addDays(w.asOf, -w.rng.int(5, 300)), needCategory: 'MEDICAL' });
}

/** An old parent died this year; their support stopped with the month of death. */
function bereaved(w: World, county: string): void {
  const died = addDays(w.asOf, -w.rng.int(20, 300));
  const { household, people } = family(w, county, [
    { relation: 'HEAD', age: w.rng.int(45, 58) },
    { relation: 'PARENT', age: w.rng.int(80, 95), deathDate: died, disabilityGrade: grade(w, 0.3) },
  ], { area: 'URBAN', income: comfortableIncome(w, county, 'URBAN') });
  provide(w, people[0]!, { poor: null, household });
  const program = people[1]!.object.disabilityGrade ? 'DISABILITY_NURSING_SUBSIDY' : 'PRICE_SUBSIDY';
  w.record({ program, beneficiary: people[1]!, household, amount: '100.00', frequency: 'MONTHLY', start: monthStart(died, -24), end: monthEnd(died), status: 'ENDED', details: program === 'PRICE_SUBSIDY' ? {} : { disabilityGrade: people[1]!.object.disabilityGrade! } });
}

/** A hospital bill paid by medical assistance and perhaps a charity, together within its cost. */
function coveredBill(w: World, household: Household): void {
  const patient: Person = w.rng.pick(household.members.filter((m) => m.object.deathDate === null));
  const costFen = w.rng.int(80, 600) * 10000;
  const eventRef = `BILL-${household.regionCode}-${String(w.records.length + 1).padStart(6, '0')}`;
  const paid = addDays(w.asOf, -w.rng.int(20, 300));
  const assistance = Math.floor((costFen * w.rng.int(30, 60)) / 100 / 100) * 100;
  w.record({ program: 'MEDICAL_ASSISTANCE', beneficiary: patient, household, amount: formatFen(assistance), frequency: 'ONE_OFF', start: paid, eventRef, expenseBasis: formatFen(costFen) });
  if (w.rng.chance(0.5)) {
    const rest = Math.floor(((costFen - assistance) * w.rng.int(20, 100)) / 100 / 100) * 100;
    w.record({ program: 'CHARITY_GRANT', beneficiary: patient, household, amount: formatFen(rest), frequency: 'ONE_OFF', start: addDays(paid, 14), needCategory: 'MEDICAL', eventRef });
  }
}

/** The same record entered a second time under a new id, then CANCELLED. */
function cancelledCopy(w: World, original: RecordObject): void {
  const beneficiary = w.personWithIdNumber(original.beneficiaryIdNumber)!;
  const household = w.householdWithSourceId(original.householdSourceId);
  w.record({
    program: original.program, beneficiary, household, amount: formatFen(toFen(original.amount)), frequency: original.frequency,
    start: original.startDate, end: original.endDate, status: 'CANCELLED', details: original.details,
  });
}
