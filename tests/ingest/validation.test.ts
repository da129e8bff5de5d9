// Validation at the service level (EXCHANGE.md, Common rules): every rejected
// line says which field is wrong and why, in words a sender can act on, and
// nothing of a rejected line is stored.
import { ingest, type IngestSummary } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { ADMIN, REGIONS, household, idNumber, items, person, standard, withWrongCheck } from './builders';

let test_: TestDatabase;
const prisma = () => test_.db.prisma;
const keyOf = (id: string) => personKey(id.toUpperCase(), test_.config.idPepper);

/** Ingests the objects (or raw lines) as one batch from an administrator. */
function send(...objects: unknown[]): Promise<IngestSummary> {
  return ingest(prisma(), items(objects), { sender: ADMIN, personKeyPepper: test_.config.idPepper });
}

/** Sends one object and returns the problems of its rejection (failing if it was not rejected). */
async function problemsOf(object: unknown) {
  const summary = await send(object);
  expect(summary).toMatchObject({ stored: 0, unchanged: 0, rejected: 1 });
  expect(summary.rejections).toHaveLength(1);
  expect(summary.rejections[0]!.position).toBe(1);
  return summary.rejections[0]!.problems;
}

const personExists = async (id: string) => (await prisma().person.count({ where: { personKey: keyOf(id) } })) === 1;

beforeAll(async () => {
  test_ = await createTestDatabase();
  const summary = await send(...REGIONS);
  expect(summary).toMatchObject({ stored: REGIONS.length, rejected: 0 });
});
afterAll(() => test_.drop());

describe('the type of an object', () => {
  it('an unknown type is rejected on "type", listing the known types', async () => {
    expect(await problemsOf({ type: 'citizen', idNumber: idNumber() })).toEqual([
      { field: 'type', reason: 'unknown type "citizen"; expected one of region, standard, person, household, charityProgram, record, expense' },
    ]);
  });

  it('a missing type is rejected as required', async () => {
    expect(await problemsOf({ idNumber: idNumber(), name: '张三' })).toEqual([{ field: 'type', reason: 'is required' }]);
  });

  it('a line that is not JSON is rejected on "(line)" with the parser\'s reason', async () => {
    const problems = await problemsOf('{"type":"person","idNumber":');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('(line)');
    expect(problems[0]!.reason).toMatch(/^not valid JSON: .+/);
  });

  it('a JSON array line is rejected: a line must be one object', async () => {
    expect(await problemsOf(`[${JSON.stringify(person(idNumber()))}]`)).toEqual([
      { field: '(line)', reason: 'must be a JSON object with a "type"' },
    ]);
    expect(await problemsOf('"person"')).toEqual([{ field: '(line)', reason: 'must be a JSON object with a "type"' }]);
  });
});

describe('required fields and wrong JSON types', () => {
  it('a missing required field is reported as required', async () => {
    expect(await problemsOf({ type: 'person', name: '张三' })).toEqual([{ field: 'idNumber', reason: 'is required' }]);
  });

  // A wrong type must say what is expected, not "is required" (zod 4 drops an
  // issue's input unless asked to keep it; service.ts asks).
  it('a field of the wrong JSON type says what the field must be', async () => {
    const id = idNumber();
    expect(await problemsOf(person(id, { orphan: 'yes' }))).toEqual([{ field: 'orphan', reason: 'must be true or false' }]);
    expect(await problemsOf(standard({ year: '2026' }))).toEqual([{ field: 'year', reason: 'must be a year as a number, e.g. 2026' }]);
    expect(await problemsOf({ type: 'region', code: '510107', name: 107, level: 'COUNTY', parentCode: '510100' })).toEqual([
      { field: 'name', reason: "must be the region's name" },
    ]);
    expect(await personExists(id)).toBe(false);
  });
});

