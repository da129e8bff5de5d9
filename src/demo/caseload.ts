// The registry seen as a caseload: each household's means test against its
// local DIBAO standard decides its basic-living support (DIBAO, TEKUN or none),
// which every department's generator then follows, as their eligibility rules
// follow civil affairs' decision in practice.
import { AS_OF, ageOn } from './calendar';
import type { BuiltHousehold } from './household';
import type { Rng } from './random';
import { COUNTIES, type CountyProfile } from './regions';
import { dibaoFen } from './standards';
import type { HouseholdObject, PersonObject, Relation } from './types';

/** POOR: income below the DIBAO standard; NEAR: up to 1.5x it (低保边缘); ABOVE: neither. */
export type Band = 'POOR' | 'NEAR' | 'ABOVE';
/** DIBAO_ENDED: exited in 2026 after income rose above the standard. */
export type Support = 'DIBAO' | 'DIBAO_ENDED' | 'TEKUN' | 'NONE';

export interface Member {
  person: PersonObject;
  relation: Relation;
  /** Whole years at AS_OF. */
  age: number;
  alive: boolean;
}

export interface HouseholdCase {
  household: HouseholdObject;
  county: CountyProfile;
  members: Member[];
  head: Member;
  standardFen: number;
  incomeFen: number;
  band: Band;
  support: Support;
  dibaoStatus: 'ACTIVE' | 'SUSPENDED';
  /** Lists a person another county lists too; both put on DIBAO (the planted D2 problem). */
  crossListed: boolean;
  /** The head died but civil affairs was never told: payment goes on (the planted D6 problem). */
  paysDeadHead: boolean;
}

export interface Caseload {
  households: HouseholdCase[];
  /** Each person once, with the household whose register created them. */
  persons: Map<string, { member: Member; home: HouseholdCase }>;
  /** Every household listing a person (two for the cross-listed). */
  listings: Map<string, HouseholdCase[]>;
}

const fen = (amount: string): number => Math.round(Number(amount) * 100);

function bandOf(incomeFen: number, standardFen: number): Band {
  if (incomeFen < standardFen) return 'POOR';
  return incomeFen <= standardFen * 1.5 ? 'NEAR' : 'ABOVE';
}

/**
 * 特困 goes to people alone and unable to work (old or severely disabled);
 * most poor households get 低保; a few poor ones never applied; some near-poor
 * households left 低保 this year.
 */
function supportFor(rng: Rng, h: HouseholdCase): Support {
  if (h.crossListed) return 'DIBAO';
  if (h.band === 'NEAR') return rng.chance(0.3) ? 'DIBAO_ENDED' : 'NONE';
  if (h.band === 'ABOVE') return 'NONE';
  const alone = h.members.length === 1;
  const unable = h.head.age >= 60 || (h.head.person.disabilityGrade ?? 9) <= 2;
  if (alone && unable && rng.chance(0.6)) return 'TEKUN';
  return rng.chance(0.92) ? 'DIBAO' : 'NONE';
}

export function buildCaseload(rng: Rng, built: readonly BuiltHousehold[], crossListedIds: readonly string[]): Caseload {
  const personById = new Map(built.flatMap((b) => b.persons).map((p) => [p.idNumber, p]));
  const caseload: Caseload = { households: [], persons: new Map(), listings: new Map() };
  for (const b of built) {
    const county = COUNTIES.find((c) => c.code === b.household.regionCode)!;
    const members = b.household.members.map((m): Member => {
      const person = personById.get(m.idNumber)!;
      const alive = person.deathDate === null || person.deathDate > AS_OF;
      return { person, relation: m.relation, age: ageOn(m.idNumber, AS_OF), alive };
    });
    const standardFen = dibaoFen(county.code, b.household.area);
    const incomeFen = fen(b.household.monthlyIncomePerCapita);
    const h: HouseholdCase = {
      household: b.household,
      county,
      members,
      head: members[0]!,
      standardFen,
      incomeFen,
      band: bandOf(incomeFen, standardFen),
      support: 'NONE',
      dibaoStatus: 'ACTIVE',
      crossListed: members.some((m) => crossListedIds.includes(m.person.idNumber)),
      paysDeadHead: false,
    };
    h.support = supportFor(rng, h);
    if (h.support === 'DIBAO' && !h.crossListed && rng.chance(0.05)) h.dibaoStatus = 'SUSPENDED';
    caseload.households.push(h);
    for (const member of members) {
      caseload.listings.set(member.person.idNumber, [...(caseload.listings.get(member.person.idNumber) ?? []), h]);
      if (b.persons.includes(member.person)) caseload.persons.set(member.person.idNumber, { member, home: h });
    }
  }
  return caseload;
}

/** DIBAO pays this household at AS_OF (a head's death ends the household's record, when notified). */
export const dibaoCovers = (h: HouseholdCase): boolean => h.support === 'DIBAO' && (h.head.alive || h.paysDeadHead);

/** The person is the 特困 beneficiary of their own one-person household. */
export const isTekun = (h: HouseholdCase, member: Member): boolean =>
  h.support === 'TEKUN' && h.head.person === member.person;

/** Covered by DIBAO (through any listing) or TEKUN at AS_OF: the rules' "poor" people. */
export function basicLivingCovered(caseload: Caseload, idNumber: string): boolean {
  return (caseload.listings.get(idNumber) ?? []).some((h) => dibaoCovers(h) || (h.support === 'TEKUN' && (h.head.alive || h.paysDeadHead)));
}
