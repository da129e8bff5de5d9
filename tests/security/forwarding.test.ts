// Callers of a split deployment: the registry subgraph served alone, and a
// gateway reaching it over HTTP. The subgraph believes a caller identity
// signed with HUB_FORWARDING_SECRET (the hub's own gateway) or a bearer token
// or API key it verifies itself (any standard gateway forwards
// Authorization), so going around the gateway gives no more than going
// through it; the gateway, in turn, never believes an identity header sent by
// its own callers.
import { createHmac } from 'node:crypto';
import { decodeJwt } from 'jose';
import { storeApiKey } from '../../src/access/apiKeys';
import { IDENTITY_HEADER, IDENTITY_SIGNATURE_HEADER, identityHeaders } from '../../src/access/forwarding';
import { mintToken } from '../../src/access/tokens';
import { createLogger } from '../../src/lib/logger';
import { startHub } from '../../src/server/hub';
import { testConfig } from '../helpers/database';
import { postGraphql, startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { callerOf, signedIdentityHeaders } from '../helpers/subgraph';
import { seedTwoCounties, type TwoCounties } from '../helpers/twoCounties';

let registry: TestHub;
let gateway: TestHub;
let world: TwoCounties;
beforeAll(async () => {
  registry = await startTestHub({ mode: { kind: 'subgraph', name: 'registry' } });
  world = await seedTwoCounties(registry.db.prisma, registry.config.idPepper);
  gateway = await startTestHub({ mode: { kind: 'gateway', remotes: { registry: `${registry.url}/graphql` } } });
});
afterAll(async () => {
  await gateway?.stop();
  await registry?.stop();
});

const HOUSEHOLD = `query($s: ID!) { household(sourceId: $s) { sourceId } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { sourceId } ... on Person { personKey } } }`;
const chengduOfficer = { role: 'OFFICER' as const, department: 'CIVIL_AFFAIRS' as const, regions: ['5101'] };

const direct = (headers: Record<string, string>, query = HOUSEHOLD, variables: Record<string, unknown> = { s: world.chengdu.sourceId }) =>
  postGraphql(registry.url, query, { headers, variables });

function expectRefused({ status, body }: GraphqlResponse, reason: string) {
  expect(status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
}

/** Signs any payload text with the real secret: a well-signed identity whose content is wrong. */
function signedPayload(text: string): Record<string, string> {
  const payload = Buffer.from(text).toString('base64url');
  const signature = createHmac('sha256', registry.config.forwardingSecret!).update(payload).digest('base64url');
  return { [IDENTITY_HEADER]: payload, [IDENTITY_SIGNATURE_HEADER]: signature };
}

describe('through the gateway', () => {
  test('a token caller is answered by the remote subgraph', async () => {
    const token = await gateway.token(chengduOfficer);
    const { body } = await gateway.graphql(HOUSEHOLD, { token, variables: { s: world.chengdu.sourceId } });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ household: { sourceId: world.chengdu.sourceId } });
  });

  test('an API key caller is forwarded the same way: the subgraph needs no key of its own', async () => {
    const { key } = await storeApiKey(
      gateway.db.prisma,
      { name: 'sync', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: null, expiresAt: null },
      'admin-1',
    );
    expect(await registry.db.prisma.apiKey.count()).toBe(0);
    const { body } = await postGraphql(gateway.url, HOUSEHOLD, { headers: { authorization: `Bearer ${key}` }, variables: { s: world.chengdu.sourceId } });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ household: { sourceId: world.chengdu.sourceId } });
  });

  test('the caller\'s token expiry travels with it: a subscription made through the gateway ends when the token does', async () => {
    const token = await gateway.token(chengduOfficer);
    const subscribe = 'mutation($input: SubscribeToEventsInput!) { subscribeToEvents(input: $input) { code expiresAt } }';
    const { body } = await gateway.graphql(subscribe, { token, variables: { input: { kind: 'DEATH', callbackUrl: 'http://127.0.0.1:9/hook' } } });
    expect(body.errors).toBeUndefined();
    const exp = new Date(decodeJwt(token).exp! * 1000);
    expect(body.data!.subscribeToEvents.expiresAt).toBe(exp.toISOString());
    expect(await registry.db.prisma.eventSubscription.findUniqueOrThrow({ where: { code: body.data!.subscribeToEvents.code } })).toMatchObject({ expiresAt: exp });
  });

  test('the caller\'s scope travels with it: an out-of-region household is null through the gateway', async () => {
    const token = await gateway.token(chengduOfficer);
    const { body } = await gateway.graphql(HOUSEHOLD, { token, variables: { s: world.liangshan.sourceId } });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ household: null });
  });
});

