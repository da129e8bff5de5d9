// The OAuth 2.0 client-credentials token endpoint DCI systems authenticate
// with (RFC 6749 §4.4). A registered client is an API key: client_id is the
// key's id (ahk_…), client_secret the key as issued. The answer is the hub's
// own bearer token carrying the key's claims (role, department, regions,
// purpose), for one hour: the same caller GraphQL sees with that key.
import type { Request, Response } from 'express';
import type { PrismaClient } from '../db/client/prisma/client';
import { ApiKeyError, callerFromApiKey } from '../access/apiKeys';
import { mintToken } from '../access/tokens';

/** A token's life. A revoked key's tokens stop working when they expire, at most this long after. */
export const TOKEN_LIFETIME_SECONDS = 3600;

interface ClientCredentials {
  grantType: unknown;
  clientId: unknown;
  clientSecret: unknown;
  /** The credentials came as HTTP Basic: a refusal then carries WWW-Authenticate (RFC 6749 §5.2). */
  basic: boolean;
}

export function tokenEndpoint(prisma: PrismaClient, secret: string) {
  return async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const credentials = credentialsOf(req);
    if (credentials.grantType !== 'client_credentials') {
      refuse(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
      return;
    }
    const { clientId, clientSecret } = credentials;
    if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || !clientId || !clientSecret) {
      refuse(res, 400, 'invalid_request', 'client_id and client_secret are required (in the form body or as HTTP Basic)');
      return;
    }
    try {
      // The secret is the whole key; it must be the key of the client named.
      if (!clientSecret.startsWith(`${clientId}_`)) throw new ApiKeyError('API_KEY_UNKNOWN', 'client is not known');
      const caller = await callerFromApiKey(prisma, clientSecret);
      const token = await mintToken(
        {
          sub: caller.sub,
          role: caller.role,
          ...(caller.department ? { department: caller.department } : {}),
          regions: caller.regions,
          ...(caller.purpose ? { purpose: caller.purpose } : {}),
        },
        secret,
        TOKEN_LIFETIME_SECONDS,
      );
      res.json({
        access_token: token,
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
      });
    } catch (error) {
      if (!(error instanceof ApiKeyError)) throw error;
      if (credentials.basic) res.setHeader('WWW-Authenticate', 'Basic realm="assist-hub"');
      refuse(res, 401, 'invalid_client', `client authentication failed: ${error.message}`);
    }
  };
}

function credentialsOf(req: Request): ClientCredentials {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    return {
      grantType: body.grant_type,
      clientId: decodeURIComponent(id ?? ''),
      clientSecret: decodeURIComponent(rest.join(':')),
      basic: true,
    };
  }
  return {
    grantType: body.grant_type,
    clientId: body.client_id,
    clientSecret: body.client_secret,
    basic: false,
  };
}

function refuse(res: Response, status: number, error: string, description: string) {
  res.status(status).json({ error, error_description: description });
}
