// Request hygiene over real HTTP (ACCESS.md, Limits on every request): CSRF,
// mutations over GET, the body cap, no field suggestions, the per-caller rate
// limit with its cost budget, and introspection in production. Every refusal
// has a twin that gets its data. (Depth, aliases, tokens, Armor's cost and
// batching: limits.test.ts.)
import { DEFAULT_RATE_LIMIT } from '../../src/lib/config';
import { MAX_BODY } from '../../src/server/app';
import { startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';

// Production with a bucket of 60 points that refills at 10 a second.
const BUDGET = { points: 60, restorePerSecond: 10 };
let dev: TestHub;
let prod: TestHub;
beforeAll(async () => {
  [dev, prod] = await Promise.all([
    startTestHub(),
    startTestHub({
      env: { NODE_ENV: 'production', HUB_RATE_LIMIT_POINTS: String(BUDGET.points), HUB_RATE_LIMIT_RESTORE_PER_SECOND: String(BUDGET.restorePerSecond) },
    }),
  ]);
});
afterAll(() => Promise.all([dev.stop(), prod.stop()]));

interface RawAnswer extends GraphqlResponse {
  headers: Headers;
}

async function send(hub: TestHub, init: { method: 'GET' | 'POST'; headers?: Record<string, string>; search?: string; body?: string }): Promise<RawAnswer> {
  const response = await fetch(`${hub.url}/graphql${init.search ?? ''}`, { method: init.method, headers: init.headers, body: init.body });
  const text = await response.text();
  let body: GraphqlResponse['body'] = {};
  try {
    body = JSON.parse(text) as GraphqlResponse['body'];
  } catch {
    // Express's own refusals (413) answer in HTML.
  }
  return { status: response.status, headers: response.headers, body };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const getSearch = (query: string, variables?: unknown) =>
  `?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`;
const COUNT_REGIONS = '{ regions(first: 1) { totalCount } }';
const CSRF = /Cross-Site Request Forgery/;

describe('CSRF', () => {
  test('a GET without a preflight header is refused as a possible CSRF; with apollo-require-preflight it answers', async () => {
    const admin = await dev.token({ role: 'ADMIN' });
    const refused = await send(dev, { method: 'GET', search: getSearch(COUNT_REGIONS), headers: bearer(admin) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(CSRF);
    expect(refused.body.data).toBeUndefined();

    const allowed = await send(dev, { method: 'GET', search: getSearch(COUNT_REGIONS), headers: { ...bearer(admin), 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
    expect(allowed.body.data).toEqual({ regions: { totalCount: 0 } });
  });

  test('a POST sent as text/plain is refused as a possible CSRF; the same POST as JSON answers', async () => {
    const admin = await dev.token({ role: 'ADMIN' });
    const body = JSON.stringify({ query: COUNT_REGIONS });
    const refused = await send(dev, { method: 'POST', body, headers: { ...bearer(admin), 'content-type': 'text/plain' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(CSRF);

    const allowed = await send(dev, { method: 'POST', body, headers: { ...bearer(admin), 'content-type': 'application/json' } });
    expect(allowed.status).toBe(200);
    expect(allowed.body.data).toEqual({ regions: { totalCount: 0 } });
  });
});

describe('methods and body size', () => {
  const STORE_REGION = 'mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored } }';
  const region = (code: string, name: string) => ({ o: [{ type: 'region', code, name, level: 'PROVINCE' }] });
  const FIND_REGION = 'query($c: ID!) { region(code: $c) { code } }';

  test('a mutation over GET is refused with 405 and stores nothing; a query over GET answers, and the mutation over POST stores', async () => {
    const admin = await dev.token({ role: 'ADMIN' });
    const preflight = { ...bearer(admin), 'apollo-require-preflight': 'true' };
    const refused = await send(dev, { method: 'GET', search: getSearch(STORE_REGION, region('110000', '北京市')), headers: preflight });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST');
    expect(refused.body.errors?.[0]?.message).toMatch(/GET requests only support query operations, not mutation/);

    const lookUp = () => send(dev, { method: 'GET', search: getSearch(FIND_REGION, { c: '110000' }), headers: preflight });
    const before = await lookUp();
    expect(before.status).toBe(200);
    expect(before.body.data).toEqual({ region: null });

    const stored = await dev.graphql(STORE_REGION, { token: admin, variables: region('110000', '北京市') });
    expect(stored.body.data).toEqual({ submitExchangeBatch: { stored: 1 } });
    expect((await lookUp()).body.data).toEqual({ region: { code: '110000' } });
  });

  test(`a body over ${MAX_BODY} is refused with 413; one just under it is taken as a request and answered`, async () => {
    expect(MAX_BODY).toBe('16mb');
    const limit = 16 * 1024 * 1024;
    const admin = await dev.token({ role: 'ADMIN' });
    // Unused variables are ignored by GraphQL, so the padding changes nothing but the size.
    const ofLength = (length: number) => {
      const shell = JSON.stringify({ query: '{ __typename }', variables: { padding: '' } });
      return JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(length - shell.length) } });
    };
    const headers = { ...bearer(admin), 'content-type': 'application/json' };
    const over = ofLength(limit + 1);
    expect(over.length).toBe(limit + 1);
    expect((await send(dev, { method: 'POST', body: over, headers })).status).toBe(413);

    const under = await send(dev, { method: 'POST', body: ofLength(limit - 1), headers });
    expect(under.status).toBe(200);
    expect(under.body.data).toEqual({ __typename: 'Query' });
  });
});

describe('field suggestions', () => {
  // A misspelt top-level field in development: limits.test.ts.
  interface Misspelt {
    what: string;
    query: string;
    variables?: Record<string, unknown>;
    /** The caller's own word, which the error does name. */
    says: RegExp;
    /** The real name, which it must not. */
    hides: string;
    rightly: string;
  }
  const COUNT_COUNTIES = '{ regions(level: COUNTY) { totalCount } }';
  const MISSPELT: Misspelt[] = [
    { what: 'field of a connection', query: '{ regions { edgez { cursor } } }', says: /"edgez"/, hides: '"edges"', rightly: '{ regions { edges { cursor } } }' },
    { what: 'argument', query: '{ regions(levl: COUNTY) { totalCount } }', says: /"levl"/, hides: '"level"', rightly: COUNT_COUNTIES },
    { what: 'enum value', query: '{ regions(level: COUNTYY) { totalCount } }', says: /"COUNTYY"/, hides: '"COUNTY"', rightly: COUNT_COUNTIES },
    {
      what: 'enum value in a variable',
      query: 'query($l: RegionLevel) { regions(level: $l) { totalCount } }',
      variables: { l: 'COUNTYY' },
      says: /"COUNTYY"/,
      hides: '"COUNTY"',
      rightly: COUNT_COUNTIES,
    },
    {
      what: 'variable type',
      query: 'query($l: RegionLevl) { regions(level: $l) { totalCount } }',
      says: /"RegionLevl"/,
      hides: '"RegionLevel"',
      rightly: 'query($l: RegionLevel) { regions(level: $l) { totalCount } }',
    },
    {
      what: 'input field',
      query: '{ assistanceRecords(filter: { departmnts: [EDUCATION] }) { totalCount } }',
      says: /"departmnts"/,
      hides: '"departments"',
      rightly: '{ assistanceRecords(filter: { departments: [EDUCATION] }) { totalCount } }',
    },
  ];

  test.each(['development', 'production'] as const)('in %s a misspelt field, argument, enum value, type or input field names no suggestion; spelt right, it answers', async (mode) => {
    const hub = mode === 'development' ? dev : prod;
    for (const [index, { what, query, variables, says, hides, rightly }] of MISSPELT.entries()) {
      // A caller per case: production's bucket here holds 60 points, two or three answers.
      const admin = await hub.token({ role: 'ADMIN', sub: `speller-${mode}-${index}` });
      const { status, body } = await hub.graphql(query, { token: admin, variables });
      const message = body.errors?.[0]?.message ?? '';
      expect({ what, status, message }).toEqual({ what, status: 400, message: expect.stringMatching(says) });
      expect({ what, message }).toEqual({ what, message: expect.not.stringMatching(/Did you mean|Suggestion/i) });
      expect({ what, message }).toEqual({ what, message: expect.not.stringContaining(hides) });
      const right = await hub.graphql(rightly, { token: admin });
      expect({ what, errors: right.body.errors }).toEqual({ what, errors: undefined });
    }
  });
});

describe('rate limit with a cost budget', () => {
  // 1 + (stored 1 + rejected 1 + rejections (1 + 20 assumed × index 1)) = 24 points.
  const STORE = 'mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored rejected rejections { index } } }';
  const PROVINCES = ['120000', '130000', '140000', '150000', '210000', '220000', '230000', '310000', '320000', '330000', '340000', '350000'];
  const store = (hub: TestHub, token: string, code: string) =>
    send(hub, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ query: STORE, variables: { o: [{ type: 'region', code, name: `省 ${code}`, level: 'PROVINCE' }] } }),
    });
  const findRegion = (token: string, code: string) => prod.graphql('query($c: ID!) { region(code: $c) { code } }', { token, variables: { c: code } });

  test('an emptied bucket is refused with 429, RATE_LIMITED and Retry-After before any resolver runs; another caller passes; after the wait the first passes again', async () => {
    const spender = await prod.token({ role: 'ADMIN', sub: 'busy-import' });
    const other = await prod.token({ role: 'ADMIN', sub: 'another-admin' });
    let refused: { answer: RawAnswer; code: string } | undefined;
    let passed = 0;
    for (const code of PROVINCES) {
      const answer = await store(prod, spender, code);
      if (answer.status !== 200) {
        refused = { answer, code };
        break;
      }
      expect(answer.body.data!.submitExchangeBatch).toEqual({ stored: 1, rejected: 0, rejections: [] });
      expect(answer.body.extensions!.cost.requestedQueryCost).toBe(24);
      passed++;
    }
    expect(passed).toBeGreaterThanOrEqual(2); // 60 points hold two operations of 24
    expect(refused).toBeDefined();
    const { answer, code } = refused!;
    expect(answer.status).toBe(429);
    expect(answer.body.data).toBeUndefined();
    const [error] = answer.body.errors!;
    expect(error!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBe(error!.extensions!.retryAfterSeconds);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(24 / BUDGET.restorePerSecond));
    expect(answer.body.extensions!.cost).toEqual({
      requestedQueryCost: 24,
      throttleStatus: { maximumAvailable: 60, currentlyAvailable: expect.any(Number), restoreRate: 10 },
    });
    expect(answer.body.extensions!.cost.throttleStatus.currentlyAvailable).toBeLessThan(24);

    // Another caller has a bucket of its own; and the refused region was never stored.
    const lookedUp = await findRegion(other, code);
    expect(lookedUp.status).toBe(200);
    expect(lookedUp.body.data).toEqual({ region: null });

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const again = await store(prod, spender, code);
    expect(again.status).toBe(200);
    expect(again.body.data!.submitExchangeBatch.stored).toBe(1);
    expect((await findRegion(other, code)).body.data).toEqual({ region: { code } });
  }, 30_000);

  test('an operation costing more than a full bucket is refused with 400 MAX_COST_EXCEEDED, not told to retry; one that fits answers', async () => {
    const admin = await prod.token({ role: 'ADMIN', sub: 'big-pages' });
    // regions 1 + totalCount 1 + edges 1 + 100 × node (1 + code 1) = 203 > 60 (a connection's page is its edges).
    // Was 401 before the cost model read @listSize: totalCount and edges were paid once per item too.
    const { status, body } = await prod.graphql('{ regions(first: 100) { totalCount edges { node { code } } } }', { token: admin });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', requestedQueryCost: 203, maximumAvailable: 60 });
    expect(body.errors?.[0]?.message).toMatch(/first\/last/);

    const fits = await prod.graphql('{ regions(first: 5) { totalCount edges { node { code } } } }', { token: admin });
    expect(fits.status).toBe(200);
    expect(fits.body.data!.regions.totalCount).toBeGreaterThanOrEqual(0);
    // 1 + 1 + 1 + 5 × 2 (was 21).
    expect(fits.body.extensions!.cost.requestedQueryCost).toBe(13);
  });

  test('every answer carries extensions.cost: the requested cost of a known query and the caller\'s throttle status', async () => {
    const admin = await dev.token({ role: 'ADMIN', sub: 'cost-reader' });
    const costOf = async (query: string) => (await dev.graphql(query, { token: admin })).body.extensions!.cost;
    const full = { maximumAvailable: DEFAULT_RATE_LIMIT.points, restoreRate: DEFAULT_RATE_LIMIT.restorePerSecond };

    // A page of 5: regions 1 + totalCount 1 + edges 1 + 5 × node (1 + code 1 + name 1) = 18 (was 26, when
    // totalCount and edges were paid once per item too).
    const page = await costOf('{ regions(first: 5) { totalCount edges { node { code name } } } }');
    expect(page).toEqual({ requestedQueryCost: 18, throttleStatus: { ...full, currentlyAvailable: expect.any(Number) } });
    expect(page.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(full.maximumAvailable - 18);
    // No first: the default page of 20 (@listSize assumedSize of every connection); totalCount alone is one count (was 21).
    expect((await costOf('{ regions { edges { node { code } } } }')).requestedQueryCost).toBe(1 + 1 + 20 * 2);
    expect((await costOf('{ regions { totalCount } }')).requestedQueryCost).toBe(2);
    // A plain list is paid for what its @listSize assumes: a region's children, 20.
    expect((await costOf('{ region(code: "110000") { code children { code name } } }')).requestedQueryCost).toBe(43);
    // Refused before the operation is known: the answer still says where the bucket stands, at no cost.
    expect(await costOf('{ regionz { code } }')).toEqual({ requestedQueryCost: 0, throttleStatus: { ...full, currentlyAvailable: expect.any(Number) } });
  });
});

describe('rate limit of anonymous callers', () => {
  // Development, so that anonymous callers get an answer at all (the playground's schema).
  let small: TestHub;
  beforeAll(async () => {
    // Listening on every interface (IPv4 and IPv6), so that one machine can call from two addresses.
    small = await startTestHub({ env: { HUB_RATE_LIMIT_POINTS: '3', HUB_RATE_LIMIT_RESTORE_PER_SECOND: '1', HUB_HOST: '::' } });
  });
  afterAll(() => small.stop());

  test('anonymous callers are limited by the address they call from: one address emptied is refused, another still answers', async () => {
    const typename = (host: string) =>
      fetch(`http://${host}:${small.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    let refused: Response | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const answer = await typename('127.0.0.1');
      if (answer.status === 429) refused = answer;
      else expect(await answer.json()).toMatchObject({ data: { __typename: 'Query' }, extensions: { cost: { requestedQueryCost: 1 } } });
    }
    expect(refused).toBeDefined();
    expect(await refused!.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });

    // The same machine over IPv6 loopback is another remote address.
    const other = await typename('[::1]');
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ data: { __typename: 'Query' } });
  });
});

describe('introspection in production', () => {
  const SCHEMA = '{ __schema { queryType { name } } __type(name: "Region") { name } }';

  test('ADMIN may read the schema in production', async () => {
    const admin = await prod.token({ role: 'ADMIN', sub: 'schema-admin' });
    const { status, body } = await prod.graphql(SCHEMA, { token: admin });
    expect(status).toBe(200);
    expect(body).toMatchObject({ data: { __schema: { queryType: { name: 'Query' } }, __type: { name: 'Region' } } });
  });

  test('OFFICER is refused with INTROSPECTION_DISABLED before any resolver runs; __typename and data still answer', async () => {
    const officer = await prod.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['51'] });
    for (const query of [SCHEMA, '{ __type(name: "Person") { fields { name } } }', '{ regions { totalCount } __schema { types { name } } }']) {
      const { status, body } = await prod.graphql(query, { token: officer });
      expect({ query, status, data: body.data }).toEqual({ query, status: 403, data: undefined });
      expect(body.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
      expect(body.errors?.[0]?.message).toMatch(/ADMIN/);
    }
    const allowed = await prod.graphql('{ __typename regions { totalCount } }', { token: officer });
    expect(allowed.body).toMatchObject({ data: { __typename: 'Query', regions: { totalCount: expect.any(Number) } } });
  });

  test('an anonymous caller is refused the schema in production (401); in development the playground still gets it without a token', async () => {
    const refused = await prod.graphql(SCHEMA);
    expect(refused.status).toBe(401);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });

    const playground = await dev.graphql(SCHEMA);
    expect(playground.status).toBe(200);
    expect(playground.body.data).toEqual({ __schema: { queryType: { name: 'Query' } }, __type: { name: 'Region' } });
  });
});
