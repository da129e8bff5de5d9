// Whether an error means the database cannot be reached or did not answer in
// time: the server down or restarting, a connection refused or dropped, a
// connection or statement past the client's timeout. Such an error is an
// outage, answered as one (DATABASE_UNAVAILABLE, HTTP 503), not as a bug.
// The error may come from node-postgres itself or wrapped by Prisma's driver
// adapter; the chain of causes is walked.

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server shutting down or starting). */
const SQLSTATE = /^(08\d{3}|57P0[123])$/;
/** Prisma's own codes: server unreachable, timed out, closed the connection; the pool's wait timed out. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Prisma's driver adapter error kinds. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** node-postgres says these in words only. */
const MESSAGES = /Query read timeout|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/;

export function isDatabaseOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 8) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code) || PRISMA_CODES.has(e.code))) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  return [e.cause, e.originalError, e.meta?.driverAdapterError].some((inner) => inner !== error && isDatabaseOutage(inner, depth + 1));
}
