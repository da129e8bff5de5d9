// Building blocks of the cases: a household of given members, a 低保 household
// with its allowance and everything its members qualify for, a 特困 person.
import type { RecordObject, RecordStatus, Relation, Area, Frequency } from '../demo/types';
import { monthStart } from './dates';
import { formatFen } from './money';
import { provide, provideEmployment, type Provision } from './provide';
import { dibaoStandardFen } from './registry';
import type { Household, Person, PersonSpec, World } from './world';

/** A new member: the person's spec (the county is the household's) and what they must not get. */
export type NewMemberSpec = Omit<PersonSpec, 'county'> & {
  /** Provisions this member must not get (the gap a case plants). */
  withhold?: Provision[];
};

/** A new member, or a person already listed elsewhere (`existing`). */
export type MemberSpec = (NewMemberSpec | { existing: Person; withhold?: Provision[] }) & { relation: Relation };

export interface StreamSpec {
  amount?: string;
  frequency?: Frequency;
  start?: string;
  end?: string | null;
  status?: RecordStatus;
}

export const covers = (r: { status: string; startDate: string; endDate: string | null }, day: string): boolean =>
  r.status !== 'CANCELLED' && r.startDate <= day && (r.endDate === null || r.endDate >= day);

/** A household whose members are made from specs; nothing is paid to it. */
export function family(w: World, county: string, members: readonly MemberSpec[], options: { area?: Area; income: string | null }) {
  const people = members.map((m) => ('existing' in m ? m.existing : w.person({ ...m, county })));
  const household = w.household(county, people.map((p, i) => [p, members[i]!.relation] as const), options);
  return { household, people };
}

/** Monthly income per head below the local DIBAO standard, as a 低保 household's is. */
export function poorIncome(w: World, county: string, area: Area): string {
  return formatFen(Math.round((dibaoStandardFen(county, area) * w.rng.int(20, 80)) / 100 / 100) * 100);
}

/** Comfortably above 1.5 × the standard: no expenditure-poverty candidate. */
export function comfortableIncome(w: World, county: string, area: Area): string {
  return formatFen(Math.round((dibaoStandardFen(county, area) * w.rng.int(220, 500)) / 100 / 100) * 100);
}

/**
 * A 低保 household: the members, the allowance (household level, paid to the
 * head), and every provision its living members qualify for but the withheld.
 */
export function onDibao(
  w: World,
  county: string,
  members: readonly MemberSpec[],
  options: { area?: Area; income?: string; dibao?: StreamSpec; withhold?: Provision[] } = {},
): { household: Household; people: Person[]; dibao: RecordObject } {
  const area: Area = options.area ?? 'URBAN';
  const { household, people } = family(w, county, members, { area, income: options.income ?? poorIncome(w, county, area) });
  const dibao = dibaoFor(w, household, options.dibao);
  const poor = covers(dibao, w.asOf) ? 'DIBAO' : null;
  people.forEach((p, i) => provide(w, p, { poor, household, withhold: members[i]!.withhold }));
  provideEmployment(w, household, poor !== null, options.withhold);
  return { household, people, dibao };
}

export function dibaoFor(w: World, household: Household, spec: StreamSpec = {}): RecordObject {
  const perHead = Math.round(dibaoStandardFen(household.regionCode, household.area) * 0.6 / 100) * 100;
  return w.record({
    program: 'DIBAO', beneficiary: household.head, household,
    amount: spec.amount ?? formatFen(perHead * household.members.length), frequency: spec.frequency ?? 'MONTHLY',
    start: spec.start ?? monthStart(w.asOf, -w.rng.int(8, 30)), end: spec.end ?? null, status: spec.status,
    details: { dibaoGrade: w.rng.int(1, 3) },
  });
}

/** 特困 support for one person (often someone living alone, or an old parent). */
export function tekunFor(w: World, person: Person, spec: StreamSpec = {}, household?: Household): RecordObject {
  return w.record({
    program: 'TEKUN', beneficiary: person, household,
    amount: spec.amount ?? '1040.00', frequency: spec.frequency ?? 'MONTHLY',
    start: spec.start ?? monthStart(w.asOf, -w.rng.int(8, 30)), end: spec.end ?? null, status: spec.status,
    details: { supportMode: 'DISPERSED' },
  });
}

/** A person alone in a household of one, on 特困, with what they qualify for. */
export function aloneOnTekun(w: World, county: string, spec: Omit<PersonSpec, 'county'>, tekun: StreamSpec = {}, withhold: Provision[] = []) {
  const { household, people } = family(w, county, [{ ...spec, relation: 'HEAD' }], { area: 'URBAN', income: '0.00' });
  const person = people[0]!;
  const record = tekunFor(w, person, tekun, household);
  provide(w, person, { poor: covers(record, w.asOf) ? 'TEKUN' : null, household, withhold });
  return { household, person, tekun: record };
}
