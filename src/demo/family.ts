// Household compositions: who lives together, with ages that fit the relation
// (children 20-42 years younger than their mother, grandchildren 40+ years
// younger than the grandparent raising them). Ages are whole years on 1 January.
import type { Rng } from './random';
import type { Relation, Sex } from './types';

export interface MemberPlan {
  relation: Relation;
  age: number;
  sex: Sex;
  orphan: boolean;
  /** Raised for people who typically end up alone on assistance. */
  disabilityChance?: number;
}

type Template = (rng: Rng) => MemberPlan[];

const opposite = (sex: Sex): Sex => (sex === 'MALE' ? 'FEMALE' : 'MALE');
const sexOf = (rng: Rng, maleShare: number): Sex => (rng.chance(maleShare) ? 'MALE' : 'FEMALE');

function member(relation: Relation, age: number, sex: Sex, extra: Partial<MemberPlan> = {}): MemberPlan {
  return { relation, age, sex, orphan: false, ...extra };
}

/** Husbands are usually a few years older than their wives. */
function spouseOf(rng: Rng, head: MemberPlan): MemberPlan {
  const gap = rng.int(-2, 5);
  const age = Math.max(20, head.sex === 'MALE' ? head.age - gap : head.age + gap);
  return member('SPOUSE', age, opposite(head.sex));
}

function childAges(rng: Rng, parentAge: number, count: number): number[] {
  const lower = Math.max(0, parentAge - 42);
  const upper = parentAge - 20;
  if (upper < lower) return [];
  return Array.from({ length: count }, () => rng.int(lower, upper)).sort((a, b) => b - a);
}

function children(rng: Rng, relation: Relation, parentAge: number, count: number, extra: Partial<MemberPlan> = {}): MemberPlan[] {
  return childAges(rng, parentAge, count).map((age) => member(relation, age, sexOf(rng, 0.52), extra));
}

const motherAge = (plans: readonly MemberPlan[]): number =>
  plans.find((plan) => plan.sex === 'FEMALE')?.age ?? plans[0]?.age ?? 0;

const singleElder: Template = (rng) => [member('HEAD', rng.int(60, 92), sexOf(rng, 0.45), { disabilityChance: 0.18 })];

const elderCouple: Template = (rng) => {
  const head = member('HEAD', rng.int(60, 85), 'MALE');
  return [head, spouseOf(rng, head)];
};

const singleAdult: Template = (rng) => [member('HEAD', rng.int(25, 59), sexOf(rng, 0.65), { disabilityChance: 0.35 })];

const coupleWithChildren: Template = (rng) => {
  const head = member('HEAD', rng.int(25, 55), sexOf(rng, 0.85));
  const couple = [head, spouseOf(rng, head)];
  return [...couple, ...children(rng, 'CHILD', motherAge(couple), rng.int(1, 3))];
};

const singleParent: Template = (rng) => {
  const head = member('HEAD', rng.int(25, 55), sexOf(rng, 0.3));
  return [head, ...children(rng, 'CHILD', head.age, rng.int(1, 3))];
};

const threeGenerations: Template = (rng) => {
  const head = member('HEAD', rng.int(30, 55), sexOf(rng, 0.8));
  const couple = [head, spouseOf(rng, head)];
  const parentAge = Math.min(95, head.age + rng.int(22, 34));
  const parents =
    rng.chance(0.4)
      ? [member('PARENT', parentAge, 'MALE'), member('PARENT', Math.max(head.age + 20, parentAge - rng.int(0, 4)), 'FEMALE')]
      : [member('PARENT', parentAge, sexOf(rng, 0.3))];
  return [...couple, ...parents, ...children(rng, 'CHILD', motherAge(couple), rng.int(1, 2))];
};

/** Left-behind or orphaned grandchildren raised by a grandparent. */
const grandparentsRaising: Template = (rng) => {
  const head = member('HEAD', rng.int(55, 80), sexOf(rng, 0.5));
  const elders = head.sex === 'MALE' && rng.chance(0.6) ? [head, spouseOf(rng, head)] : [head];
  const orphan = rng.chance(0.3);
  const count = rng.int(1, 2);
  const grandchildren = Array.from({ length: count }, () =>
    member('GRANDCHILD', rng.int(1, Math.min(17, head.age - 40)), sexOf(rng, 0.52), { orphan }),
  );
  return [...elders, ...grandchildren];
};

/** An adult caring for a disabled brother or sister. */
const headWithSibling: Template = (rng) => {
  const head = member('HEAD', rng.int(35, 65), sexOf(rng, 0.6));
  const sibling = member('SIBLING', Math.max(18, head.age + rng.int(-8, 8)), sexOf(rng, 0.5), { disabilityChance: 0.6 });
  return rng.chance(0.5) ? [head, spouseOf(rng, head), sibling] : [head, sibling];
};

const adultWithParent: Template = (rng) => {
  const head = member('HEAD', rng.int(30, 55), sexOf(rng, 0.55));
  return [head, member('PARENT', Math.min(95, head.age + rng.int(22, 34)), sexOf(rng, 0.3))];
};

const TEMPLATES: readonly (readonly [Template, number])[] = [
  [singleElder, 14],
  [elderCouple, 10],
  [singleAdult, 6],
  [coupleWithChildren, 25],
  [singleParent, 12],
  [threeGenerations, 14],
  [grandparentsRaising, 9],
  [headWithSibling, 5],
  [adultWithParent, 5],
];

export function planHousehold(rng: Rng): MemberPlan[] {
  return rng.weighted(TEMPLATES)(rng);
}
