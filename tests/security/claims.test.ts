// Claims checked against each other (ACCESS.md v2, "Claims must agree with
// the role"), over real HTTP against a hub in production mode: OFFICER and
// SYSTEM carry one government department, CHARITY carries org and no
// department, CASEWORKER, AUDITOR and ADMIN carry neither, and sub is a
// non-empty string. Any other combination is refused as a bad claim (401,
// UNAUTHENTICATED, TOKEN_BAD_CLAIM) for tokens, API keys and the identity a
// gateway forwards alike, and the hub refuses to mint or issue one. Each
// refusal has its allowed twin: the consistent neighbour is answered.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { SignJWT } from 'jose';
import { newApiKey } from '../../src/access/apiKeys';
import { identityHeaders } from '../../src/access/forwarding';
import type { Caller } from '../../src/access/callers';
import { mintToken, TokenError } from '../../src/access/tokens';
import { postGraphql, startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';

const REPO = path.resolve(__dirname, '../..');
const FORWARDING_SECRET = 'claims-test-forwarding-secret-0000000000';
const QUERY = '{ __typename }';
const now = () => Math.floor(Date.now() / 1000);

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub({ env: { NODE_ENV: 'production' } });
  admin = await hub.token({ role: 'ADMIN', sub: 'admin-claims' });
});
afterAll(() => hub?.stop());

/** A token signed with the hub's own secret, whatever its claims: only the claims can be wrong. */
const signed = (claims: Record<string, unknown>) =>
  new SignJWT({ iss: 'assist-hub', aud: 'assist-hub', iat: now(), exp: now() + 3600, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(hub.config.jwtSecret));

const withCredential = (credential: string, base = hub.url) =>
  postGraphql(base, QUERY, { headers: { authorization: `Bearer ${credential}` } });

function expectBadClaim({ status, body }: GraphqlResponse, claim: RegExp) {
  expect(status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_CLAIM' });
  expect(body.errors![0]!.message).toMatch(claim);
}

function expectAnswered({ status, body }: GraphqlResponse) {
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ __typename: 'Query' });
}

const base = { sub: 'u-claims', regions: ['51'] };

describe('a bearer token whose claims do not agree with its role is refused as TOKEN_BAD_CLAIM', () => {
  test.each([
    ['OFFICER without a department', { role: 'OFFICER' }, /department/],
    ['SYSTEM without a department', { role: 'SYSTEM' }, /department/],
    ['OFFICER with department null', { role: 'OFFICER', department: null }, /department/],
    ['OFFICER with department CHARITY', { role: 'OFFICER', department: 'CHARITY' }, /department/],
    ['SYSTEM with department CHARITY', { role: 'SYSTEM', department: 'CHARITY' }, /department/],
    ['OFFICER with an org as well', { role: 'OFFICER', department: 'EDUCATION', org: 'RED-CROSS-SC' }, /org/],
    ['CHARITY without org', { role: 'CHARITY' }, /org/],
    ['CHARITY with an empty org', { role: 'CHARITY', org: '' }, /org/],
    ['CHARITY with a government department', { role: 'CHARITY', org: 'RED-CROSS-SC', department: 'CIVIL_AFFAIRS' }, /department/],
    ['CHARITY with department CHARITY', { role: 'CHARITY', org: 'RED-CROSS-SC', department: 'CHARITY' }, /department/],
    ['CASEWORKER with a department', { role: 'CASEWORKER', department: 'CIVIL_AFFAIRS' }, /department/],
    ['AUDITOR with a department', { role: 'AUDITOR', department: 'EDUCATION' }, /department/],
    ['ADMIN with a department', { role: 'ADMIN', department: 'HOUSING' }, /department/],
    ['AUDITOR with an org', { role: 'AUDITOR', org: 'RED-CROSS-SC' }, /org/],
    ['an empty sub', { role: 'ADMIN', sub: '' }, /sub/],
    ['a blank sub', { role: 'ADMIN', sub: '   ' }, /sub/],
    ['a number as sub', { role: 'ADMIN', sub: 42 }, /sub/],
  ])('%s', async (_name, claims, claim) => {
    expectBadClaim(await withCredential(await signed({ ...base, ...claims })), claim);
  });

  test.each([
    ['OFFICER with one government department', { role: 'OFFICER', department: 'CIVIL_AFFAIRS' }],
    ['SYSTEM with one government department', { role: 'SYSTEM', department: 'DISABLED_PERSONS_FEDERATION' }],
    ['CHARITY with org and no department', { role: 'CHARITY', org: 'RED-CROSS-SC', regions: [] }],
    ['CHARITY with org and department null', { role: 'CHARITY', org: 'RED-CROSS-SC', department: null }],
    ['CASEWORKER with neither', { role: 'CASEWORKER' }],
    ['AUDITOR with neither', { role: 'AUDITOR' }],
    ['ADMIN with neither', { role: 'ADMIN' }],
  ])('its allowed twin is answered: %s', async (_name, claims) => {
    expectAnswered(await withCredential(await signed({ ...base, ...claims })));
  });
});

