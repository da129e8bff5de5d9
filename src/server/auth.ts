// Who is calling. The gateway (and the one-process hub) reads the
// Authorization header: a bearer JWT or an API key. No header: anonymous (the
// rules then refuse nearly everything). A subgraph served alone reads the
// identity the hub's own gateway signed (src/access/forwarding.ts) when one is
// sent, and otherwise the Authorization header as any standard Federation
// gateway (Hive Gateway, Apollo Router) forwards it, verified with the same
// keys as the gateway's. Any failure is refused outright, HTTP 401, with a
// code saying what is wrong.
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import type { PrismaClient } from '../db/client/prisma/client';
import { ApiKeyError, callerFromApiKey, looksLikeApiKey } from '../access/apiKeys';
import { IDENTITY_HEADER, IDENTITY_SIGNATURE_HEADER, IdentityError, verifyIdentity } from '../access/forwarding';
import type { Caller } from '../access/callers';
import { TokenError, verifiedToken, type TokenKeys } from '../access/tokens';

/** Where a server takes its callers from. */
export type CallerSource =
  /** The gateway: Authorization, never a caller-sent x-hub-identity. */
  | { kind: 'bearer' }
  /**
   * A subgraph served alone: the hub gateway's signed identity when one is
   * sent (refused without a forwarding secret to check it with), else
   * Authorization.
   */
  | { kind: 'subgraph'; secret: string | null };

export interface Authenticated {
  caller: Caller | null;
  /** Until when the credential vouches for the caller's claims (HubContext.callerUntil). */
  until?: number | null;
  /** The caller came signed by the hub's gateway, which has charged the operation's cost already. */
  signed?: boolean;
  /** The gateway's request id, when it came inside a signed identity. */
  requestId?: string;
  /** The caller's own x-request-id the gateway kept, when it came inside a signed identity. */
  callerRequestId?: string | null;
}

export async function authenticate(
  headers: IncomingHttpHeaders,
  source: CallerSource,
  deps: { prisma: PrismaClient; keys: TokenKeys },
): Promise<Authenticated> {
  if (source.kind === 'subgraph' && (headers[IDENTITY_HEADER] !== undefined || headers[IDENTITY_SIGNATURE_HEADER] !== undefined)) {
    if (!source.secret) throw unauthenticated('IDENTITY_NOT_ACCEPTED', 'this subgraph has no forwarding secret to check a signed identity with: send Authorization');
    return forwardedCaller(headers, source.secret);
  }
  return callerFromAuthorization(headers.authorization, deps);
}

export async function callerFromAuthorization(
  header: string | undefined,
  { prisma, keys }: { prisma: PrismaClient; keys: TokenKeys },
): Promise<Authenticated> {
  if (!header) return { caller: null, until: null };
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('TOKEN_MALFORMED', 'Authorization header must be "Bearer <token>"');
  const credential = match[1]!;
  try {
    if (looksLikeApiKey(credential)) return { caller: await callerFromApiKey(prisma, credential), until: null };
    const { caller, exp } = await verifiedToken(credential, keys);
    return { caller, until: exp };
  } catch (error) {
    if (error instanceof TokenError || error instanceof ApiKeyError) throw unauthenticated(error.failure, error.message);
    throw error;
  }
}

function forwardedCaller(headers: IncomingHttpHeaders, secret: string): Authenticated {
  try {
    const identity = verifyIdentity(single(headers[IDENTITY_HEADER]), single(headers[IDENTITY_SIGNATURE_HEADER]), secret);
    return { caller: identity.caller, until: identity.until ?? null, signed: true, requestId: identity.requestId, callerRequestId: identity.callerRequestId ?? null };
  } catch (error) {
    if (error instanceof IdentityError) throw unauthenticated(error.failure, error.message);
    throw error;
  }
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

function unauthenticated(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401 } },
  });
}
