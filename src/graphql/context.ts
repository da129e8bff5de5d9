// What every resolver of every subgraph receives. In one-process mode the
// gateway builds it and LocalGraphQLDataSource hands the same object to each
// subgraph; a subgraph served alone builds its own from the same function.
import type { PrismaClient } from '../db/client/prisma/client';
import type { Caller } from '../access/callers';
import type { HubConfig } from '../lib/config';
import { AuditCollector } from '../audit/collector';

export interface HubContext {
  prisma: PrismaClient;
  config: HubConfig;
  /** null for anonymous callers; the permissions deny them almost everything. */
  caller: Caller | null;
  /** The caller came signed by the hub's gateway, which has charged the operation (src/server/rateLimit.ts). */
  chargedUpstream?: boolean;
  /** The hub's own id of this request (never chosen by the caller). */
  requestId: string;
  /** The caller's x-request-id, when well formed: its reference, kept beside requestId in audit entries. */
  callerRequestId?: string | null;
  /**
   * Until when (seconds since the epoch) the caller's credential vouches for
   * its claims: a token's exp; null for an API key (checked for revocation and
   * expiry wherever its claims are kept) and for anonymous callers.
   */
  callerUntil?: number | null;
  /** The address the HTTP request came from (the rate limit keys anonymous callers on it). */
  remoteAddress?: string;
  /** Per-request cache of DataLoaders, keyed by loader name; never shared between requests. */
  loaders: Map<string, unknown>;
  /** Personal details this request revealed, written to the audit log with the response. */
  audit: AuditCollector;
}

export function createContext(fields: Omit<HubContext, 'loaders' | 'audit'>): HubContext {
  return { ...fields, loaders: new Map(), audit: new AuditCollector() };
}

/** Returns this request's instance of a loader, creating it on first use. */
export function loaderFor<T>(ctx: HubContext, name: string, create: () => T): T {
  let loader = ctx.loaders.get(name) as T | undefined;
  if (!loader) {
    loader = create();
    ctx.loaders.set(name, loader);
  }
  return loader;
}