describe('unknown fields (no mass assignment)', () => {
  it('a person carrying its own "personKey" is rejected and nothing is stored under either key', async () => {
    const id = idNumber();
    const forged = 'f'.repeat(64);
    expect(await problemsOf(person(id, { name: '张三', personKey: forged }))).toEqual([
      { field: 'personKey', reason: 'unknown field (not in EXCHANGE.md for this type)' },
    ]);
    expect(await personExists(id)).toBe(false);
    expect(await prisma().person.count({ where: { personKey: forged } })).toBe(0);
  });

  it('every unknown field is named, including one inside a household member', async () => {
    const head = idNumber();
    const problems = await problemsOf(
      household([{ idNumber: head, relation: 'HEAD', extra: 1 }], { extra: 'x', maskedIdNumber: '5101' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'extra', reason: 'unknown field (not in EXCHANGE.md for this type)' },
        { field: 'maskedIdNumber', reason: 'unknown field (not in EXCHANGE.md for this type)' },
        { field: 'members.0.extra', reason: 'unknown field (not in EXCHANGE.md for this type)' },
      ]),
    );
    expect(problems).toHaveLength(3);
    expect(await personExists(head)).toBe(false);
  });
});

describe('amounts', () => {
  it('an amount sent as a JSON number is rejected: money must be a decimal string', async () => {
    expect(await problemsOf(standard({ year: 2030, monthlyAmount: 780 }))).toEqual([
      { field: 'monthlyAmount', reason: 'must be a decimal string in yuan such as "1014.00", not a number' },
    ]);
  });

  it('a negative amount is rejected', async () => {
    expect(await problemsOf(standard({ year: 2031, monthlyAmount: '-780.00' }))).toEqual([
      { field: 'monthlyAmount', reason: 'must not be negative' },
    ]);
  });

  it('an amount with 3 decimals is rejected (no silent rounding)', async () => {
    expect(await problemsOf(standard({ year: 2032, monthlyAmount: '780.005' }))).toEqual([
      { field: 'monthlyAmount', reason: 'must be a decimal string with at most 2 decimals, got "780.005"' },
    ]);
  });

  it('a bad household income is rejected on its field and creates no member', async () => {
    const head = idNumber();
    expect(await problemsOf(household([{ idNumber: head, relation: 'HEAD' }], { monthlyIncomePerCapita: '6.5e2' }))).toEqual([
      { field: 'monthlyIncomePerCapita', reason: 'must be a decimal string with at most 2 decimals, got "6.5e2"' },
    ]);
    expect(await personExists(head)).toBe(false);
  });

  it('none of the rejected standards was stored', async () => {
    expect(await prisma().standard.count({ where: { year: { gte: 2030 } } })).toBe(0);
  });

  it('a missing monthlyAmount is reported as required', async () => {
    const { monthlyAmount: _omitted, ...withoutAmount } = standard({ year: 2033 });
    expect(await problemsOf(withoutAmount)).toEqual([{ field: 'monthlyAmount', reason: 'is required' }]);
  });
});

describe('dates', () => {
  it('an impossible date (2026-02-30) is rejected on its field', async () => {
    const id = idNumber();
    expect(await problemsOf(person(id, { deathDate: '2026-02-30' }))).toEqual([
      { field: 'deathDate', reason: 'must be a real date YYYY-MM-DD, got "2026-02-30"' },
    ]);
    expect(await personExists(id)).toBe(false);
  });

  it('a date in another format is rejected', async () => {
    expect(await problemsOf(person(idNumber(), { deathDate: '2026/01/05' }))).toEqual([
      { field: 'deathDate', reason: 'must be a real date YYYY-MM-DD, got "2026/01/05"' },
    ]);
  });

  it('a death date before the birth date in the ID number is rejected', async () => {
    const id = idNumber({ birth: '19900307' });
    expect(await problemsOf(person(id, { deathDate: '1990-03-06' }))).toEqual([
      { field: 'deathDate', reason: 'is before the birth date in the ID number' },
    ]);
    expect(await personExists(id)).toBe(false);
  });

  it('a death date on the birth date is accepted', async () => {
    const id = idNumber({ birth: '19900307' });
    expect(await send(person(id, { deathDate: '1990-03-07' }))).toMatchObject({ stored: 1, rejected: 0 });
  });
});

