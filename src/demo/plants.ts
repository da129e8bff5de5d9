// The few problems deliberately left in the demo set for the hub's rules
// (RULES.md) to find, chosen before the departments' records are generated so
// that each generator can leave out what a gap needs left out. Everything else
// is generated clean, so each rule finds only these few, realistic cases.
import { basicLivingCovered, dibaoCovers, isTekun, type Caseload, type HouseholdCase, type Member } from './caseload';
import type { Rng } from './random';

export interface PersonCase {
  member: Member;
  home: HouseholdCase;
}

export interface Plants {
  /** G1: school-age children on DIBAO that education aid missed. */
  noEducation: Set<string>;
  /** G3: severely disabled people who never applied for the nursing subsidy. */
  noNursing: Set<string>;
  /** G4: disabled people on DIBAO without the living subsidy. */
  noLiving: Set<string>;
  /** G5: DIBAO households with an idle working-age member and no employment aid. */
  noEmploymentAid: Set<string>;
  /** G7: near-poor households, not on DIBAO, with large medical bills and no relief. */
  expenditurePoor: HouseholdCase[];
  /** A near-poor household with a large bill that did get temporary assistance (no finding). */
  relievedBill: HouseholdCase | null;
  /** D1: an old parent in a DIBAO household also registered as 特困. */
  tekunInDibao: PersonCase[];
  /** D3: a child's hospital bill paid by medical assistance and a charity beyond its cost. */
  overCovered: PersonCase[];
  /** D4: households with public rental housing whose rental subsidy was never stopped. */
  housingDouble: HouseholdCase[];
  /** D5: 特困 people still drawing the disability living subsidy. */
  livingWhileTekun: PersonCase[];
  /** D6: people who died this year and whose payment was never stopped (see deaths.ts). */
  paidAfterDeath: PersonCase[];
}

/** How many of each: "a few", so a reviewer can check every finding by hand. */
const COUNT = { g1: 3, g3: 2, g4: 2, g5: 2, g7: 2, d1: 2, d3: 2, d4: 2, d5: 2, d6: 2 } as const;

function pickSome<T>(rng: Rng, candidates: readonly T[], count: number): T[] {
  const pool = [...candidates];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return picked;
}

/**
 * Members of working age without work, schooling or severe disability: what G5
 * looks for (16-59). Generators pass a wider age range and plants a narrower
 * one, so neither depends on the exact date the rules are run as of.
 */
export function idleWorkers(h: HouseholdCase, minAge = 15, maxAge = 60): Member[] {
  if (h.members.some((m) => m.alive && m.person.employmentStatus === 'EMPLOYED')) return [];
  return h.members.filter(
    (m) =>
      m.alive &&
      m.age >= minAge &&
      m.age <= maxAge &&
      m.person.employmentStatus === 'UNEMPLOYED' &&
      m.person.schoolStage === null &&
      (m.person.disabilityGrade ?? 9) > 2,
  );
}

/**
 * D6 first, because it can change a household's support: a head who died by
 * September in a household that is poor, or near-poor, is put on 低保 (or kept
 * on 特困), and their payment left running. Few people die in a demo year, so
 * other deceased people come after the heads; deaths.ts keeps whatever they draw.
 */
function choosePaidAfterDeath(rng: Rng, caseload: Caseload): PersonCase[] {
  const dead = [...caseload.persons.values()].filter((p) => p.member.person.deathDate !== null && p.member.person.deathDate <= '2026-09-30');
  const isPoorHead = (p: PersonCase): boolean => p.home.head === p.member && p.home.band !== 'ABOVE' && !p.home.crossListed;
  const heads = pickSome(rng, dead.filter(isPoorHead), COUNT.d6);
  const picked = [...heads, ...pickSome(rng, dead.filter((p) => !isPoorHead(p)), COUNT.d6 - heads.length)];
  for (const { home } of heads) {
    if (home.support !== 'TEKUN') home.support = 'DIBAO';
    home.dibaoStatus = 'ACTIVE';
    home.paysDeadHead = true;
  }
  return picked;
}

export function choosePlants(rng: Rng, caseload: Caseload): Plants {
  const paidAfterDeath = choosePaidAfterDeath(rng, caseload);
  const people = [...caseload.persons.values()].filter((p) => p.member.alive && !p.home.crossListed);
  const taken = new Set<string>();
  const pick = (candidates: PersonCase[], count: number): PersonCase[] => {
    const picked = pickSome(rng, candidates.filter((p) => !taken.has(p.member.person.idNumber)), count);
    for (const p of picked) taken.add(p.member.person.idNumber);
    return picked;
  };
  const ids = (picked: PersonCase[]): Set<string> => new Set(picked.map((p) => p.member.person.idNumber));
  const onDibao = (p: PersonCase): boolean => dibaoCovers(p.home) && !isTekun(p.home, p.member);
  const grade = (p: PersonCase): number => p.member.person.disabilityGrade ?? 9;
  const households = caseload.households.filter((h) => !h.crossListed && h.head.alive);
  const nearPoor = households.filter((h) => h.band === 'NEAR' && h.support === 'NONE');

  const g1 = pick(people.filter((p) => {
    const stage = p.member.person.schoolStage;
    return onDibao(p) && stage !== null && stage !== 'HIGHER' && p.member.age >= 7 && p.member.age <= 17;
  }), COUNT.g1);
  const g3 = pick(people.filter((p) => grade(p) <= 2), COUNT.g3);
  const g4 = pick(people.filter((p) => onDibao(p) && grade(p) <= 4), COUNT.g4);
  const d1 = pick(people.filter((p) =>
    onDibao(p) && p.home.dibaoStatus === 'ACTIVE' && p.member.relation === 'PARENT' && p.member.age >= 60 && grade(p) > 4,
  ), COUNT.d1);
  const d3 = pick(people.filter((p) => onDibao(p) && p.member.age >= 1 && p.member.age < 18), COUNT.d3);
  const d5 = pick(people.filter((p) => isTekun(p.home, p.member) && grade(p) <= 4 && basicLivingCovered(caseload, p.member.person.idNumber)), COUNT.d5);
  const noneEmployed = (h: HouseholdCase): boolean => h.members.every((m) => m.person.employmentStatus !== 'EMPLOYED');
  const g5 = pickSome(rng, households.filter((h) => dibaoCovers(h) && noneEmployed(h) && idleWorkers(h, 17, 58).length > 0), COUNT.g5);
  const d4 = pickSome(rng, households.filter((h) => dibaoCovers(h) && h.household.area === 'URBAN' && !g5.includes(h)), COUNT.d4);
  const billed = pickSome(rng, nearPoor, COUNT.g7 + 1);
  return {
    noEducation: ids(g1),
    noNursing: ids(g3),
    noLiving: ids(g4),
    noEmploymentAid: new Set(g5.map((h) => h.household.sourceId)),
    expenditurePoor: billed.slice(0, COUNT.g7),
    relievedBill: billed[COUNT.g7] ?? null,
    tekunInDibao: d1,
    overCovered: d3,
    housingDouble: d4,
    livingWhileTekun: d5,
    paidAfterDeath,
  };
}
