// The same subgraph code as separate services: the registry subgraph served
// alone on its own port, and a gateway reaching it over HTTP with the caller's
// identity signed. Tests that call the subgraph directly sign as the gateway
// would (tests/helpers/subgraph.ts); tests/security/forwarding.test.ts covers
// the refusals of unsigned and forged identities.
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

test('a subgraph reached directly without a signed identity refuses, even with a valid bearer token', async () => {
  const { status, body } = await postGraphql(registry.url, `{ _service { sdl } }`, { token: admin });
  expect(status).toBe(401);
  expect(body.errors?.[0]?.extensions?.reason).toBe('IDENTITY_UNSIGNED');
  expect(body.data ?? null).toBeNull();

  const signed = await postGraphql(registry.url, `{ _service { sdl } }`, asGateway({ role: 'ADMIN' }));
  expect(signed.body.data?._service.sdl).toContain('type Region');
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
