// API keys for department systems (ACCESS.md, Callers): issued and revoked by
// ADMIN, stored as a SHA-256 only, and read exactly like a SYSTEM token with
// the same claims. Everything over real HTTP against a real database.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { postGraphql, startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { seedTwoCounties, type TwoCounties } from '../helpers/twoCounties';

let hub: TestHub;
let world: TwoCounties;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub();
  world = await seedTwoCounties(hub.db.prisma, hub.config.idPepper);
  admin = await hub.token({ role: 'ADMIN', sub: 'admin-1' });
});
afterAll(() => hub?.stop());

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id name role department regions purpose status createdBy } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id status revokedBy } }`;
const LIST = `{ apiKeys(first: 50) { edges { node { id name role department regions purpose status createdBy createdAt expiresAt revokedAt revokedBy lastUsedAt } } } }`;
const HOUSEHOLD = `query($s: ID!) { household(sourceId: $s) { sourceId region { code } } }`;

const civilAffairsSync = { name: '民政 低保 nightly sync', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: '低保 review' };

async function issue(input: Record<string, unknown> = civilAffairsSync): Promise<{ key: string; id: string }> {
  const { body } = await hub.graphql(ISSUE, { token: admin, variables: { input } });
  expect(body.errors).toBeUndefined();
  return { key: body.data!.issueApiKey.key, id: body.data!.issueApiKey.apiKey.id };
}

const withKey = (key: string, query: string, variables?: Record<string, unknown>) =>
  postGraphql(hub.url, query, { headers: { authorization: `Bearer ${key}` }, variables });

function expectRefused({ status, body }: GraphqlResponse, reason: string) {
  expect(status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
}

describe('issuing', () => {
  test('ADMIN issues a SYSTEM key and gets the key once, in the form ahk_<id>_<secret>', async () => {
    const { body } = await hub.graphql(ISSUE, { token: admin, variables: { input: civilAffairsSync } });
    expect(body.errors).toBeUndefined();
    const { key, apiKey } = body.data!.issueApiKey;
    expect(key).toMatch(/^ahk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${apiKey.id}_`)).toBe(true);
    expect(apiKey).toMatchObject({ ...civilAffairsSync, status: 'ACTIVE', createdBy: 'admin-1' });
  });

  test.each([
    ['OFFICER', { role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['51'] }],
    ['AUDITOR', { role: 'AUDITOR', regions: ['51'] }],
    ['SYSTEM', { role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['51'] }],
  ])('a %s caller may not issue, list or revoke keys (FORBIDDEN)', async (_role, claims) => {
    const token = await hub.token(claims as Parameters<TestHub['token']>[0]);
    const before = await hub.db.prisma.apiKey.count();
    for (const [query, variables] of [[ISSUE, { input: civilAffairsSync }], [LIST, {}], [REVOKE, { id: 'ahk_0000000000000000' }]] as const) {
      const { body } = await hub.graphql(query, { token, variables });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await hub.db.prisma.apiKey.count()).toBe(before);
  });

  test('a SYSTEM API key cannot issue keys either', async () => {
    const { key } = await issue();
    const { body } = await withKey(key, ISSUE, { input: civilAffairsSync });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test.each([
    ['role', 'a role other than SYSTEM', { role: 'OFFICER' }, /only SYSTEM/],
    ['department', 'no department', { department: null }, /is required/],
    ['department', 'the charities as department', { department: 'CHARITY' }, /government department/],
    ['regions', 'no regions', { regions: [] }, /at least one/],
    ['regions.1', 'a region that is not a code prefix', { regions: ['5101', '51x'] }, /2-6 digit/],
    ['name', 'an empty name', { name: '  ' }, /must not be empty/],
    ['expiresAt', 'an expiry in the past', { expiresAt: '2020-01-01T00:00:00.000Z' }, /in the future/],
    ['signingKey', 'a signing key that is not JSON', { signingKey: 'ssh-ed25519 AAAA' }, /JWK as JSON text/],
    ['signingKey', 'a shared secret as signing key', { signingKey: '{"kty":"oct","k":"c2VjcmV0"}' }, /kty must be EC/],
    ['signingKey', 'an EC key on another curve', { signingKey: '{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}' }, /curve P-256/],
    ['signingKey', 'an EC key that does not import', { signingKey: '{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}' }, /not a usable EC public key/],
    ['signingKey', 'an RSA key under 2048 bits', { signingKey: JSON.stringify(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' })) }, /at least 2048 bits/],
    ['callbackOrigins.1', 'a callback URL with a path', { callbackOrigins: ['https://mca.example', 'https://mca.example/dci/callback'] }, /origin only.*https:\/\/mca\.example$/],
    ['callbackOrigins.0', 'a callback origin with credentials', { callbackOrigins: ['https://user:pw@mca.example'] }, /origin only/],
    ['callbackOrigins.0', 'a callback origin that is no URL', { callbackOrigins: ['mca.example'] }, /scheme:\/\/host/],
    ['callbackOrigins.0', 'a callback origin that is not http(s)', { callbackOrigins: ['ftp://mca.example'] }, /http or https/],
    ['callbackOrigins', 'too many callback origins', { callbackOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example`) }, /at most 20/],
  ])('bad input is refused naming the field: %s (%s)', async (field, _what, change, reason) => {
    const before = await hub.db.prisma.apiKey.count();
    const { body } = await hub.graphql(ISSUE, { token: admin, variables: { input: { ...civilAffairsSync, ...change } } });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(body.errors?.[0]?.extensions?.reason).toMatch(reason);
    expect(await hub.db.prisma.apiKey.count()).toBe(before);
  });
});

describe('the DCI signing key and callback origins', () => {
  const ISSUE_DCI = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { apiKey { id signingKeyId callbackOrigins } } }`;
  const issueDci = (change: Record<string, unknown>) => hub.graphql(ISSUE_DCI, { token: admin, variables: { input: { ...civilAffairsSync, ...change } } });
  const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

  test('a public EC P-256 JWK is stored, with its alg, and signingKeyId is its RFC 7638 thumbprint', async () => {
    const jwk = await exportJWK(p256().publicKey);
    const { body } = await issueDci({ signingKey: JSON.stringify(jwk) });
    expect(body.errors).toBeUndefined();
    const { id, signingKeyId } = body.data!.issueApiKey.apiKey;
    expect(signingKeyId).toBe(await calculateJwkThumbprint(jwk));
    const row = await hub.db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.signingKey).toEqual({ ...jwk, alg: 'ES256' });
  });

  test('Ed25519 and RSA public keys are taken too', async () => {
    for (const pair of [generateKeyPairSync('ed25519'), generateKeyPairSync('rsa', { modulusLength: 2048 })]) {
      const jwk = await exportJWK(pair.publicKey);
      const { body } = await issueDci({ signingKey: JSON.stringify(jwk) });
      expect(body.errors).toBeUndefined();
      expect(body.data!.issueApiKey.apiKey.signingKeyId).toBe(await calculateJwkThumbprint(jwk));
    }
  });

  test('a private JWK is refused naming signingKey, and nothing is stored', async () => {
    const before = await hub.db.prisma.apiKey.count();
    const jwk = await exportJWK(p256().privateKey);
    const { body } = await issueDci({ signingKey: JSON.stringify(jwk) });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'signingKey',
      reason: 'must be a public key: it holds private parts (d)',
    });
    expect(await hub.db.prisma.apiKey.count()).toBe(before);
  });

  test('callback origins come back as given, once each; without them and without a key, none', async () => {
    const origins = ['https://mca.example.gov.cn', 'http://localhost:8080'];
    const { body } = await issueDci({ callbackOrigins: [...origins, 'https://mca.example.gov.cn/'] });
    expect(body.errors).toBeUndefined();
    expect(body.data!.issueApiKey.apiKey.callbackOrigins).toEqual(origins);
    const row = await hub.db.prisma.apiKey.findUniqueOrThrow({ where: { id: body.data!.issueApiKey.apiKey.id } });
    expect(row.callbackOrigins).toEqual(origins);

    const plain = await issueDci({});
    expect(plain.body.data!.issueApiKey.apiKey).toMatchObject({ signingKeyId: null, callbackOrigins: [] });
    const plainRow = await hub.db.prisma.apiKey.findUniqueOrThrow({ where: { id: plain.body.data!.issueApiKey.apiKey.id } });
    expect(plainRow.signingKey).toBeNull();
  });
});

describe('storing', () => {
  test('the database holds the SHA-256 of the key, never the key or its secret part', async () => {
    const { key, id } = await issue();
    const row = await hub.db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.secretHash).toBe(createHash('sha256').update(key).digest('hex'));
    const secret = key.slice(id.length + 1);
    const [raw] = await hub.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM api_key WHERE id = $1', id);
    expect(JSON.stringify(raw)).not.toContain(secret);
  });

  test('the listing shows every key without its secret or hash, and the schema has no field for them', async () => {
    const { key, id } = await issue();
    const { body } = await hub.graphql(LIST, { token: admin });
    expect(body.errors).toBeUndefined();
    const listed = body.data!.apiKeys.edges.map((e: { node: { id: string } }) => e.node);
    expect(listed.map((k: { id: string }) => k.id)).toContain(id);
    const text = JSON.stringify(body);
    expect(text).not.toContain(key.slice(id.length + 1));
    expect(text).not.toContain(createHash('sha256').update(key).digest('hex'));

    for (const field of ['secretHash', 'key', 'hash']) {
      const probe = await hub.graphql(`{ apiKeys(first: 1) { edges { node { id ${field} } } } }`, { token: admin });
      expect(probe.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

describe('authenticating with a key', () => {
  test('the key reads like a SYSTEM token with the same claims: inside its regions, and not outside', async () => {
    const { key } = await issue();
    const token = await hub.token({ role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: '低保 review' });
    for (const [sourceId, expected] of [
      [world.chengdu.sourceId, { sourceId: world.chengdu.sourceId, region: { code: '510104' } }],
      [world.liangshan.sourceId, null],
    ] as const) {
      const byKey = await withKey(key, HOUSEHOLD, { s: sourceId });
      const byToken = await hub.graphql(HOUSEHOLD, { token, variables: { s: sourceId } });
      expect(byKey.body.errors).toBeUndefined();
      expect(byKey.body.data!.household).toEqual(expected);
      expect(byKey.body.data).toEqual(byToken.body.data);
    }
  });

  test('the key\'s purpose opens personal fields, as a token\'s does, and its id is the audited sub', async () => {
    const NAME = `query($k: ID!) { person(personKey: $k) { name } }`;
    const withoutPurpose = await issue({ ...civilAffairsSync, purpose: null });
    const refused = await withKey(withoutPurpose.key, NAME, { k: world.chengdu.headKey });
    expect(refused.body.errors?.[0]).toMatchObject({ path: ['person', 'name'], extensions: { code: 'FORBIDDEN' } });

    const { key, id } = await issue();
    const { body } = await withKey(key, NAME, { k: world.chengdu.headKey });
    expect(body.errors).toBeUndefined();
    expect(body.data!.person).toHaveProperty('name');
    const entry = await hub.db.prisma.auditEntry.findFirst({ where: { sub: id } });
    expect(entry).toMatchObject({ role: 'SYSTEM', department: 'CIVIL_AFFAIRS', purpose: '低保 review', personKey: world.chengdu.headKey });
  });

  test('an unknown key is refused with API_KEY_UNKNOWN; so is a real id with a wrong secret', async () => {
    const { key, id } = await issue();
    expectRefused(await withKey(`ahk_0123456789abcdef_${'A'.repeat(43)}`, HOUSEHOLD, { s: world.chengdu.sourceId }), 'API_KEY_UNKNOWN');
    expectRefused(await withKey(`${id}_${'B'.repeat(43)}`, HOUSEHOLD, { s: world.chengdu.sourceId }), 'API_KEY_UNKNOWN');
    expectRefused(await withKey('ahk_short', HOUSEHOLD, { s: world.chengdu.sourceId }), 'API_KEY_UNKNOWN');
    const twin = await withKey(key, HOUSEHOLD, { s: world.chengdu.sourceId });
    expect(twin.body.data!.household.sourceId).toBe(world.chengdu.sourceId);
  });

  test('a revoked key is refused from the very next request (API_KEY_REVOKED)', async () => {
    const { key, id } = await issue();
    const before = await withKey(key, HOUSEHOLD, { s: world.chengdu.sourceId });
    expect(before.body.data!.household.sourceId).toBe(world.chengdu.sourceId);

    const revoked = await hub.graphql(REVOKE, { token: admin, variables: { id } });
    expect(revoked.body.data!.revokeApiKey).toEqual({ id, status: 'REVOKED', revokedBy: 'admin-1' });
    expectRefused(await withKey(key, HOUSEHOLD, { s: world.chengdu.sourceId }), 'API_KEY_REVOKED');
  });

  test('revoking an unknown key names the id', async () => {
    const { body } = await hub.graphql(REVOKE, { token: admin, variables: { id: 'ahk_ffffffffffffffff' } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  test('an expired key is refused (API_KEY_EXPIRED); before its expiry it is accepted', async () => {
    const { key, id } = await issue({ ...civilAffairsSync, expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    const before = await withKey(key, HOUSEHOLD, { s: world.chengdu.sourceId });
    expect(before.body.data!.household.sourceId).toBe(world.chengdu.sourceId);

    // The clock cannot be moved in a real hub: the expiry is moved instead.
    await hub.db.prisma.apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectRefused(await withKey(key, HOUSEHOLD, { s: world.chengdu.sourceId }), 'API_KEY_EXPIRED');
    const listed = await hub.graphql(LIST, { token: admin });
    expect(listed.body.data!.apiKeys.edges.find((e: { node: { id: string } }) => e.node.id === id).node.status).toBe('EXPIRED');
  });

  test('a key in use records when it was last used', async () => {
    const { key, id } = await issue();
    expect((await hub.db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    await withKey(key, HOUSEHOLD, { s: world.chengdu.sourceId });
    expect((await hub.db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(Date);
  });
});
