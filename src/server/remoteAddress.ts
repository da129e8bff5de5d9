// The remote address of the HTTP request being answered, for what keys on it
// (the rate limit of anonymous callers). Kept in async-local storage so the
// Apollo plugins can read it without it being part of every resolver's context.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

const remoteAddresses = new AsyncLocalStorage<string>();

/** Mount after the body parser: the parser's stream callbacks would lose the async context. */
export const rememberRemoteAddress: RequestHandler = (req, _res, next) => {
  remoteAddresses.run(req.ip ?? req.socket.remoteAddress ?? 'unknown', next);
};

/** The address of the request this code runs for; 'unknown' outside one. */
export function currentRemoteAddress(): string {
  return remoteAddresses.getStore() ?? 'unknown';
}
