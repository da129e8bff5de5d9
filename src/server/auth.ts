// Turns a request's Authorization header into a caller. No header: anonymous
// (the rules then refuse nearly everything). A bad token: refused outright with
// a code saying what is wrong with it.
import { GraphQLError } from 'graphql';
import type { Caller } from '../lib/auth/roles';
import { TokenError, verifyToken } from '../lib/auth/tokens';

export async function callerFromAuthorization(header: string | undefined, jwtSecret: string): Promise<Caller | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('TOKEN_MALFORMED', 'Authorization header must be "Bearer <token>"');
  try {
    return await verifyToken(match[1]!, jwtSecret);
  } catch (error) {
    if (error instanceof TokenError) throw unauthenticated(error.failure, error.message);
    throw error;
  }
}

function unauthenticated(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401 } },
  });
}
