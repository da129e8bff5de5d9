// The planted set end to end: generate it, store it through the real
// ingestion, run every rule with the real runner, and require exactly the
// findings the generator planted — every planted case found, with its
// evidence, household, region and overpayment, and nothing else (no
// near-miss, no background household).
import { detect, type DetectedFinding } from '../../src/detection/detect';
import { RULE_IDS, findingKey, generatePlantedSet, type ExpectedFinding } from '../../src/generate';
import { ingest } from '../../src/ingest/service';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const AS_OF = '2026-06-30';
const PEPPER = 'test-pepper'; // testConfig's
const set = generatePlantedSet({ seed: 20260630, asOf: AS_OF, pepper: PEPPER, background: 20 });

/** What the comparison looks at, programs as a set (their order is the rule's presentation). */
const compared = (f: ExpectedFinding | DetectedFinding) => ({
  findingKey: findingKey(f),
  personKey: f.personKey,
  householdSourceId: f.householdSourceId,
  records: f.records,
  overpayment: f.overpayment,
  regionCode: f.regionCode,
  area: f.area,
  suggestedPrograms: [...f.suggestedPrograms].sort(),
});

describe('the planted set', () => {
  it('plants findings and near-misses for every rule D1-D6 and G1-G8', () => {
    for (const rule of RULE_IDS) {
      expect({ rule, findings: set.expected.filter((f) => f.rule === rule).length > 0 }).toEqual({ rule, findings: true });
      expect({ rule, nearMisses: set.nearMisses.filter((n) => n.rule === rule).length > 0 }).toEqual({ rule, nearMisses: true });
    }
  });

  it('is the same for the same seed and as-of date, and differs for another seed', () => {
    const again = generatePlantedSet({ seed: 20260630, asOf: AS_OF, pepper: PEPPER, background: 20 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(set));
    const other = generatePlantedSet({ seed: 7, asOf: AS_OF, pepper: PEPPER, background: 20 });
    expect(JSON.stringify(other.objects)).not.toBe(JSON.stringify(set.objects));
  });
});

describe('detect over the planted set', () => {
  let test: TestDatabase;
  let found: DetectedFinding[];

  beforeAll(async () => {
    test = await createTestDatabase();
    const summary = await ingest(test.db.prisma, set.objects.map((input, i) => ({ position: i + 1, input })), {
      sender: { name: 'planted', department: null },
      personKeyPepper: PEPPER,
    });
    if (summary.rejected > 0) throw new Error(`rejected lines: ${JSON.stringify(summary.rejections.slice(0, 3))}`);
    found = await detect(test.db.prisma, { asOf: AS_OF });
  }, 300_000);

  afterAll(async () => {
    await test.drop();
  });

  it.each(RULE_IDS.map((rule) => [rule]))('%s finds exactly its planted cases, nothing else', (rule) => {
    const expected = set.expected.filter((f) => f.rule === rule).map(compared);
    const actual = found.filter((f) => f.rule === rule).map(compared);
    // Missing and unexpected findings side by side, with the note of each planted case.
    const notes = new Map(set.expected.map((f) => [findingKey(f), f.note]));
    const missing = expected.filter((e) => !actual.some((a) => a.findingKey === e.findingKey)).map((e) => ({ ...e, note: notes.get(e.findingKey) }));
    const unexpected = actual.filter((a) => !expected.some((e) => e.findingKey === a.findingKey));
    expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
    expect(actual).toEqual(expected);
  });

  it('returns the findings in the order of the expected list (rule, then finding key)', () => {
    expect(found.map((f) => f.findingKey)).toEqual(set.expected.map(findingKey));
  });
});