describe('ID numbers', () => {
  it('a wrong check character is rejected, saying which character was expected, without echoing the number', async () => {
    const valid = idNumber();
    const wrong = withWrongCheck(valid);
    const problems = await problemsOf(person(wrong, { name: '李四' }));
    expect(problems).toEqual([
      { field: 'idNumber', reason: `check character is ${wrong[17]}, expected ${valid[17]}` },
    ]);
    expect(JSON.stringify(problems)).not.toContain(wrong.slice(0, 17));
    expect(await personExists(valid)).toBe(false);
  });

  it('a number with an impossible birth date is rejected', async () => {
    const first17 = '51010419900230001';
    const problems = await problemsOf(person(`${first17}0`));
    expect(problems).toEqual([{ field: 'idNumber', reason: 'birth date 19900230 in positions 7-14 is not a real date' }]);
  });

  it('a number given as a JSON number is rejected as "must be a string"', async () => {
    expect(await problemsOf({ type: 'person', idNumber: 5101041990030700 })).toEqual([
      { field: 'idNumber', reason: 'must be an 18-character ID number as a string' },
    ]);
  });

  it('a bad member ID number is rejected on members.N.idNumber and no member is created', async () => {
    const head = idNumber();
    const child = idNumber({ birth: '20150601' });
    const problems = await problemsOf(
      household([
        { idNumber: head, relation: 'HEAD' },
        { idNumber: withWrongCheck(child), relation: 'CHILD' },
      ]),
    );
    expect(problems).toEqual([{ field: 'members.1.idNumber', reason: expect.stringMatching(/^check character is /) }]);
    expect(await personExists(head)).toBe(false);
  });

  it('a lower-case x is accepted and normalised: same person key as upper-case X', async () => {
    const upper = idNumber({ check: 'X' });
    const lower = `${upper.slice(0, 17)}x`;
    expect(await send(person(lower, { name: '王五' }))).toMatchObject({ stored: 1, rejected: 0 });
    const stored = await prisma().person.findUniqueOrThrow({ where: { personKey: personKey(upper, test_.config.idPepper) } });
    expect(stored.name).toBe('王五');
    expect(stored.maskedIdNumber).toBe(`${upper.slice(0, 4)}**********${upper.slice(14)}`);
    // The upper-case form is the same person: an identical re-send is a no-op.
    expect(await send(person(upper, { name: '王五' }))).toMatchObject({ stored: 0, unchanged: 1 });
  });
});

describe('references to regions', () => {
  it('a standard for an unregistered region is rejected on regionCode', async () => {
    expect(await problemsOf(standard({ regionCode: '510199' }))).toEqual([
      { field: 'regionCode', reason: 'unknown region 510199: send its region line first' },
    ]);
    expect(await prisma().standard.count({ where: { regionCode: '510199' } })).toBe(0);
  });

  it('a household in an unregistered region is rejected and creates neither it nor its members', async () => {
    const head = idNumber();
    const spouse = idNumber();
    const line = household(
      [
        { idNumber: head, relation: 'HEAD' },
        { idNumber: spouse, relation: 'SPOUSE' },
      ],
      { regionCode: '510199' },
    );
    expect(await problemsOf(line)).toEqual([{ field: 'regionCode', reason: 'unknown region 510199: send its region line first' }]);
    expect(await prisma().household.count({ where: { sourceId: line.sourceId as string } })).toBe(0);
    expect(await personExists(head)).toBe(false);
    expect(await personExists(spouse)).toBe(false);
  });

  it('a person whose residence region is unregistered is rejected on that field', async () => {
    const id = idNumber();
    expect(await problemsOf(person(id, { hukouRegionCode: '510104', residenceRegionCode: '510199' }))).toEqual([
      { field: 'residenceRegionCode', reason: 'unknown region 510199: send its region line first' },
    ]);
    expect(await personExists(id)).toBe(false);
  });

  it('a region whose parent is unknown is rejected on parentCode', async () => {
    expect(await problemsOf({ type: 'region', code: '511302', name: '顺庆区', parentCode: '511300', level: 'COUNTY' })).toEqual([
      { field: 'parentCode', reason: 'unknown region 511300: send the parent region first' },
    ]);
    expect(await prisma().region.count({ where: { code: '511302' } })).toBe(0);
  });

  it('a region registered earlier in the same batch can be referred to by the next line', async () => {
    const summary = await send(
      { type: 'region', code: '510106', name: '金牛区', parentCode: '510100', level: 'COUNTY' },
      standard({ regionCode: '510106' }),
    );
    expect(summary).toMatchObject({ stored: 2, rejected: 0 });
  });

  it('a region code that is not 6 digits is rejected with an example', async () => {
    expect(await problemsOf(standard({ regionCode: '5101' }))).toEqual([
      { field: 'regionCode', reason: 'must be a 6-digit region code (GB/T 2260), e.g. 510104' },
    ]);
  });
});

