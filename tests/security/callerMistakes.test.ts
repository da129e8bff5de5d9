// A caller's own mistake keeps its code and message in production (ACCESS.md
// v2, "Limits on every request"): not found, conflict and bad input (a bad
// date, cursor, page size or amount) come back through the gateway over HTTP
// with a client error code and a message naming the field and the reason,
// never as "internal error". Each mistake has its allowed twin: the same
// request done right is answered.
import { startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { RED_CROSS, seedWorld } from './accessWorld';

let hub: TestHub;
let admin: string;
let charity: string;
beforeAll(async () => {
  hub = await startTestHub({ env: { NODE_ENV: 'production' } });
  await seedWorld(hub);
  admin = await hub.token({ role: 'ADMIN', sub: 'admin-mistakes', purpose: 'caller mistakes test' });
  charity = await hub.token({ role: 'CHARITY', org: RED_CROSS, regions: [], sub: 'rc-mistakes' });
});
afterAll(() => hub?.stop());

const CLIENT_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'GRAPHQL_VALIDATION_FAILED'];

/** The caller's mistake, said as such: a client code, the field and the reason, nothing internal. */
function expectMistake({ body }: GraphqlResponse, code: string | string[], message: RegExp, field?: string) {
  expect(body.data?.[Object.keys(body.data ?? {})[0] ?? ''] ?? null).toBeNull();
  const error = body.errors?.[0];
  expect(error).toBeDefined();
  expect(error!.message).not.toBe('internal error');
  expect(error!.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  expect(CLIENT_CODES).toContain(error!.extensions?.code);
  expect(Array.isArray(code) ? code : [code]).toContain(error!.extensions?.code);
  expect(error!.message).toMatch(message);
  if (field) expect(error!.extensions?.field).toBe(field);
  expect(error!.extensions).not.toHaveProperty('stacktrace');
  expect(error!.extensions).not.toHaveProperty('requestId');
}

function expectAnswered({ status, body }: GraphqlResponse) {
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
}

describe('raised by a subgraph', () => {
  const REVIEW = `mutation($id: ID!) { reviewFinding(id: $id, status: CONFIRMED, note: "核实") { id status } }`;
  let findingId: string;
  beforeAll(async () => {
    const finding = await hub.db.prisma.finding.create({
      data: {
        findingKey: 'D1|CIVIL_AFFAIRS:SEC-CA-A|CIVIL_AFFAIRS:SEC-CA-X',
        rule: 'D1',
        kind: 'DUPLICATE',
        regionCode: '510104',
        regionCodes: ['510104'],
        records: ['CIVIL_AFFAIRS:SEC-CA-A', 'CIVIL_AFFAIRS:SEC-CA-X'],
        departments: ['CIVIL_AFFAIRS'],
        suggestedPrograms: [],
        asOf: new Date('2026-11-20T00:00:00Z'),
        firstFoundAsOf: new Date('2026-11-20T00:00:00Z'),
      },
    });
    findingId = String(finding.id);
  });

  test('NOT_FOUND (reviewing a finding that does not exist) keeps its code, field and reason', async () => {
    const response = await hub.graphql(REVIEW, { token: admin, variables: { id: '987654' } });
    expectMistake(response, 'NOT_FOUND', /^id: no finding 987654$/, 'id');
  });

  test('CONFLICT (the finding changed between the read and the write) keeps its code and message; the retry is answered', async () => {
    // Someone else's change, made certain: the review's guarded UPDATE finds no row in the state it read.
    await hub.db.prisma.$executeRawUnsafe(`CREATE FUNCTION test_skip_update() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql`);
    await hub.db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_skip_update BEFORE UPDATE ON finding FOR EACH ROW EXECUTE FUNCTION test_skip_update()`);
    try {
      const response = await hub.graphql(REVIEW, { token: admin, variables: { id: findingId } });
      expectMistake(response, 'CONFLICT', /was changed by someone else meanwhile; read it again and retry/);
    } finally {
      await hub.db.prisma.$executeRawUnsafe('DROP TRIGGER test_skip_update ON finding');
      await hub.db.prisma.$executeRawUnsafe('DROP FUNCTION test_skip_update()');
    }
    const retry = await hub.graphql(REVIEW, { token: admin, variables: { id: findingId } });
    expectAnswered(retry);
    expect(retry.body.data!.reviewFinding).toEqual({ id: findingId, status: 'CONFIRMED' });
  });
});

describe('a bad Date', () => {
  const LITERAL = (day: string) => `{ assistanceRecords(first: 5, filter: { activeOn: "${day}" }) { totalCount } }`;
  const VARIABLE = `query($d: Date!) { assistanceRecords(first: 5, filter: { activeOn: $d }) { totalCount } }`;
  const FILTER = `query($f: AssistanceRecordFilter) { assistanceRecords(first: 5, filter: $f) { totalCount } }`;

  test('as a literal argument field is refused naming activeOn and why; a real date is answered', async () => {
    const refused = await hub.graphql(LITERAL('2026-02-30'), { token: admin });
    expect(refused.status).toBe(400);
    expectMistake(refused, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'], /^activeOn: Date must be a real date YYYY-MM-DD, got "2026-02-30"$/, 'activeOn');
    expectAnswered(await hub.graphql(LITERAL('2026-02-28'), { token: admin }));
  });

  test('as a variable is refused naming the variable and why; a real date is answered', async () => {
    expectMistake(
      await hub.graphql(VARIABLE, { token: admin, variables: { d: '2026-02-30' } }),
      'BAD_USER_INPUT',
      /Variable "\$d" got invalid value "2026-02-30"; Date must be a real date YYYY-MM-DD/,
    );
    expectAnswered(await hub.graphql(VARIABLE, { token: admin, variables: { d: '2026-02-28' } }));
  });

  test('inside an input-object variable is refused naming the field path and why', async () => {
    expectMistake(
      await hub.graphql(FILTER, { token: admin, variables: { f: { activeOn: '2026-13-01' } } }),
      'BAD_USER_INPUT',
      /Variable "\$f" got invalid value "2026-13-01" at "f.activeOn"; Date must be a real date/,
    );
    expectAnswered(await hub.graphql(FILTER, { token: admin, variables: { f: { activeOn: '2026-12-01' } } }));
  });
});

describe('a bad cursor', () => {
  test.each([
    ['households', `{ households(first: 1, after: "garbage") { totalCount } }`],
    ['assistanceRecords', `{ assistanceRecords(first: 1, after: "garbage") { totalCount } }`],
    ['regions', `{ regions(first: 1, after: "bm90IGEgY3Vyc29y") { totalCount } }`],
  ])('on %s is refused as BAD_USER_INPUT naming after', async (_name, query) => {
    expectMistake(await hub.graphql(query, { token: admin }), 'BAD_USER_INPUT', /^after: is not a cursor this connection gave out/, 'after');
  });

  test('given as a variable is refused the same way; a cursor the connection gave out is answered', async () => {
    const PAGE = `query($after: String) { households(first: 1, after: $after) { edges { node { sourceId } } pageInfo { endCursor } } }`;
    expectMistake(await hub.graphql(PAGE, { token: admin, variables: { after: 'garbage' } }), 'BAD_USER_INPUT', /^after: /, 'after');
    const first = await hub.graphql(PAGE, { token: admin });
    expectAnswered(first);
    const second = await hub.graphql(PAGE, { token: admin, variables: { after: first.body.data!.households.pageInfo.endCursor } });
    expectAnswered(second);
    expect(second.body.data!.households.edges).toEqual([{ node: { sourceId: 'HH-SEC-B' } }]);
  });
});

describe('a bad page size', () => {
  test.each([
    ['negative first, literal', `{ households(first: -1) { totalCount } }`, undefined, /^first: must not be negative, got -1$/],
    ['first above the maximum, literal', `{ households(first: 101) { totalCount } }`, undefined, /^first: at most 100 per page, got 101$/],
    ['a much larger first, literal', `{ assistanceRecords(first: 100000) { totalCount } }`, undefined, /^first: at most 100 per page, got 100000$/],
    ['negative first, variable', `query($n: Int) { assistanceRecords(first: $n) { totalCount } }`, { n: -5 }, /^first: must not be negative, got -5$/],
    ['first above the maximum, variable', `query($n: Int) { regions(first: $n) { totalCount } }`, { n: 500 }, /^first: at most 100 per page, got 500$/],
  ])('%s is refused naming first', async (_name, query, variables, message) => {
    expectMistake(await hub.graphql(query, { token: admin, variables }), ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'], message, 'first');
  });

  test('the largest page (first: 100) and an empty one (first: 0) are answered', async () => {
    expectAnswered(await hub.graphql(`{ households(first: 100) { totalCount } }`, { token: admin }));
    expectAnswered(await hub.graphql(`query($n: Int) { regions(first: $n) { totalCount } }`, { token: admin, variables: { n: 0 } }));
  });
});

describe('a bad Money input', () => {
  const REGISTER = `mutation($input: CharityProgramInput!) { registerCharityProgram(input: $input) { code budget } }`;
  const program = (code: string, budget: string) => ({
    code, name: '测试项目', needCategory: 'EDUCATION', regionCodes: ['5101'], budget, startDate: '2026-01-01', endDate: '2026-12-31',
  });
  const literal = (code: string, budget: string) =>
    `mutation { registerCharityProgram(input: { code: "${code}", name: "测试项目", needCategory: EDUCATION, regionCodes: ["5101"],
      budget: "${budget}", startDate: "2026-01-01" }) { code budget } }`;

  test.each([
    ['more than two decimals', '12.345', /Money must be a decimal string with at most 2 decimals, got "12.345"/],
    ['negative', '-1', /Money must not be negative/],
  ])('as a variable (%s) is refused naming the input field and why, and nothing is stored', async (_name, budget, reason) => {
    const response = await hub.graphql(REGISTER, { token: charity, variables: { input: program('RED-CROSS-SC-BAD-MONEY', budget) } });
    expectMistake(response, 'BAD_USER_INPUT', new RegExp(`Variable "\\$input" got invalid value .* at "input.budget"; ${reason.source}`));
    expect(await hub.db.prisma.charityProgram.count({ where: { code: 'RED-CROSS-SC-BAD-MONEY' } })).toBe(0);
  });

  test.each([
    ['more than two decimals', '12.345', /^budget: Money must be a decimal string with at most 2 decimals, got "12.345"$/],
    ['negative', '-1', /^budget: Money must not be negative$/],
  ])('as a literal (%s) is refused naming budget and why, before anything runs', async (_name, budget, message) => {
    const response = await hub.graphql(literal('RED-CROSS-SC-BAD-MONEY', budget), { token: charity });
    expect(response.status).toBe(400);
    expectMistake(response, ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'], message, 'budget');
    expect(await hub.db.prisma.charityProgram.count({ where: { code: 'RED-CROSS-SC-BAD-MONEY' } })).toBe(0);
  });

  test('a good amount registers the program (the twin), as a variable and as a literal', async () => {
    const byVariable = await hub.graphql(REGISTER, { token: charity, variables: { input: program('RED-CROSS-SC-GOOD-1', '12.34') } });
    expectAnswered(byVariable);
    expect(byVariable.body.data!.registerCharityProgram).toEqual({ code: 'RED-CROSS-SC-GOOD-1', budget: '12.34' });
    const byLiteral = await hub.graphql(literal('RED-CROSS-SC-GOOD-2', '1'), { token: charity });
    expectAnswered(byLiteral);
    expect(byLiteral.body.data!.registerCharityProgram).toEqual({ code: 'RED-CROSS-SC-GOOD-2', budget: '1.00' });
  });
});
