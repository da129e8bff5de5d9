import { parseIdNumber } from '../../src/lib/ids';
import {
  DEMO_REGIONS,
  POLICY_GAP,
  generateDemoRegistry,
  type DemoObject,
  type HouseholdObject,
  type PersonObject,
  type RegionObject,
  type StandardObject,
} from '../../src/demo';

const objects = generateDemoRegistry();
const regions = objects.filter((o): o is RegionObject => o.type === 'region');
const standards = objects.filter((o): o is StandardObject => o.type === 'standard');
const persons = objects.filter((o): o is PersonObject => o.type === 'person');
const households = objects.filter((o): o is HouseholdObject => o.type === 'household');
const personById = new Map(persons.map((p) => [p.idNumber, p]));
const AMOUNT = /^\d+\.\d{2}$/;
const fen = (amount: string): number => Number(amount.replace('.', ''));

function birthOf(idNumber: string): string {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.birthDate;
}
const yearsBetween = (older: string, younger: string): number => Number(younger.slice(0, 4)) - Number(older.slice(0, 4));

describe('generateDemoRegistry determinism', () => {
  it('gives identical output for the same seed', () => {
    const again = generateDemoRegistry();
    expect(JSON.stringify(again)).toBe(JSON.stringify(objects));
    expect(JSON.stringify(generateDemoRegistry({ seed: 7, households: 40 }))).toBe(
      JSON.stringify(generateDemoRegistry({ seed: 7, households: 40 })),
    );
  });

  it('gives different people for a different seed', () => {
    const other = generateDemoRegistry({ seed: 99 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(objects));
  });

  it('does not let a caller mutating the output change the next run', () => {
    const first = generateDemoRegistry({ households: 1 });
    (first[0] as RegionObject).name = 'changed';
    expect((generateDemoRegistry({ households: 1 })[0] as RegionObject).name).toBe('四川省');
  });
});

describe('generateDemoRegistry shape and order', () => {
  it('makes about 300 households by default and honours the households option', () => {
    expect(households).toHaveLength(300);
    expect(generateDemoRegistry({ households: 12 }).filter((o) => o.type === 'household')).toHaveLength(12);
  });

  it('emits regions, then standards, then persons, then households', () => {
    const rank: Record<DemoObject['type'], number> = { region: 0, standard: 1, person: 2, household: 3 };
    const ranks = objects.map((o) => rank[o.type]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('lists every region after its parent', () => {
    const seen = new Set<string>();
    for (const region of regions) {
      if (region.parentCode !== null) expect(seen).toContain(region.parentCode);
      seen.add(region.code);
    }
    expect(regions).toEqual(DEMO_REGIONS);
  });

  it('gives every person exactly once', () => {
    expect(personById.size).toBe(persons.length);
  });
});

describe('generateDemoRegistry ID numbers', () => {
  it('are all valid per parseIdNumber, with the county code first', () => {
    for (const person of persons) {
      const parsed = parseIdNumber(person.idNumber);
      expect(parsed).toMatchObject({ ok: true, normalized: person.idNumber, regionCode: person.hukouRegionCode });
    }
    for (const member of households.flatMap((h) => h.members)) expect(parseIdNumber(member.idNumber).ok).toBe(true);
  });
});

describe('generateDemoRegistry households', () => {
  const countyCodes = new Set(regions.filter((r) => r.level === 'COUNTY').map((r) => r.code));

  it('each have exactly one HEAD and 1 to 6 members', () => {
    for (const household of households) {
      expect(household.members.filter((m) => m.relation === 'HEAD')).toHaveLength(1);
      expect(household.members.length).toBeGreaterThanOrEqual(1);
      expect(household.members.length).toBeLessThanOrEqual(6);
    }
  });

  it('are each in a generated COUNTY', () => {
    for (const household of households) expect(countyCodes).toContain(household.regionCode);
  });

  it('have a person object for every member', () => {
    for (const member of households.flatMap((h) => h.members)) expect(personById.has(member.idNumber)).toBe(true);
  });

  it('have townships that fit the area (街道 urban, 镇/乡 rural)', () => {
    for (const household of households) {
      expect(household.township).toMatch(household.area === 'URBAN' ? /街道$/ : /[镇乡]$/);
    }
  });

  it('have ages consistent with relations', () => {
    for (const household of households) {
      const head = birthOf(household.members[0]?.idNumber ?? '');
      for (const member of household.members) {
        const born = birthOf(member.idNumber);
        if (member.relation === 'CHILD') expect(yearsBetween(head, born)).toBeGreaterThanOrEqual(15);
        if (member.relation === 'GRANDCHILD') expect(yearsBetween(head, born)).toBeGreaterThanOrEqual(35);
        if (member.relation === 'PARENT') expect(yearsBetween(born, head)).toBeGreaterThanOrEqual(15);
      }
    }
  });

  it('include a couple of persons listed in households of two different counties', () => {
    const countiesById = new Map<string, Set<string>>();
    for (const household of households) {
      for (const member of household.members) {
        const counties = countiesById.get(member.idNumber) ?? new Set<string>();
        countiesById.set(member.idNumber, counties.add(household.regionCode));
      }
    }
    expect([...countiesById.values()].filter((counties) => counties.size > 1).length).toBeGreaterThanOrEqual(2);
  });

  it('put many households below their local DIBAO standard', () => {
    const below = households.filter((h) => {
      const dibao = standards.find((s) => s.regionCode === h.regionCode && s.area === h.area && s.program === 'DIBAO');
      return dibao !== undefined && fen(h.monthlyIncomePerCapita) < fen(dibao.monthlyAmount);
    });
    expect(below.length).toBeGreaterThan(households.length / 4);
  });
});

describe('generateDemoRegistry amounts and standards', () => {
  it('writes every amount as a 2-decimal string, never a float', () => {
    for (const standard of standards) expect(standard.monthlyAmount).toMatch(AMOUNT);
    for (const household of households) expect(household.monthlyIncomePerCapita).toMatch(AMOUNT);
  });

  it('has DIBAO and TEKUN, URBAN and RURAL, for 2026 in every county', () => {
    const counties = regions.filter((r) => r.level === 'COUNTY');
    expect(standards).toHaveLength(counties.length * 4);
    expect(standards.every((s) => s.year === 2026)).toBe(true);
  });

  it('sets TEKUN at 1.3x DIBAO rounded up to the yuan, except the one deliberate policy gap', () => {
    const gaps = standards
      .filter((s) => s.program === 'TEKUN')
      .filter((tekun) => {
        const dibao = standards.find((s) => s.program === 'DIBAO' && s.regionCode === tekun.regionCode && s.area === tekun.area);
        const required = Math.ceil((fen(dibao?.monthlyAmount ?? '0.00') * 13) / 1000) * 100;
        return fen(tekun.monthlyAmount) !== required;
      });
    expect(gaps.map((s) => [s.regionCode, s.area])).toEqual([[POLICY_GAP.regionCode, POLICY_GAP.area]]);
    expect(fen(gaps[0]?.monthlyAmount ?? '0.00')).toBeLessThan(65000);
  });

  it('uses the Chengdu urban example amounts of EXCHANGE.md', () => {
    const jintang = standards.filter((s) => s.regionCode === '510121' && s.area === 'URBAN').map((s) => s.monthlyAmount);
    expect(jintang).toEqual(['780.00', '1014.00']);
  });
});

describe('generateDemoRegistry persons', () => {
  it('has a realistic share of disabled persons (about 8%)', () => {
    const share = persons.filter((p) => p.disabilityGrade !== null).length / persons.length;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.14);
    for (const p of persons) expect(p.disabilityGrade === null).toBe(p.disabilityType === null);
  });

  it('gives school stages only to 3-22 year olds and employment only to adults', () => {
    for (const person of persons) {
      const age = 2026 - Number(birthOf(person.idNumber).slice(0, 4)) - 1;
      if (person.schoolStage !== null) expect(age).toBeGreaterThanOrEqual(3);
      if (person.schoolStage !== null) expect(age).toBeLessThanOrEqual(22);
      if (age < 18) expect(person.employmentStatus).toBeNull();
      else expect(person.employmentStatus).not.toBeNull();
    }
  });

  it('marks a few children as orphans and a very few elderly as dead in 2026', () => {
    const orphans = persons.filter((p) => p.orphan);
    expect(orphans.length).toBeGreaterThan(0);
    for (const orphan of orphans) expect(Number(birthOf(orphan.idNumber).slice(0, 4))).toBeGreaterThanOrEqual(2008);
    const dead = persons.filter((p) => p.deathDate !== null);
    expect(dead.length).toBeGreaterThan(0);
    expect(dead.length).toBeLessThan(persons.length * 0.02);
    for (const person of dead) expect(person.deathDate).toMatch(/^2026-\d{2}-\d{2}$/);
  });
});
