// EXCHANGE.md lets two counties list the same person. The realistic case: a
// widowed rural mother still registered in her own village household is also
// listed in her child's household in another county, where she now lives.
import type { BuiltHousehold } from './household';
import type { Rng } from './random';

const MIN_MOTHER_AGE_AT_BIRTH = 20;
const MAX_MOTHER_AGE_AT_BIRTH = 42;
const MAX_MEMBERS = 6;

const isFemale = (idNumber: string): boolean => Number(idNumber[16]) % 2 === 0;

function isMover(built: BuiltHousehold): boolean {
  const person = built.persons[0];
  return (
    built.household.members.length === 1 &&
    built.household.area === 'RURAL' &&
    (built.ages[0] ?? 0) >= 65 &&
    person !== undefined &&
    person.deathDate === null &&
    isFemale(person.idNumber)
  );
}

function fitsAsMotherOfHead(target: BuiltHousehold, from: BuiltHousehold, motherAge: number): boolean {
  const headAge = target.ages[0] ?? 0;
  const members = target.household.members;
  return (
    target.household.regionCode !== from.household.regionCode &&
    members.length >= 2 &&
    members.length < MAX_MEMBERS &&
    !members.some((m) => m.relation === 'PARENT') &&
    motherAge - headAge >= MIN_MOTHER_AGE_AT_BIRTH &&
    motherAge - headAge <= MAX_MOTHER_AGE_AT_BIRTH
  );
}

/** Adds up to `count` such double listings in place; returns the ID numbers listed twice. */
export function listInSecondCounty(rng: Rng, households: BuiltHousehold[], count: number): string[] {
  const movers = households.filter(isMover);
  const listed: string[] = [];
  while (listed.length < count && movers.length > 0) {
    const from = movers.splice(rng.int(0, movers.length - 1), 1)[0];
    const person = from?.persons[0];
    const age = from?.ages[0];
    if (!from || !person || age === undefined) break;
    const targets = households.filter((target) => fitsAsMotherOfHead(target, from, age));
    if (targets.length === 0) continue;
    const target = rng.pick(targets);
    target.household.members.push({ idNumber: person.idNumber, relation: 'PARENT' });
    target.ages.push(age);
    person.residenceRegionCode = target.household.regionCode;
    listed.push(person.idNumber);
  }
  return listed;
}