describe('the gateway ignores identity headers from its callers', () => {
  test('a signed ADMIN identity without a token is still anonymous: TOKEN_MISSING', async () => {
    const forged = signedIdentityHeaders(gateway.config, { role: 'ADMIN' });
    const { status, body } = await postGraphql(gateway.url, HOUSEHOLD, { headers: forged, variables: { s: world.liangshan.sourceId } });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.reason).toBe('TOKEN_MISSING');
    expect(body.data ?? null).toBeNull();
  });

  test('a signed ADMIN identity next to a Chengdu officer\'s token leaves the officer\'s scope', async () => {
    const token = await gateway.token(chengduOfficer);
    const forged = signedIdentityHeaders(gateway.config, { role: 'ADMIN' });
    const escaped = await postGraphql(gateway.url, HOUSEHOLD, { token, headers: forged, variables: { s: world.liangshan.sourceId } });
    expect(escaped.body.data).toEqual({ household: null });
    // Its twin: a real ADMIN token does read that household.
    const admin = await gateway.token({ role: 'ADMIN' });
    const allowed = await gateway.graphql(HOUSEHOLD, { token: admin, variables: { s: world.liangshan.sourceId } });
    expect(allowed.body.data).toEqual({ household: { sourceId: world.liangshan.sourceId } });
  });
});

describe('a subgraph served alone', () => {
  test('answers a call signed as the gateway signs it', async () => {
    const { body } = await direct(signedIdentityHeaders(registry.config, chengduOfficer));
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ household: { sourceId: world.chengdu.sourceId } });
  });

  test('answers a bearer token it verifies itself, within the token\'s regions, as a standard gateway forwards it', async () => {
    const token = await registry.token(chengduOfficer);
    const inside = await direct({ authorization: `Bearer ${token}` });
    expect(inside.body.errors).toBeUndefined();
    expect(inside.body.data).toEqual({ household: { sourceId: world.chengdu.sourceId } });
    const outside = await direct({ authorization: `Bearer ${token}` }, HOUSEHOLD, { s: world.liangshan.sourceId });
    expect(outside.body.data).toEqual({ household: null });
  });

  test('answers an API key stored in its database', async () => {
    const { key } = await storeApiKey(
      registry.db.prisma,
      { name: 'direct-sync', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: null, expiresAt: null },
      'admin-1',
    );
    const { body } = await direct({ authorization: `Bearer ${key}` });
    expect(body.data).toEqual({ household: { sourceId: world.chengdu.sourceId } });
  });

  test('refuses a bearer token signed with another secret, and a caller with nothing: 401 as the gateway does', async () => {
    const forged = await mintToken({ sub: 'x', role: 'ADMIN', regions: ['51'] }, 'another-secret-of-sufficient-length-000000');
    expectRefused(await direct({ authorization: `Bearer ${forged}` }), 'TOKEN_BAD_SIGNATURE');
    expectRefused(await direct({}), 'TOKEN_MISSING');
  });

  test('charges a bearer caller the operation\'s cost, and not a caller the hub\'s gateway signed (it charged already)', async () => {
    const token = await registry.token(chengduOfficer);
    const bearer = await direct({ authorization: `Bearer ${token}` });
    expect(bearer.body.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number) });
    const signed = await direct(signedIdentityHeaders(registry.config, chengduOfficer));
    expect(signed.body.extensions?.cost).toBeUndefined();
  });

  test('refuses a bearer caller an operation over the cost limit: 400 MAX_COST_EXCEEDED', async () => {
    const token = await registry.token({ role: 'ADMIN' });
    const page = 'households(first: 100) { edges { node { region { code name } members { person { personKey name } } } } }';
    const costly = `{ ${Array.from({ length: 25 }, (_, i) => `h${i}: ${page}`).join(' ')} }`;
    const { status, body } = await direct({ authorization: `Bearer ${token}` }, costly, {});
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('MAX_COST_EXCEEDED');
  });


  test('refuses an identity without its signature: IDENTITY_UNSIGNED', async () => {
    const { [IDENTITY_HEADER]: payload } = signedIdentityHeaders(registry.config, chengduOfficer);
    expectRefused(await direct({ [IDENTITY_HEADER]: payload! }), 'IDENTITY_UNSIGNED');
  });

  test('refuses an identity signed with another secret: IDENTITY_BAD_SIGNATURE', async () => {
    const forged = identityHeaders(callerOf({ role: 'ADMIN' }), 'forged-request-1', 'a-guessed-secret-of-some-length-0000000');
    expectRefused(await direct(forged), 'IDENTITY_BAD_SIGNATURE');
  });

  test('refuses an identity altered after signing (officer raised to ADMIN): IDENTITY_BAD_SIGNATURE', async () => {
    const genuine = signedIdentityHeaders(registry.config, chengduOfficer);
    const raised = identityHeaders(callerOf({ role: 'ADMIN' }), 'forged-request-2', 'whatever-secret-0000000000000000000000');
    const tampered = { [IDENTITY_HEADER]: raised[IDENTITY_HEADER]!, [IDENTITY_SIGNATURE_HEADER]: genuine[IDENTITY_SIGNATURE_HEADER]! };
    expectRefused(await direct(tampered), 'IDENTITY_BAD_SIGNATURE');
  });

  test('refuses an identity older than 60 seconds, or dated in the future: IDENTITY_EXPIRED', async () => {
    expectRefused(await direct(signedIdentityHeaders(registry.config, chengduOfficer, Date.now() - 61_000)), 'IDENTITY_EXPIRED');
    expectRefused(await direct(signedIdentityHeaders(registry.config, chengduOfficer, Date.now() + 120_000)), 'IDENTITY_EXPIRED');
    // Its twin: 50 seconds old is still good.
    const recent = await direct(signedIdentityHeaders(registry.config, chengduOfficer, Date.now() - 50_000));
    expect(recent.body.data).toEqual({ household: { sourceId: world.chengdu.sourceId } });
  });

  test.each([
    ['not JSON', 'hello'],
    ['JSON without a caller', JSON.stringify({ requestId: 'req-00000001', iat: Math.floor(Date.now() / 1000) })],
    ['an unknown role', JSON.stringify({ caller: { ...callerOf({ role: 'ADMIN' }), role: 'ROOT' }, requestId: 'req-00000001', iat: Math.floor(Date.now() / 1000) })],
  ])('refuses a correctly signed identity that is %s: IDENTITY_MALFORMED', async (_what, text) => {
    expectRefused(await direct(signedPayload(text)), 'IDENTITY_MALFORMED');
  });

  test('refuses headers that are not base64url at all: IDENTITY_MALFORMED', async () => {
    expectRefused(await direct({ [IDENTITY_HEADER]: '{"caller":{}}', [IDENTITY_SIGNATURE_HEADER]: 'x' }), 'IDENTITY_MALFORMED');
  });

  test('gives a signed caller no more than the gateway: _entities out of its regions are null, in its regions they resolve', async () => {
    const headers = signedIdentityHeaders(registry.config, chengduOfficer);
    const outside = await direct(headers, ENTITIES, {
      r: [{ __typename: 'Household', sourceId: world.liangshan.sourceId }, { __typename: 'Person', personKey: world.liangshan.headKey }],
    });
    expect(outside.body.errors).toBeUndefined();
    expect(outside.body.data!._entities).toEqual([null, null]);

    const inside = await direct(headers, ENTITIES, {
      r: [{ __typename: 'Household', sourceId: world.chengdu.sourceId }, { __typename: 'Person', personKey: world.chengdu.headKey }],
    });
    expect(inside.body.errors).toBeUndefined();
    expect(inside.body.data!._entities).toEqual([{ sourceId: world.chengdu.sourceId }, { personKey: world.chengdu.headKey }]);
  });
});

