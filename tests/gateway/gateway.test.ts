// The whole hub in one process over real HTTP: gateway, registry subgraph,
// real tokens, the embedded database (or PostgreSQL with DATABASE_URL).
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub({ demo: true });
  admin = await hub.token({ role: 'ADMIN', purpose: 'integration test' });
});
afterAll(() => hub.stop());

const REGIONS = `{ regions(level: COUNTY, first: 100) { totalCount edges { node { code name ancestors { code } } } } }`;

test('an ADMIN token reads regions through the gateway, with their parent chain', async () => {
  const { status, body } = await hub.graphql(REGIONS, { token: admin });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  const nodes = body.data!.regions.edges.map((e: any) => e.node);
  expect(body.data!.regions.totalCount).toBe(nodes.length);
  expect(nodes).toContainEqual({ code: '510104', name: '锦江区', ancestors: [{ code: '510100' }, { code: '510000' }] });
});

test('a request without a token is refused with 401 before any resolver runs', async () => {
  const { status, body } = await hub.graphql(REGIONS);
  expect(status).toBe(401);
  expect(body.data).toBeUndefined();
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
});

test('in development mode an anonymous caller may read the schema (for the playground), and nothing else', async () => {
  const schema = await hub.graphql(`{ __schema { queryType { name } } }`);
  expect(schema.body.errors).toBeUndefined();
  expect(schema.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  const sneaky = await hub.graphql(`{ __schema { queryType { name } } regions { totalCount } }`);
  expect(sneaky.status).toBe(401);
});

test('a caller with a token but a role that may not read the registry is refused', async () => {
  const charity = await hub.token({ role: 'CHARITY', org: 'RED-CROSS-SC' });
  const { body } = await hub.graphql(REGIONS, { token: charity });
  expect(body.data).toBeNull();
  expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test('a badly signed token is refused with 401 and says why', async () => {
  const forged = admin.slice(0, -4) + (admin.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const { status, body } = await hub.graphql(REGIONS, { token: forged });
  expect(status).toBe(401);
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_SIGNATURE' });
  expect(body.data).toBeUndefined();
});

test('a household comes back with its members, masked ID numbers and ages', async () => {
  const { body } = await hub.graphql(
    `{ households(regionCode: "510104", first: 1) { edges { node { sourceId region { code } members { relation person { personKey maskedIdNumber age name } } } } } }`,
    { token: admin },
  );
  expect(body.errors).toBeUndefined();
  const household = body.data!.households.edges[0].node;
  expect(household.region.code).toBe('510104');
  expect(household.members[0].relation).toBe('HEAD');
  for (const { person } of household.members) {
    expect(person.personKey).toMatch(/^[0-9a-f]{64}$/);
    expect(person.maskedIdNumber).toMatch(/^\d{4}\*{10}[0-9X]{4}$/);
    expect(person.age).toBeGreaterThanOrEqual(0);
    expect(typeof person.name).toBe('string');
  }
});

test('household(sourceId) and person(personKey) find what households() listed', async () => {
  const list = await hub.graphql(`{ households(first: 1) { edges { node { sourceId members { person { personKey } } } } } }`, { token: admin });
  const { sourceId, members } = list.body.data!.households.edges[0].node;
  const { body } = await hub.graphql(
    `query($s: ID!, $p: ID!) { household(sourceId: $s) { sourceId } person(personKey: $p) { households { household { sourceId } } } }`,
    { token: admin, variables: { s: sourceId, p: members[0].person.personKey } },
  );
  expect(body.data!.household.sourceId).toBe(sourceId);
  expect(body.data!.person.households.map((h: any) => h.household.sourceId)).toContain(sourceId);
});

test('names need a purpose, even for ADMIN: without one the name is refused, the rest of the answer still comes', async () => {
  const noPurpose = await hub.token({ role: 'ADMIN' });
  const { body } = await hub.graphql(`{ households(first: 1) { edges { node { sourceId members { person { maskedIdNumber name } } } } } }`, {
    token: noPurpose,
  });
  expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(body.errors?.[0]?.path).toEqual(expect.arrayContaining(['name']));
  expect(body.data!.households.edges[0].node.sourceId).toMatch(/^HH-/);
});

test('a household outside the caller\'s regions looks exactly like one that does not exist', async () => {
  const chengdu = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: 'test' });
  const list = await hub.graphql(`{ households(regionCode: "5113", first: 1) { edges { node { sourceId } } } }`, { token: admin });
  const nanchong = list.body.data!.households.edges[0].node.sourceId;
  const outOfScope = await hub.graphql(`query($s: ID!) { household(sourceId: $s) { sourceId } }`, { token: chengdu, variables: { s: nanchong } });
  const missing = await hub.graphql(`query($s: ID!) { household(sourceId: $s) { sourceId } }`, { token: chengdu, variables: { s: 'HH-NO-SUCH' } });
  expect(outOfScope.body).toEqual(missing.body);
  expect(outOfScope.body.data).toEqual({ household: null });
  const count = await hub.graphql(`{ households(regionCode: "5113") { totalCount } }`, { token: chengdu });
  expect(count.body.data!.households.totalCount).toBe(0);
});

test('a person listed in two counties shows only the listings in the caller\'s regions', async () => {
  const listings = await hub.db.prisma.householdMember.findMany({ select: { personKey: true, household: { select: { regionCode: true } } } });
  const regionsByPerson = new Map<string, Set<string>>();
  for (const l of listings) regionsByPerson.set(l.personKey, (regionsByPerson.get(l.personKey) ?? new Set()).add(l.household.regionCode));
  const [personKey, regions] = [...regionsByPerson].find(([, codes]) => codes.size > 1)!;
  const first = [...regions][0]!;
  const scoped = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: [first!] });
  const seen = await hub.graphql(`query($p: ID!) { person(personKey: $p) { households { household { region { code } } } } }`, {
    token: scoped,
    variables: { p: personKey },
  });
  expect(seen.body.data!.person.households.map((h: any) => h.household.region.code)).toEqual([first]);
});

test('personByIdNumber rejects an invalid number, naming the field and the reason', async () => {
  const { body } = await hub.graphql(`{ personByIdNumber(idNumber: "110105194912310021") { personKey } }`, { token: admin });
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber' });
  expect(body.errors?.[0]?.message).toMatch(/check character/);
});

test('money is a two-decimal string end to end', async () => {
  const { body } = await hub.graphql(`{ standard(regionCode: "510104", year: 2026, program: DIBAO, area: URBAN) { monthlyAmount region { code } } }`, {
    token: admin,
  });
  expect(body.data!.standard.monthlyAmount).toMatch(/^\d+\.\d{2}$/);
});

test('health answers without a token, and readiness reports the database and migrations', async () => {
  const health = await fetch(`${hub.url}/healthz`);
  expect(await health.json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${hub.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ ready: true, database: 'ok', pendingMigrations: [] });
});

test('the playground is served by the hub itself at / and at /graphql for browsers', async () => {
  for (const path of ['/', '/graphql']) {
    const page = await fetch(`${hub.url}${path}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).not.toMatch(/https?:\/\//);
  }
});
