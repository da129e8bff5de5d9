// Bearer tokens of ACCESS.md: HS256 JWTs (or RS256 with a configured public
// key) with iss = aud = "assist-hub", exp required and at most 24 hours after
// iat. Each way a token can be wrong has its own code, and the message says
// which and nothing more.
import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { checkClaims, describeClaimProblem } from './claims';
import { isRole, type Caller, type Department, type Role } from './callers';

export const TOKEN_ISSUER = 'assist-hub';
export const TOKEN_AUDIENCE = 'assist-hub';
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Tolerated difference between the issuer's clock and ours. */
const CLOCK_SKEW_SECONDS = 60;

export type TokenFailure =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_ALG_NOT_ALLOWED'
  | 'TOKEN_BAD_SIGNATURE'
  | 'TOKEN_KEYS_UNAVAILABLE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_WRONG_ISSUER'
  | 'TOKEN_WRONG_AUDIENCE'
  | 'TOKEN_MISSING_CLAIM'
  | 'TOKEN_LIFETIME_TOO_LONG'
  | 'TOKEN_UNKNOWN_ROLE'
  | 'TOKEN_BAD_CLAIM';

export class TokenError extends Error {
  constructor(
    readonly failure: TokenFailure,
    message: string,
  ) {
    super(message);
  }
}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

/** What a token may be verified with: the HS256 secret, and RS256 keys when configured (a public key, or a JWKS). */
export interface TokenKeys {
  secret: string;
  publicKey?: KeyObject | null;
  /** An identity provider's published keys (HUB_JWT_JWKS_URL or HUB_JWT_JWKS_FILE), chosen by the token's `kid`. */
  jwks?: JWTVerifyGetKey | null;
}

/**
 * The key follows the token's own `alg`, and each alg has exactly one key: an
 * HS256 token is never checked against the public key (whose PEM text is no
 * secret), and RS256 is refused unless a public key is configured.
 */
function keyForAlgorithm(token: string, keys: TokenKeys): { alg: string; key: Uint8Array | KeyObject | JWTVerifyGetKey } {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new TokenError('TOKEN_MALFORMED', 'token is not a well-formed JWT');
  }
  if (alg === 'HS256') return { alg, key: secretKey(keys.secret) };
  if (alg === 'RS256' && keys.publicKey) return { alg, key: keys.publicKey };
  if (alg === 'RS256' && keys.jwks) return { alg, key: keys.jwks };
  throw new TokenError('TOKEN_ALG_NOT_ALLOWED', `token algorithm is not allowed (${allowedAlgorithms(keys)})`);
}

const allowedAlgorithms = (keys: TokenKeys) => (keys.publicKey || keys.jwks ? 'HS256 or RS256' : 'HS256 only');

/**
 * Tokens already verified with a key set, by their whole text (signature
 * included), until they expire. A department system sends the same token
 * with every request for hours; verifying it each time (an HMAC through
 * WebCrypto, and jose's checks) was ~3 % of the hub's CPU on the household
 * query (`npm run bench:peer`). Only a token that passed every check is kept,
 * and a kept one is still refused once `exp` (with the clock skew jose
 * allows) has passed: it then goes through jwtVerify again, which says why.
 * Bounded, and per key set, so another secret never answers from this cache.
 */
const VERIFIED_TOKENS = 10_000;
const verified = new WeakMap<TokenKeys, LRUCache<string, { caller: Readonly<Caller>; exp: number }>>();

function verifiedCache(keys: TokenKeys) {
  let cache = verified.get(keys);
  if (!cache) verified.set(keys, (cache = new LRUCache({ max: VERIFIED_TOKENS })));
  return cache;
}

/** `keys` as a bare string is the HS256 secret alone (not cached: each call is a new key set). */
export async function verifyToken(token: string, keys: TokenKeys | string): Promise<Caller> {
  return (await verifiedToken(token, keys)).caller;
}

