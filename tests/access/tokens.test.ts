// Bearer tokens (ACCESS.md): each way a token can be wrong is refused with its own code.
import { createPublicKey } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { mintToken, verifyToken, TokenError } from '../../src/access/tokens';

const SECRET = 'a-test-secret-of-reasonable-length-000000';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

function signed(claims: Record<string, unknown>, header: { alg: string } = { alg: 'HS256' }, secret = key) {
  return new SignJWT(claims).setProtectedHeader(header).sign(secret);
}
const good = { sub: 'u1', role: 'OFFICER', department: 'EDUCATION', regions: ['5101'], iss: 'assist-hub', aud: 'assist-hub' };

async function failure(token: string): Promise<string> {
  try {
    await verifyToken(token, SECRET);
  } catch (error) {
    if (error instanceof TokenError) return error.failure;
    throw error;
  }
  return 'accepted';
}

test('a token minted by the hub verifies into the caller it describes', async () => {
  const token = await mintToken({ sub: 'u1', role: 'OFFICER', department: 'EDUCATION', regions: ['5101'], purpose: 'case 12' }, SECRET);
  expect(await verifyToken(token, SECRET)).toEqual({
    sub: 'u1',
    role: 'OFFICER',
    department: 'EDUCATION',
    regions: ['5101'],
    org: null,
    purpose: 'case 12',
  });
});

test.each([
  ['expired', { ...good, iat: now() - 7200, exp: now() - 3600 }, 'TOKEN_EXPIRED'],
  ['not yet valid', { ...good, iat: now(), nbf: now() + 3600, exp: now() + 7200 }, 'TOKEN_NOT_YET_VALID'],
  ['wrong issuer', { ...good, iss: 'someone-else', iat: now(), exp: now() + 60 }, 'TOKEN_WRONG_ISSUER'],
  ['wrong audience', { ...good, aud: 'other-app', iat: now(), exp: now() + 60 }, 'TOKEN_WRONG_AUDIENCE'],
  ['missing exp', { ...good, iat: now() }, 'TOKEN_MISSING_CLAIM'],
  ['issued in the future', { ...good, iat: now() + 3600, exp: now() + 7200 }, 'TOKEN_NOT_YET_VALID'],
  ['lifetime over 24 hours', { ...good, iat: now(), exp: now() + 25 * 3600 }, 'TOKEN_LIFETIME_TOO_LONG'],
  ['unknown role', { ...good, role: 'SUPERUSER', iat: now(), exp: now() + 60 }, 'TOKEN_UNKNOWN_ROLE'],
])('a token that is %s is refused', async (_name, claims, code) => {
  expect(await failure(await signed(claims))).toBe(code);
});

test('a token signed with another secret is refused as a bad signature', async () => {
  const token = await signed({ ...good, iat: now(), exp: now() + 60 }, { alg: 'HS256' }, new TextEncoder().encode('other-secret-000000000000000000000'));
  expect(await failure(token)).toBe('TOKEN_BAD_SIGNATURE');
});

test('an unsigned token (alg: none) is refused', async () => {
  const token = new UnsecuredJWT({ ...good }).setIssuedAt().setExpirationTime('1h').encode();
  expect(await failure(token)).toBe('TOKEN_ALG_NOT_ALLOWED');
});

test('an RS256 token is refused when no public key is configured, whoever signed it', async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const token = await new SignJWT({ ...good, iat: now(), exp: now() + 60 }).setProtectedHeader({ alg: 'RS256' }).sign(pair.privateKey);
  expect(await failure(token)).toBe('TOKEN_ALG_NOT_ALLOWED');
  // Its twin: the same token with the public key configured verifies.
  const publicKey = createPublicKey(await exportSPKI(pair.publicKey));
  await expect(verifyToken(token, { secret: SECRET, publicKey })).resolves.toMatchObject({ sub: 'u1', role: 'OFFICER' });
});

test('garbage is refused as malformed', async () => {
  expect(await failure('not.a.jwt')).toBe('TOKEN_MALFORMED');
});

describe('verified tokens are kept per key set, never past their expiry', () => {
  afterEach(() => jest.useRealTimers());

  test('a kept token answers as verifying it again would, and is refused as expired once exp (with the skew) has passed', async () => {
    const keys = { secret: SECRET };
    const start = Date.now();
    jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const token = await signed({ ...good, iat: now(), exp: now() + 120 });
    const first = await verifyToken(token, keys);
    expect(await verifyToken(token, keys)).toEqual(first);
    expect(await verifyToken(token, keys)).toEqual(await verifyToken(token, SECRET));
    // Past exp but within the 60 s clock skew jose allows: still accepted, as jose would.
    jest.setSystemTime(start + 150_000);
    expect(await verifyToken(token, keys)).toEqual(first);
    jest.setSystemTime(start + 200_000);
    await expect(verifyToken(token, keys)).rejects.toMatchObject({ failure: 'TOKEN_EXPIRED' });
  });

  test('a token kept for one key set is refused by another (its signature is checked against that set)', async () => {
    const token = await signed({ ...good, iat: now(), exp: now() + 600 });
    expect((await verifyToken(token, { secret: SECRET })).sub).toBe('u1');
    await expect(verifyToken(token, { secret: `${SECRET}-rotated` })).rejects.toMatchObject({ failure: 'TOKEN_BAD_SIGNATURE' });
  });

  test('a refused token is not kept: it is refused again with the same code', async () => {
    const keys = { secret: SECRET };
    const token = await signed({ ...good, role: 'NOBODY', iat: now(), exp: now() + 600 });
    await expect(verifyToken(token, keys)).rejects.toMatchObject({ failure: 'TOKEN_UNKNOWN_ROLE' });
    await expect(verifyToken(token, keys)).rejects.toMatchObject({ failure: 'TOKEN_UNKNOWN_ROLE' });
  });
});