describe('household members', () => {
  it('a household without a HEAD is rejected on members and creates no person', async () => {
    const spouse = idNumber();
    const line = household([{ idNumber: spouse, relation: 'SPOUSE' }]);
    expect(await problemsOf(line)).toEqual([{ field: 'members', reason: 'must have exactly one HEAD, found 0' }]);
    expect(await personExists(spouse)).toBe(false);
    expect(await prisma().household.count({ where: { sourceId: line.sourceId as string } })).toBe(0);
  });

  it('a household with two HEADs is rejected on members', async () => {
    const first = idNumber();
    const second = idNumber();
    const line = household([
      { idNumber: first, relation: 'HEAD' },
      { idNumber: second, relation: 'HEAD' },
    ]);
    expect(await problemsOf(line)).toEqual([{ field: 'members', reason: 'must have exactly one HEAD, found 2' }]);
    expect(await personExists(first)).toBe(false);
    expect(await personExists(second)).toBe(false);
  });

  it('a household listing the same person twice (even as x and X) is rejected on the second listing', async () => {
    const head = idNumber();
    const child = idNumber({ birth: '20100101', check: 'X' });
    const line = household([
      { idNumber: head, relation: 'HEAD' },
      { idNumber: child, relation: 'CHILD' },
      { idNumber: `${child.slice(0, 17)}x`, relation: 'GRANDCHILD' },
    ]);
    expect(await problemsOf(line)).toEqual([{ field: 'members.2.idNumber', reason: 'lists the same person twice' }]);
    expect(await personExists(head)).toBe(false);
    expect(await personExists(child)).toBe(false);
  });

  it('an empty member list is rejected', async () => {
    expect(await problemsOf(household([]))).toEqual([{ field: 'members', reason: 'must list at least the head' }]);
  });

  it('an unknown relation is rejected, listing the allowed ones', async () => {
    const problems = await problemsOf(household([{ idNumber: idNumber(), relation: 'COUSIN' }]));
    expect(problems).toEqual([{ field: 'members.0.relation', reason: expect.stringContaining('must be one of HEAD, SPOUSE, CHILD') }]);
  });
});

describe('a batch mixing valid and invalid lines', () => {
  it('stores every valid line, rejects each invalid one at its position, and reports an outcome per line', async () => {
    const good = idNumber();
    const bad = idNumber();
    const summary = await send(
      person(good, { name: '赵六' }),
      'not json',
      person(bad, { name: '钱七', disabilityGrade: 5 }),
      standard({ regionCode: '510105', year: 2027 }),
    );
    expect(summary).toMatchObject({ stored: 2, unchanged: 0, rejected: 2 });
    expect(summary.rejections.map((r) => r.position)).toEqual([2, 3]);
    expect(summary.rejections[1]!.problems).toEqual([{ field: 'disabilityGrade', reason: 'must be from 1 (most severe) to 4' }]);
    // Each stored line carries the key it stored under (as history keys it);
    // a rejected line stored nothing, so it has none.
    expect(summary.outcomes).toEqual([
      { position: 1, type: 'person', outcome: 'stored', key: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { position: 2, type: null, outcome: 'rejected', key: null },
      { position: 3, type: 'person', outcome: 'rejected', key: null },
      { position: 4, type: 'standard', outcome: 'stored', key: '510105/2027/DIBAO/URBAN' },
    ]);
    expect(await personExists(good)).toBe(true);
    expect(await personExists(bad)).toBe(false);
  });

  // PostgreSQL text cannot hold NUL: caught in validation, or the database
  // error would abort the whole batch.
  it('a name containing a NUL character is rejected on its line, not fatal to the batch', async () => {
    const good = idNumber();
    const summary = await send(person(good, { name: '孙八' }), person(idNumber(), { name: 'a\u0000b' }));
    expect(summary).toMatchObject({ stored: 1, rejected: 1 });
    expect(summary.rejections[0]).toMatchObject({ position: 2, problems: [{ field: 'name' }] });
  });
});