describe('the hub does not mint a token it would refuse', () => {
  test('mintToken refuses claims that do not agree (TOKEN_BAD_CLAIM naming the claim); the consistent twin mints a token the hub answers', async () => {
    const refused = mintToken({ sub: 'u1', role: 'OFFICER', regions: ['51'] }, hub.config.jwtSecret);
    await expect(refused).rejects.toBeInstanceOf(TokenError);
    await expect(refused).rejects.toMatchObject({ failure: 'TOKEN_BAD_CLAIM', message: expect.stringMatching(/department claim is required for OFFICER/) });
    await expect(mintToken({ sub: 'u1', role: 'CHARITY', org: 'X', department: 'CHARITY' }, hub.config.jwtSecret)).rejects.toThrow(/department claim must be absent for CHARITY/);
    await expect(mintToken({ sub: '', role: 'ADMIN' }, hub.config.jwtSecret)).rejects.toThrow(/sub claim must be a non-empty string/);
    expectAnswered(await withCredential(await mintToken({ sub: 'u1', role: 'OFFICER', department: 'EDUCATION', regions: ['51'] }, hub.config.jwtSecret)));
  });

  const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const env = { ...process.env, HUB_ID_PEPPER: 'test-pepper', HUB_JWT_SECRET: hub.config.jwtSecret };
      execFile('node', ['bin/assist-hub.cjs', 'token', ...args], { cwd: REPO, env, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  test('assist-hub token exits 2 naming the claim and prints no token for CHARITY without --org; with --org it prints a token the hub answers', async () => {
    const refused = await cli(['--role', 'CHARITY']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/assist-hub token: cannot mint this token: org claim is required for CHARITY/);

    const minted = await cli(['--role', 'CHARITY', '--org', 'RED-CROSS-SC']);
    expect(minted.code).toBe(0);
    expectAnswered(await withCredential(minted.stdout.trim()));
  });

  test('assist-hub token exits 2 for OFFICER without --department', async () => {
    const refused = await cli(['--role', 'OFFICER', '--regions', '5101']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/department claim is required for OFFICER/);
  });
});

describe('API keys are held to the same claims', () => {
  const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key apiKey { id department } } }`;
  const grant = { name: 'claims test sync', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'] };

  test.each([
    ['without a department', { department: null }],
    ['with department CHARITY', { department: 'CHARITY' }],
  ])('issueApiKey refuses a SYSTEM key %s with BAD_USER_INPUT naming department, and stores nothing', async (_name, change) => {
    const before = await hub.db.prisma.apiKey.count();
    const { body } = await hub.graphql(ISSUE, { token: admin, variables: { input: { ...grant, ...change } } });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'department' });
    expect(await hub.db.prisma.apiKey.count()).toBe(before);
  });

  test('issueApiKey issues the consistent twin, and its key is answered', async () => {
    const { body } = await hub.graphql(ISSUE, { token: admin, variables: { input: grant } });
    expect(body.errors).toBeUndefined();
    expectAnswered(await withCredential(body.data!.issueApiKey.key));
  });

  /** A key row written behind the hub's back (an old version, a hand edit): only its claims can be wrong. */
  async function storedKey(claims: { role: string; department?: 'CIVIL_AFFAIRS' | 'CHARITY' | null; org?: string | null }) {
    const { id, key, secretHash } = newApiKey();
    await hub.db.prisma.apiKey.create({
      data: { id, secretHash, name: 'stored by hand', regions: ['5101'], createdBy: 'someone', department: null, org: null, ...claims },
    });
    return key;
  }

  test.each([
    ['SYSTEM without a department', { role: 'SYSTEM' }, /department/],
    ['SYSTEM with department CHARITY', { role: 'SYSTEM', department: 'CHARITY' as const }, /department/],
    ['SYSTEM with an org', { role: 'SYSTEM', department: 'CIVIL_AFFAIRS' as const, org: 'RED-CROSS-SC' }, /org/],
    ['CHARITY without org', { role: 'CHARITY' }, /org/],
  ])('a stored key whose claims do not agree is refused at use as TOKEN_BAD_CLAIM: %s', async (_name, claims, claim) => {
    expectBadClaim(await withCredential(await storedKey(claims)), claim);
  });

  test('a stored key whose claims agree is answered (the twin)', async () => {
    expectAnswered(await withCredential(await storedKey({ role: 'SYSTEM', department: 'CIVIL_AFFAIRS' })));
  });
});

describe('a subgraph served alone checks the forwarded caller\'s claims too', () => {
  let registry: TestHub;
  beforeAll(async () => {
    registry = await startTestHub({
      mode: { kind: 'subgraph', name: 'registry' },
      env: { NODE_ENV: 'production', HUB_FORWARDING_SECRET: FORWARDING_SECRET },
    });
  });
  afterAll(() => registry?.stop());

  const caller = (claims: Partial<Caller>): Caller =>
    ({ sub: 'u-forwarded', role: 'OFFICER', department: null, regions: ['51'], org: null, purpose: null, ...claims }) as Caller;
  const forwarded = (claims: Partial<Caller>) =>
    postGraphql(registry.url, QUERY, { headers: identityHeaders(caller(claims), 'claims-request-0001', FORWARDING_SECRET) });

  test.each([
    ['OFFICER without a department', { role: 'OFFICER' as const }, /department/],
    ['CHARITY with a department', { role: 'CHARITY' as const, org: 'RED-CROSS-SC', department: 'CIVIL_AFFAIRS' as const }, /department/],
  ])('a signed identity whose claims do not agree is refused as TOKEN_BAD_CLAIM: %s', async (_name, claims, claim) => {
    expectBadClaim(await forwarded(claims), claim);
  });

  test('a signed identity whose claims agree is answered (the twin)', async () => {
    expectAnswered(await forwarded({ role: 'OFFICER', department: 'CIVIL_AFFAIRS' }));
  });
});
