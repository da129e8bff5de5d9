// The same subgraph code as separate services: the registry subgraph served
// alone on its own port, and a gateway reaching it over HTTP with the caller's
// identity signed. Tests that call the subgraph directly sign as the gateway
// would (tests/helpers/subgraph.ts) or send a bearer token as a standard
// gateway forwards it; tests/security/forwarding.test.ts covers the refusals
// of bad tokens and of unsigned and forged identities.
import net from 'node:net';
import { postGraphql, startTestHub, type TestHub } from '../helpers/hub';
import { signedIdentityHeaders } from '../helpers/subgraph';

let registry: TestHub;
let gateway: TestHub;
let admin: string;
beforeAll(async () => {
  registry = await startTestHub({ demo: true, mode: { kind: 'subgraph', name: 'registry' } });
  gateway = await startTestHub({ mode: { kind: 'gateway', remotes: { registry: `${registry.url}/graphql` } } });
  admin = await gateway.token({ role: 'ADMIN', purpose: 'split deployment test' });
});
afterAll(async () => {
  await gateway?.stop();
  await registry?.stop();
});

const asGateway = (claims: Parameters<typeof signedIdentityHeaders>[1]) => ({ headers: signedIdentityHeaders(registry.config, claims) });

test('a gateway in front of a remote registry subgraph answers with the subgraph\'s data', async () => {
  const { body } = await gateway.graphql(`{ region(code: "510104") { name parent { name } } }`, { token: admin });
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ region: { name: '锦江区', parent: { name: '成都市' } } });
});

test('the gateway forwards the caller: a CHARITY token is refused by the remote subgraph itself', async () => {
  const charity = await gateway.token({ role: 'CHARITY', org: 'RED-CROSS-SC' });
  const { body } = await gateway.graphql(`{ region(code: "510104") { name } }`, { token: charity });
  expect(body.data?.region ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', serviceName: 'registry' });
});

test('a subgraph reached directly answers a signed identity or a bearer token, and refuses a caller with neither', async () => {
  const { status, body } = await postGraphql(registry.url, `{ _service { sdl } }`);
  expect(status).toBe(401);
  expect(body.errors?.[0]?.extensions?.reason).toBe('TOKEN_MISSING');
  expect(body.data ?? null).toBeNull();

  const signed = await postGraphql(registry.url, `{ _service { sdl } }`, asGateway({ role: 'ADMIN' }));
  expect(signed.body.data?._service.sdl).toContain('type Region');
  const bearer = await postGraphql(registry.url, `{ _service { sdl } }`, { token: admin });
  expect(bearer.body.data?._service.sdl).toContain('type Region');
});

test("the gateway's readiness reports each remote subgraph; one it cannot reach leaves it ready, degraded", async () => {
  const ready = await fetch(`${gateway.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ ready: true, database: 'ok', pendingMigrations: [], subgraphs: { registry: 'ok' } });

  const stranded = await startTestHub({ mode: { kind: 'gateway', remotes: { registry: 'http://127.0.0.1:9/graphql' } } });
  try {
    const answer = await fetch(`${stranded.url}/readyz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ready: true, database: 'ok', pendingMigrations: [], subgraphs: { registry: 'unreachable' }, degraded: true });
  } finally {
    await stranded.stop();
  }
});

test('the subgraph resolves entities through _entities with its permissions applied', async () => {
  const list = await postGraphql(registry.url, `{ households(first: 1) { edges { node { members { person { personKey } } } } } }`, asGateway({ role: 'ADMIN' }));
  const personKey = list.body.data!.households.edges[0].node.members[0].person.personKey;
  const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { personKey maskedIdNumber } } }`;
  const variables = { r: [{ __typename: 'Person', personKey }] };

  const allowed = await postGraphql(registry.url, query, { ...asGateway({ role: 'ADMIN' }), variables });
  expect(allowed.body.data!._entities[0].personKey).toBe(personKey);

  const unsigned = await postGraphql(registry.url, query, { variables });
  expect(unsigned.status).toBe(401);

  // A field the caller may not read stays refused when reached through `_entities`.
  const nameQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { personKey name } } }`;
  const officer = asGateway({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['51'] });
  const noPurpose = await postGraphql(registry.url, nameQuery, { ...officer, variables });
  expect(noPurpose.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(noPurpose.body.errors?.[0]?.path).toEqual(['_entities', 0, 'name']);
});

test('a subgraph reached directly gives an out-of-region caller no more than the gateway would', async () => {
  const list = await postGraphql(registry.url, `{ households(regionCode: "5134", first: 1) { edges { node { sourceId } } } }`, asGateway({ role: 'ADMIN' }));
  const sourceId = list.body.data!.households.edges[0].node.sourceId;
  const chengdu = asGateway({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'] });
  const direct = await postGraphql(
    registry.url,
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { sourceId } } }`,
    { ...chengdu, variables: { r: [{ __typename: 'Household', sourceId }] } },
  );
  expect(direct.body.data!._entities).toEqual([null]);
});

test('a frozen subgraph fails its fields fast with SUBGRAPH_TIMEOUT, a missing one with SUBGRAPH_UNAVAILABLE; the gateway answers', async () => {
  // Takes connections and never answers, as a process stopped with SIGSTOP does.
  const held = new Set<net.Socket>();
  const frozen = net.createServer((socket) => held.add(socket));
  await new Promise<void>((resolve) => frozen.listen(0, '127.0.0.1', resolve));
  const { port } = frozen.address() as net.AddressInfo;
  const env = { HUB_SUBGRAPH_TIMEOUT_MS: '500' };
  const toFrozen = await startTestHub({ mode: { kind: 'gateway', remotes: { registry: `http://127.0.0.1:${port}/graphql` } }, env });
  const toNothing = await startTestHub({ mode: { kind: 'gateway', remotes: { registry: 'http://127.0.0.1:9/graphql' } }, env });
  try {
    const token = await toFrozen.token({ role: 'ADMIN', purpose: 'outage test' });
    const started = Date.now();
    const timedOut = await toFrozen.graphql(`{ region(code: "510104") { name } }`, { token });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(timedOut.status).toBe(200);
    expect(timedOut.body.data).toEqual({ region: null });
    expect(timedOut.body.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'registry' });

    const missing = await toNothing.graphql(`{ region(code: "510104") { name } }`, { token });
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'registry' });
  } finally {
    await toFrozen.stop();
    await toNothing.stop();
    for (const socket of held) socket.destroy();
    frozen.close();
  }
});