describe('HUB_FORWARDING_SECRET in production', () => {
  const production = (extra: NodeJS.ProcessEnv = {}) => testConfig(undefined, { NODE_ENV: 'production', ...extra });
  const logger = createLogger('silent');

  test('a gateway with remote subgraphs refuses to start without it, naming the variable', async () => {
    const mode = { kind: 'gateway', remotes: { registry: 'http://127.0.0.1:1/graphql' } } as const;
    await expect(startHub({ config: production(), logger, mode })).rejects.toThrow(/HUB_FORWARDING_SECRET/);
  });

  test('a subgraph served alone starts without it: it takes bearer tokens, and refuses signed identities it cannot check (IDENTITY_NOT_ACCEPTED)', async () => {
    const config = production();
    expect(config.forwardingSecret).toBeNull();
    const hub = await startHub({ config, logger, mode: { kind: 'subgraph', name: 'registry' } });
    try {
      const devSigned = signedIdentityHeaders(testConfig(undefined), { role: 'ADMIN' });
      expectRefused(await postGraphql(hub.url, `{ _service { sdl } }`, { headers: devSigned }), 'IDENTITY_NOT_ACCEPTED');
      const token = await mintToken({ sub: 'ops', role: 'ADMIN', regions: ['51'] }, config.jwtSecret);
      const { status, body } = await postGraphql(hub.url, `{ _service { sdl } }`, { token });
      expect(status).toBe(200);
      expect(body.data).toMatchObject({ _service: { sdl: expect.stringContaining('type Household') } });
    } finally {
      await hub.close();
    }
  });

  test('a subgraph served alone starts with it, and then refuses the development-derived signature', async () => {
    const hub = await startHub({
      config: production({ HUB_FORWARDING_SECRET: 'a-production-forwarding-secret-of-40-chars' }),
      logger,
      mode: { kind: 'subgraph', name: 'registry' },
    });
    try {
      const devSigned = signedIdentityHeaders(testConfig(undefined), { role: 'ADMIN' });
      expectRefused(await postGraphql(hub.url, `{ _service { sdl } }`, { headers: devSigned }), 'IDENTITY_BAD_SIGNATURE');
    } finally {
      await hub.close();
    }
  });

  test('a forwarding secret shorter than 32 characters is refused, naming the variable', () => {
    expect(() => production({ HUB_FORWARDING_SECRET: 'short' })).toThrow(/HUB_FORWARDING_SECRET must be at least 32/);
  });
});