/** The token's caller, and its `exp` (seconds since the epoch): until when the token vouches for the caller's claims. */
export async function verifiedToken(token: string, keys: TokenKeys | string): Promise<{ caller: Readonly<Caller>; exp: number }> {
  if (typeof keys === 'string') return verifyAnew(token, { secret: keys });
  const cache = verifiedCache(keys);
  const hit = cache.get(token);
  if (hit && Date.now() / 1000 < hit.exp + CLOCK_SKEW_SECONDS) return hit;
  const { caller, exp } = await verifyAnew(token, keys);
  const kept = { caller: Object.freeze(caller), exp };
  cache.set(token, kept);
  return kept;
}

async function verifyAnew(token: string, keySet: TokenKeys): Promise<{ caller: Caller; exp: number }> {
  const { alg, key } = keyForAlgorithm(token, keySet);
  let payload: JWTPayload;
  const options = { algorithms: [alg], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, requiredClaims: ['exp', 'iat', 'sub'], clockTolerance: CLOCK_SKEW_SECONDS };
  try {
    ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
  } catch (error) {
    throw translateJoseError(error);
  }
  // A token "issued" in the future could otherwise live far longer than 24 hours from now.
  if ((payload.iat as number) > Math.floor(Date.now() / 1000) + CLOCK_SKEW_SECONDS) {
    throw new TokenError('TOKEN_NOT_YET_VALID', 'token is issued in the future');
  }
  if ((payload.exp as number) - (payload.iat as number) > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new TokenError('TOKEN_LIFETIME_TOO_LONG', 'token lifetime (exp - iat) is over 24 hours');
  }
  return { caller: callerFromClaims(payload), exp: payload.exp as number };
}

function callerFromClaims(payload: JWTPayload): Caller {
  if (!isRole(payload.role)) throw new TokenError('TOKEN_UNKNOWN_ROLE', 'token role is not a known role');
  // Each claim alone and the claims together (ACCESS.md v2): src/access/claims.ts.
  const problem = checkClaims(payload);
  if (problem) throw new TokenError('TOKEN_BAD_CLAIM', `token ${describeClaimProblem(problem)}`);
  return {
    sub: payload.sub as string,
    role: payload.role,
    department: (payload.department ?? null) as Department | null,
    regions: (payload.regions ?? []) as string[],
    org: typeof payload.org === 'string' ? payload.org : null,
    purpose: typeof payload.purpose === 'string' && payload.purpose.trim() ? payload.purpose : null,
  };
}

function translateJoseError(error: unknown): TokenError {
  if (error instanceof errors.JWTExpired) return new TokenError('TOKEN_EXPIRED', 'token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return new TokenError('TOKEN_WRONG_ISSUER', 'token issuer is not assist-hub');
      case 'aud':
        return new TokenError('TOKEN_WRONG_AUDIENCE', 'token audience is not assist-hub');
      case 'nbf':
        return new TokenError('TOKEN_NOT_YET_VALID', 'token is not valid yet');
      default:
        return error.reason === 'missing'
          ? new TokenError('TOKEN_MISSING_CLAIM', `token has no ${error.claim} claim`)
          : new TokenError('TOKEN_BAD_CLAIM', `token ${error.claim} claim is invalid`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenError('TOKEN_ALG_NOT_ALLOWED', 'token algorithm is not allowed');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenError('TOKEN_BAD_SIGNATURE', 'token signature is invalid');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenError('TOKEN_BAD_SIGNATURE', 'no single key of the configured JWKS matches the token (kid)');
  }
  if (error instanceof errors.JWKSTimeout) {
    return new TokenError('TOKEN_KEYS_UNAVAILABLE', 'the JWKS that verifies RS256 tokens could not be fetched in time');
  }
  return new TokenError('TOKEN_MALFORMED', 'token is not a well-formed JWT');
}

export interface TokenClaims {
  sub: string;
  role: Role;
  department?: Department;
  regions?: string[];
  org?: string;
  purpose?: string;
}

/** Refuses (TOKEN_BAD_CLAIM) to sign claims the hub would refuse: a token is never minted only to be turned away. */
export async function mintToken(claims: TokenClaims, secret: string, lifetimeSeconds = 8 * 3600): Promise<string> {
  const problem = checkClaims(claims);
  if (problem) throw new TokenError('TOKEN_BAD_CLAIM', `cannot mint this token: ${describeClaimProblem(problem)}`);
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
    .sign(secretKey(secret));
}
