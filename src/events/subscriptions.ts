// What a subscription narrows its events to, and who it reads as. The
// caller's claims are kept on the subscription when it is made, so that each
// event is held to what that caller may read (src/events/dispatch.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Caller } from '../access/callers';
import type { Capability } from '../access/permissions';
import type { EventFormat, EventKind, EventSubscription } from '../db/client/prisma/client';

/** A subscription's own narrowing, on top of what its caller may read. */
export interface EventFilter {
  /** Region-code prefixes: an event in none of them is not sent. */
  regionCodes?: string[];
  /** Programs (DIBAO, EDU_GRANT, …): an enrollment or referral event of another program is not sent. */
  programs?: string[];
}

const codes = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const filterShape = z
  .object({
    regionCodes: codes.optional(),
    region_code: codes.optional(),
    location: codes.optional(),
    programs: codes.optional(),
    program: codes.optional(),
  })
  .passthrough();

/**
 * A filter from what a subscriber sent: `regionCodes` / `region_code` /
 * `location` and `programs` / `program`, a value or a list. Anything else in
 * it narrows nothing.
 */
export function eventFilterOf(raw: unknown): EventFilter {
  const parsed = filterShape.safeParse(raw ?? {});
  if (!parsed.success) return {};
  const { regionCodes, region_code, location, programs, program } = parsed.data;
  const regions = regionCodes ?? region_code ?? location;
  const wanted = programs ?? program;
  return { ...(regions ? { regionCodes: regions } : {}), ...(wanted ? { programs: wanted.map((p) => p.toUpperCase()) } : {}) };
}

/** Does an event pass the subscription's own filter? */
export function passesFilter(filter: EventFilter, event: { regionCodes: string[]; payload: Record<string, unknown> }): boolean {
  if (filter.regionCodes && !event.regionCodes.some((code) => filter.regionCodes!.some((prefix) => code.startsWith(prefix)))) return false;
  const program = event.payload.program;
  if (filter.programs && typeof program === 'string' && !filter.programs.includes(program)) return false;
  return true;
}

/** What a new subscription is for; the rest of its row is its caller's. */
export interface SubscriptionWanted {
  kind: EventKind;
  format: EventFormat;
  filter: EventFilter;
  notifyUri: string;
  /** DCI only. */
  senderId?: string;
  registry?: string;
}

/** What vouched for a new subscription's caller. */
export interface Credential {
  /** A token's exp (seconds since the epoch); null for an API key. */
  until: number | null;
  /** The caller is an API key, called with the key itself or with a hub token issued for it (DCI's client credentials). */
  apiKeyCaller: boolean;
}

/**
 * The row of a new subscription: a fresh code, its caller's claims kept to
 * hold each event to, and when it ends (subscriptionExpiry).
 */
export function subscriptionRow(caller: Caller, wanted: SubscriptionWanted, credential: Credential) {
  const { sub, role, department, regions, org, purpose } = caller;
  return {
    code: `sub_${randomUUID()}`,
    callerSub: sub,
    role,
    department,
    regions,
    org,
    purpose,
    ...wanted,
    filter: wanted.filter as object,
    expiresAt: subscriptionExpiry(credential),
  };
}

/**
 * Until when a subscription is sent events: while the credential that made
 * it vouches for its caller's claims. A token's claims end with it
 * (ACCESS.md), so its subscriptions end at its exp. An API key's (or a token
 * issued for one) have no end of their own: every dispatch holds them to the
 * key's revocation and expiry.
 */
export function subscriptionExpiry({ until, apiKeyCaller }: Credential): Date | null {
  return until === null || apiKeyCaller ? null : new Date(until * 1000);
}

/**
 * The SQL condition on a subscription aliased `s` that it is still to be
 * sent events now: not cancelled, its token not expired, its API key neither
 * revoked nor expired. Dispatch and every try of a delivery ask it.
 */
export const STILL_SUBSCRIBED = `s.active AND (s.expires_at IS NULL OR s.expires_at > now())
   AND NOT EXISTS (SELECT 1 FROM api_key k WHERE k.id = s.caller_sub AND (k.revoked_at IS NOT NULL OR k.expires_at <= now()))`;

/** The caller a subscription reads as. */
export function subscriberOf(subscription: Pick<EventSubscription, 'callerSub' | 'role' | 'department' | 'regions' | 'org' | 'purpose'>): Caller {
  return {
    sub: subscription.callerSub,
    role: subscription.role as Caller['role'],
    department: subscription.department,
    regions: subscription.regions,
    org: subscription.org,
    purpose: subscription.purpose,
  };
}

/**
 * The capability a caller needs to read each kind's subject at all (src/access/permissions.ts):
 * a subscription to a kind whose subjects its caller could never read is refused when it is made.
 */
export const SUBJECT_CAPABILITY: Record<EventKind, Capability> = {
  DEATH: 'readRegistry',
  ENROLLMENT_STATUS_CHANGE: 'readRecords',
  FINDING: 'readFindings',
  REFERRAL: 'readReferrals',
};

/**
 * Why events may not be POSTed to `url`, or null when they may: the rule of
 * DCI callbacks (callbackTarget in src/dci/callbacks.ts). https, or http only
 * outside production; with callback origins registered (ApiKey.callbackOrigins)
 * the URL's origin must be one of them; with none, any URL outside production
 * and none in production.
 */
export function callbackUrlProblem(url: string, origins: readonly string[], production: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL, e.g. https://mca.example.gov.cn/hub/events';
  }
  if (parsed.protocol !== 'https:' && (production || parsed.protocol !== 'http:')) return `must be ${production ? 'https' : 'http or https'}`;
  if (origins.length === 0) {
    return production ? 'you have no registered callback origins (an administrator sets them on your API key)' : null;
  }
  return origins.includes(parsed.origin) ? null : `${parsed.origin} is not one of your registered callback origins`;
}
