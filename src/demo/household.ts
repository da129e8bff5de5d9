// One household: its members' plans turned into person objects and the
// household object that lists them.
import { planHousehold, type MemberPlan } from './family';
import { formatFen } from './money';
import { pickGivenName, pickSurname, type NameStyle } from './names';
import { birthDigits, deathDateFor, disabilityFor, employmentFor, makeIdNumber, schoolStageFor } from './people';
import type { Rng } from './random';
import { COUNTIES, type CountyProfile } from './regions';
import { dibaoFen } from './standards';
import type { Area, HouseholdObject, PersonObject } from './types';

export interface BuiltHousehold {
  household: HouseholdObject;
  persons: PersonObject[];
  /** Age on 1 January of each member, in member order. */
  ages: number[];
}

/**
 * Children and grandchildren carry the paternal surname; wives, mothers and
 * in-laws keep their own, as is usual in China.
 */
function surnames(rng: Rng, plans: readonly MemberPlan[], style: NameStyle): string[] {
  const family = pickSurname(rng, style);
  // Same-surname marriages exist but are rare; always differing reads more naturally.
  const other = (): string => {
    for (;;) {
      const surname = pickSurname(rng, style);
      if (surname !== family) return surname;
    }
  };
  const head = plans[0];
  const headSurname = head?.sex === 'FEMALE' && plans.some((p) => p.relation === 'SPOUSE' || p.relation === 'CHILD')
    ? other()
    : family;
  return plans.map((plan) => {
    switch (plan.relation) {
      case 'HEAD':
        return headSurname;
      case 'CHILD':
      case 'GRANDCHILD':
        return family;
      case 'SIBLING':
        return headSurname;
      case 'SPOUSE':
        return plan.sex === 'MALE' ? family : other();
      case 'PARENT':
        return plan.sex === 'MALE' ? headSurname : other();
      default:
        return other();
    }
  });
}

/** Some working-age adults live in Chengdu's central districts while registered at home. */
function residenceFor(rng: Rng, county: CountyProfile, age: number): string {
  if (age < 18 || age > 50 || county.cityCode === '510100' || !rng.chance(0.05)) return county.code;
  return rng.pick(COUNTIES.filter((c) => c.urbanShare === 1)).code;
}

function personFor(rng: Rng, plan: MemberPlan, name: string, county: CountyProfile, used: Set<string>): PersonObject {
  const disability = disabilityFor(rng, plan);
  const schoolStage = schoolStageFor(rng, plan.age, disability);
  return {
    type: 'person',
    idNumber: makeIdNumber(rng, county.code, birthDigits(rng, plan.age), plan.sex, used),
    name,
    hukouRegionCode: county.code,
    residenceRegionCode: residenceFor(rng, county, plan.age),
    disabilityGrade: disability?.grade ?? null,
    disabilityType: disability?.type ?? null,
    employmentStatus: employmentFor(rng, plan, schoolStage, disability),
    schoolStage,
    orphan: plan.orphan,
    deathDate: deathDateFor(rng, plan.age),
  };
}

/** About half the caseload falls below the local DIBAO standard, as applicants do. */
function incomePerCapitaFen(rng: Rng, county: CountyProfile, area: Area): number {
  const standard = dibaoFen(county.code, area);
  const band = rng.weighted([['below', 50], ['near', 15], ['above', 35]] as const);
  if (band === 'below') return rng.int(0, Math.floor(standard * 0.95));
  if (band === 'near') return rng.int(Math.floor(standard * 0.95), Math.floor(standard * 1.5));
  return rng.int(Math.floor(standard * 1.5), standard * 4);
}

export function buildHousehold(rng: Rng, county: CountyProfile, sequence: number, used: Set<string>): BuiltHousehold {
  const area: Area = rng.chance(county.urbanShare) ? 'URBAN' : 'RURAL';
  const township = rng.pick(area === 'URBAN' ? county.urbanTownships : county.ruralTownships);
  const plans = planHousehold(rng);
  const style: NameStyle = rng.chance(county.yiShare) ? 'YI' : 'HAN';
  const names = surnames(rng, plans, style).map((surname, i) => surname + pickGivenName(rng, style, plans[i]?.sex ?? 'MALE'));
  const persons = plans.map((plan, i) => personFor(rng, plan, names[i] ?? '', county, used));
  const household: HouseholdObject = {
    type: 'household',
    sourceId: `HH-${county.code}-${String(sequence).padStart(6, '0')}`,
    regionCode: county.code,
    township,
    area,
    monthlyIncomePerCapita: formatFen(incomePerCapitaFen(rng, county, area)),
    members: persons.map((person, i) => ({ idNumber: person.idNumber, relation: plans[i]?.relation ?? 'OTHER' })),
  };
  return { household, persons, ages: plans.map((plan) => plan.age) };
}
