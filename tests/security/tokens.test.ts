// Bearer tokens over real HTTP (ACCESS.md, Callers): each way a token can be
// wrong is refused with HTTP 401, UNAUTHENTICATED and its own reason, and the
// answer carries nothing else: no data, no stack, no claim echoed back. The
// hub runs in production mode, as deployed, with an RS256 public key file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { ConfigError, loadConfig } from '../../src/lib/config';
import { postGraphql, startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';

const QUERY = `{ region(code: "510000") { name } }`;
const now = () => Math.floor(Date.now() / 1000);
const officer = { sub: 'u1', role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['51'], iss: 'assist-hub', aud: 'assist-hub' };
const fresh = () => ({ ...officer, iat: now(), exp: now() + 3600 });

let hub: TestHub;
let folder: string;
let publicKeyFile: string;
let publicPem: string;
let privateKey: CryptoKey;
let otherPrivateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  otherPrivateKey = (await generateKeyPair('RS256', { extractable: true })).privateKey;
  folder = mkdtempSync(path.join(os.tmpdir(), 'assist-hub-keys-'));
  publicKeyFile = path.join(folder, 'jwt-public.pem');
  writeFileSync(publicKeyFile, publicPem);
  hub = await startTestHub({ env: { NODE_ENV: 'production', HUB_JWT_PUBLIC_KEY_FILE: publicKeyFile } });
  await hub.db.prisma.region.create({ data: { code: '510000', name: '四川省', level: 'PROVINCE' } });
});
afterAll(async () => {
  await hub?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const hs256 = (claims: Record<string, unknown>, secret = hub.config.jwtSecret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
const rs256 = (claims: Record<string, unknown>, key = privateKey) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(key);

async function withAuthorization(authorization: string | undefined): Promise<GraphqlResponse> {
  return postGraphql(hub.url, QUERY, { headers: authorization === undefined ? {} : { authorization } });
}

/** A refusal says which failure it is and nothing more. */
function expectRefused({ status, body }: GraphqlResponse, reason: string) {
  expect(status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors).toHaveLength(1);
  const [error] = body.errors!;
  expect(error!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  expect(error!.message).not.toMatch(/四川|CIVIL_AFFAIRS|u1|at .*\.ts/);
}

function expectAnswered({ status, body }: GraphqlResponse) {
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({ region: { name: '四川省' } });
}

describe('refused, each with its own reason', () => {
  test('no Authorization header: TOKEN_MISSING', async () => {
    expectRefused(await withAuthorization(undefined), 'TOKEN_MISSING');
  });

  test.each([
    ['a header that is not "Bearer <token>"', 'Token abc.def.ghi'],
    ['"Bearer" with nothing after it', 'Bearer'],
    ['a bearer value that is not a JWT', 'Bearer not.a.jwt'],
    ['a JWT cut short', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9'],
  ])('%s: TOKEN_MALFORMED', async (_name, header) => {
    expectRefused(await withAuthorization(header), 'TOKEN_MALFORMED');
  });

  test('signed with another secret: TOKEN_BAD_SIGNATURE', async () => {
    const token = await hs256(fresh(), 'another-secret-that-is-long-enough-0000000');
    expectRefused(await withAuthorization(`Bearer ${token}`), 'TOKEN_BAD_SIGNATURE');
  });

  test('altered after signing (role raised to ADMIN): TOKEN_BAD_SIGNATURE', async () => {
    const [header, , signature] = (await hs256(fresh())).split('.');
    const forged = Buffer.from(JSON.stringify({ ...fresh(), role: 'ADMIN' })).toString('base64url');
    expectRefused(await withAuthorization(`Bearer ${header}.${forged}.${signature}`), 'TOKEN_BAD_SIGNATURE');
  });

  test('HS256 signed with the RS256 public key\'s PEM text as the secret: TOKEN_BAD_SIGNATURE', async () => {
    const token = await hs256(fresh(), publicPem);
    expectRefused(await withAuthorization(`Bearer ${token}`), 'TOKEN_BAD_SIGNATURE');
  });

  test('RS256 signed with a private key that is not the configured one: TOKEN_BAD_SIGNATURE', async () => {
    expectRefused(await withAuthorization(`Bearer ${await rs256(fresh(), otherPrivateKey)}`), 'TOKEN_BAD_SIGNATURE');
  });

  test('alg none: TOKEN_ALG_NOT_ALLOWED', async () => {
    const token = new UnsecuredJWT(officer).setIssuedAt().setExpirationTime('1h').encode();
    expectRefused(await withAuthorization(`Bearer ${token}`), 'TOKEN_ALG_NOT_ALLOWED');
  });

  test('an algorithm other than HS256 and RS256 (HS512): TOKEN_ALG_NOT_ALLOWED', async () => {
    const token = await new SignJWT(fresh()).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(hub.config.jwtSecret));
    expectRefused(await withAuthorization(`Bearer ${token}`), 'TOKEN_ALG_NOT_ALLOWED');
  });

  test.each([
    ['expired', 'TOKEN_EXPIRED', { ...officer, iat: now() - 7200, exp: now() - 3600 }],
    ['not valid yet (nbf in the future)', 'TOKEN_NOT_YET_VALID', { ...officer, iat: now(), nbf: now() + 3600, exp: now() + 7200 }],
    ['issued in the future (iat)', 'TOKEN_NOT_YET_VALID', { ...officer, iat: now() + 3600, exp: now() + 7200 }],
    ['from another issuer', 'TOKEN_WRONG_ISSUER', { ...fresh(), iss: 'someone-else' }],
    ['for another audience', 'TOKEN_WRONG_AUDIENCE', { ...fresh(), aud: 'other-app' }],
    ['living over 24 hours', 'TOKEN_LIFETIME_TOO_LONG', { ...officer, iat: now(), exp: now() + 25 * 3600 }],
    ['without exp', 'TOKEN_MISSING_CLAIM', { ...officer, iat: now() }],
    ['of an unknown role', 'TOKEN_UNKNOWN_ROLE', { ...fresh(), role: 'SUPERUSER' }],
  ])('a token %s: %s', async (_name, reason, claims) => {
    expectRefused(await withAuthorization(`Bearer ${await hs256(claims)}`), reason);
  });

  test('the same claim failures hold for RS256 tokens (expired)', async () => {
    const token = await rs256({ ...officer, iat: now() - 7200, exp: now() - 3600 });
    expectRefused(await withAuthorization(`Bearer ${token}`), 'TOKEN_EXPIRED');
  });
});

describe('answered', () => {
  test('a valid HS256 token signed with HUB_JWT_SECRET', async () => {
    expectAnswered(await withAuthorization(`Bearer ${await hs256(fresh())}`));
  });

  test('a valid RS256 token signed with the private half of HUB_JWT_PUBLIC_KEY_FILE', async () => {
    expectAnswered(await withAuthorization(`Bearer ${await rs256(fresh())}`));
  });

  test('a token minted by the hub itself', async () => {
    expectAnswered(await withAuthorization(`Bearer ${await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS' })}`));
  });
});

describe('HUB_JWT_PUBLIC_KEY_FILE at start', () => {
  const load = (file: string) => () => loadConfig({ NODE_ENV: 'test', HUB_JWT_PUBLIC_KEY_FILE: file });

  test('a file that cannot be read stops the start, naming the variable', () => {
    expect(load(path.join(folder, 'missing.pem'))).toThrow(ConfigError);
    expect(load(path.join(folder, 'missing.pem'))).toThrow(/HUB_JWT_PUBLIC_KEY_FILE cannot be read/);
  });

  test('a file that holds no public key stops the start, naming the variable', () => {
    const notAKey = path.join(folder, 'not-a-key.pem');
    writeFileSync(notAKey, 'hello');
    expect(load(notAKey)).toThrow(/HUB_JWT_PUBLIC_KEY_FILE must hold an RSA public key/);
    const broken = path.join(folder, 'broken.pem');
    writeFileSync(broken, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    expect(load(broken)).toThrow(/HUB_JWT_PUBLIC_KEY_FILE is not a valid PEM public key/);
  });

  test('a private key is refused: the hub needs only the public half', async () => {
    const privateFile = path.join(folder, 'private.pem');
    writeFileSync(privateFile, await exportPKCS8(privateKey));
    expect(load(privateFile)).toThrow(/HUB_JWT_PUBLIC_KEY_FILE must hold an RSA public key/);
  });

  test('a readable SPKI RSA key is loaded', () => {
    expect(load(publicKeyFile)().jwtPublicKey?.asymmetricKeyType).toBe('rsa');
  });
});
