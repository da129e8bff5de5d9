// Calling a subgraph served alone the way the gateway does: with a caller
// identity signed under the hub's forwarding secret (src/access/forwarding.ts).
import { randomUUID } from 'node:crypto';
import { identityHeaders } from '../../src/access/forwarding';
import type { Caller } from '../../src/access/callers';
import type { HubConfig } from '../../src/lib/config';

export type CallerClaims = Partial<Caller> & Pick<Caller, 'role'>;

export function callerOf(claims: CallerClaims): Caller {
  return { sub: 'test-user', department: null, regions: ['51'], org: null, purpose: null, ...claims };
}

/** Headers the gateway would send for this caller; `now` signs as of another time (stale identities). */
export function signedIdentityHeaders(config: HubConfig, claims: CallerClaims, now = Date.now()): Record<string, string> {
  if (!config.forwardingSecret) throw new Error('this configuration has no forwarding secret');
  return identityHeaders(callerOf(claims), randomUUID(), config.forwardingSecret, now);
}
