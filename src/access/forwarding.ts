// The caller identity a gateway forwards to a remote subgraph. The gateway has
// already authenticated the caller (token or API key); it sends the resulting
// caller, the request id and the time, signed with HMAC-SHA256 under
// HUB_FORWARDING_SECRET. A subgraph served alone believes nothing else: not
// the Authorization header, not an unsigned or stale identity. So reaching a
// subgraph directly gives no more than going through the gateway, and an API
// key needs no database lookup in the subgraph.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { checkClaims, describeClaimProblem } from './claims';
import { DEPARTMENTS, ROLES, type Caller } from './callers';

export const IDENTITY_HEADER = 'x-hub-identity';
export const IDENTITY_SIGNATURE_HEADER = 'x-hub-identity-signature';
/** An identity is good for one request: long enough for a slow query plan, too short to reuse much later. */
export const IDENTITY_MAX_AGE_SECONDS = 60;
/** Gateway and subgraph clocks may disagree a little; whole seconds round too. */
const FUTURE_TOLERANCE_SECONDS = 5;

/** TOKEN_BAD_CLAIM: signed, but its claims do not agree (ACCESS.md v2), refused as for a token or key. */
export type IdentityFailure = 'IDENTITY_UNSIGNED' | 'IDENTITY_BAD_SIGNATURE' | 'IDENTITY_EXPIRED' | 'IDENTITY_MALFORMED' | 'TOKEN_BAD_CLAIM';

export class IdentityError extends Error {
  constructor(
    readonly failure: IdentityFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface ForwardedIdentity {
  caller: Caller;
  /** The gateway's own request id: the subgraph's audit entries carry it. */
  requestId: string;
  /** The x-request-id the caller sent the gateway, if valid: kept beside the request id, never in its place. */
  callerRequestId?: string | null;
  /** Seconds since the epoch when the gateway signed it. */
  iat: number;
  /** Until when the caller's credential vouches for its claims (a token's exp); null or absent for an API key. */
  until?: number | null;
}

/** A request id, the hub's or a caller's (x-request-id): 8-64 letters, digits and dashes. */
export const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

const identitySchema = z.strictObject({
  caller: z.strictObject({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    department: z.enum(DEPARTMENTS).nullable(),
    regions: z.array(z.string().regex(/^\d{2,6}$/)),
    org: z.string().nullable(),
    purpose: z.string().nullable(),
  }),
  requestId: z.string().regex(REQUEST_ID),
  callerRequestId: z.string().regex(REQUEST_ID).nullish(),
  iat: z.number().int(),
  until: z.number().int().nullish(),
});

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** The two headers a gateway sends with every request to a remote subgraph. */
export function identityHeaders(
  caller: Caller,
  requestId: string,
  secret: string,
  now = Date.now(),
  callerRequestId: string | null = null,
  until: number | null = null,
): Record<string, string> {
  const identity: ForwardedIdentity = {
    caller,
    requestId,
    ...(callerRequestId ? { callerRequestId } : {}),
    iat: Math.floor(now / 1000),
    ...(until !== null ? { until } : {}),
  };
  const payload = Buffer.from(JSON.stringify(identity), 'utf8').toString('base64url');
  return { [IDENTITY_HEADER]: payload, [IDENTITY_SIGNATURE_HEADER]: sign(payload, secret) };
}

/**
 * Checks the signature before reading anything out of the payload, so an
 * unsigned payload is never parsed.
 */
export function verifyIdentity(
  payload: string | undefined,
  signature: string | undefined,
  secret: string,
  now = Date.now(),
): ForwardedIdentity {
  if (!payload || !signature) {
    throw new IdentityError('IDENTITY_UNSIGNED', `a signed caller identity (${IDENTITY_HEADER} and ${IDENTITY_SIGNATURE_HEADER}) is required`);
  }
  if (!BASE64URL.test(payload) || !SIGNATURE.test(signature)) {
    throw new IdentityError('IDENTITY_MALFORMED', 'caller identity headers are not base64url of the expected length');
  }
  if (!timingSafeEqual(Buffer.from(sign(payload, secret)), Buffer.from(signature))) {
    throw new IdentityError('IDENTITY_BAD_SIGNATURE', 'caller identity signature is invalid');
  }
  const identity = parseIdentity(payload);
  const age = Math.floor(now / 1000) - identity.iat;
  if (age > IDENTITY_MAX_AGE_SECONDS || age < -FUTURE_TOLERANCE_SECONDS) {
    throw new IdentityError('IDENTITY_EXPIRED', `caller identity is older than ${IDENTITY_MAX_AGE_SECONDS} s or dated in the future`);
  }
  // A gateway checks the claims it forwards; a subgraph checks them again rather than trust that it did.
  const problem = checkClaims(identity.caller);
  if (problem) throw new IdentityError('TOKEN_BAD_CLAIM', `caller identity ${describeClaimProblem(problem)}`);
  return identity;
}

function parseIdentity(payload: string): ForwardedIdentity {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new IdentityError('IDENTITY_MALFORMED', 'caller identity is not JSON');
  }
  const parsed = identitySchema.safeParse(decoded);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || '(identity)';
    throw new IdentityError('IDENTITY_MALFORMED', `caller identity field ${field} is invalid`);
  }
  return parsed.data;
}
