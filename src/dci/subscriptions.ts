// DCI subscribe and unsubscribe: a department registers for registry events
// (reg_event_type) and gets a subscription code per request item; it ends its
// own subscriptions by code. A subscription belongs to the caller that made
// it: nobody else can see or end it, and it is sent only the events about
// what that caller may read (src/events/dispatch.ts), in the DCI notify shape.
import { z } from 'zod';
import type { EventKind } from '../db/client/prisma/client';
import { can } from '../access/permissions';
import { eventFilterOf, SUBJECT_CAPABILITY, subscriptionRow } from '../events/subscriptions';
import { now } from './envelope';
import type { Call, Outcome, Work } from './router';
import { parseMessage, type ItemOutcome } from './transactions';

/**
 * The event kinds a subscriber may name in reg_event_type (a prefix such as
 * "spdci-common:RegistryEventType:" is allowed and ignored): a person's death
 * registered, a record's enrollment status changed, a finding that involves
 * the subscriber's department, a referral sent to it.
 */
const EVENT_KINDS: Record<string, EventKind> = {
  Death: 'DEATH',
  EnrollmentStatusChange: 'ENROLLMENT_STATUS_CHANGE',
  Finding: 'FINDING',
  Referral: 'REFERRAL',
};
export const EVENT_TYPES = Object.keys(EVENT_KINDS);

/** The reg_event_type the hub names an event kind by (Death, EnrollmentStatusChange, …). */
export function dciEventTypeOf(kind: EventKind): string {
  return EVENT_TYPES.find((type) => EVENT_KINDS[type] === kind)!;
}

/** The event kind a reg_event_type names, in either spelling (Death or DEATH), with or without a prefix. */
export function eventKindOf(name: string): EventKind | null {
  const last = name.split(':').pop()!.toLowerCase().replace(/_/g, '');
  const type = EVENT_TYPES.find((t) => t.toLowerCase() === last);
  return type ? EVENT_KINDS[type]! : null;
}

const subscribeItem = z.object({
  reference_id: z.string().min(1).max(99),
  timestamp: z.iso.datetime({ offset: true }),
  subscribe_criteria: z.object({
    reg_event_type: z.string().min(1),
    filter_type: z.string().optional(),
    filter: z.unknown(),
    notify_record_type: z.string().min(1),
  }),
  locale: z.string().optional(),
});

const subscribeMessage = z.object({
  transaction_id: z.string().min(1).max(99),
  subscribe_request: z.array(subscribeItem).min(1).max(100),
});

/**
 * Where a subscription's notifications go: the subscribe request's
 * sender_uri, with a last path segment `on-subscribe` read as its sibling
 * `notify` (the files' /registry/on-subscribe and /registry/notify).
 */
export function notifyUriOf(senderUri: string): string {
  const url = new URL(senderUri);
  url.pathname = url.pathname.replace(/on-subscribe\/?$/, 'notify');
  return url.href;
}

export function subscribe(call: Call): Work {
  const message = parseMessage(subscribeMessage, call.envelope.message);
  return async () => {
    const items = await Promise.all(message.subscribe_request.map((item) => subscribeOne(call, item)));
    return {
      message: {
        transaction_id: message.transaction_id,
        correlation_id: '',
        subscribe_response: items,
      },
      status: items.every((item) => item.status === 'rjct') ? 'rjct' : 'succ',
      total: items.length,
      completed: items.length,
      items: items.map(({ reference_id, timestamp, status, status_reason_code, status_reason_message }): ItemOutcome => ({
        reference_id,
        timestamp,
        status,
        ...(status_reason_code ? { status_reason_code, status_reason_message } : {}),
      })),
    };
  };
}

/** An item rejected for its reg_event_type. */
function notifyTypeRejected(item: z.infer<typeof subscribeItem>, reason: string) {
  return {
    reference_id: item.reference_id,
    timestamp: now(),
    status: 'rjct' as const,
    status_reason_code: 'rjct.notify_types.invalid',
    status_reason_message: `subscribe_criteria.reg_event_type: ${reason}`,
  };
}

async function subscribeOne(call: Call, item: z.infer<typeof subscribeItem>) {
  const criteria = item.subscribe_criteria;
  const kind = eventKindOf(criteria.reg_event_type);
  if (!kind) return notifyTypeRejected(item, `"${criteria.reg_event_type}" is not an event of this registry; events: ${EVENT_TYPES.join(', ')}`);
  if (!can(call.caller, SUBJECT_CAPABILITY[kind])) {
    return notifyTypeRejected(item, `this caller may not read what "${criteria.reg_event_type}" events are about`);
  }
  const row = await call.prisma.eventSubscription.create({
    data: subscriptionRow(call.caller, {
      kind,
      format: 'DCI',
      filter: eventFilterOf(criteria.filter),
      notifyUri: notifyUriOf(call.envelope.header.sender_uri!),
      senderId: call.envelope.header.sender_id,
      registry: call.registry,
    }, { until: call.until, apiKeyCaller: call.client !== null }),
  });
  return {
    reference_id: item.reference_id,
    timestamp: now(),
    status: 'succ' as const,
    status_reason_code: undefined,
    status_reason_message: undefined,
    subscriptions: [
      {
        code: row.code,
        status: 'subscribe',
        timestamp: row.createdAt.toISOString(),
        reg_event_type: criteria.reg_event_type,
        ...(criteria.filter_type ? { filter_type: criteria.filter_type } : {}),
        notify_record_type: criteria.notify_record_type,
      },
    ],
  };
}

const unsubscribeMessage = z.object({
  transaction_id: z.string().min(1).max(99),
  timestamp: z.iso.datetime({ offset: true }),
  subscription_codes: z.array(z.string().min(1).max(99)).min(1).max(100),
});

/** Ends the caller's subscriptions by code, all or none: a code that is not the caller's, or already ended, rejects the request. */
export function unsubscribe(call: Call): Work {
  const message = parseMessage(unsubscribeMessage, call.envelope.message);
  return () =>
    call.prisma.$transaction(async (tx): Promise<Outcome> => {
      const codes = [...new Set(message.subscription_codes)];
      const rows = await tx.eventSubscription.findMany({ where: { code: { in: codes }, callerSub: call.caller.sub, format: 'DCI' } });
      const unknown = codes.filter((code) => !rows.some((row) => row.code === code));
      const ended = rows.filter((row) => !row.active);
      const base = {
        transaction_id: message.transaction_id,
        correlation_id: '',
        timestamp: now(),
      };
      if (unknown.length > 0 || ended.length > 0) {
        const [code, reason] =
          unknown.length > 0
            ? ['rjct.subscription_code.invalid', `subscription_codes: not a subscription of this caller: ${unknown.join(', ')}`]
            : ['rjct.event.already_unsubscribed', `subscription_codes: already ended: ${ended.map((row) => row.code).join(', ')}`];
        return {
          message: {
            ...base,
            status: 'rjct',
            status_reason_code: code,
            status_reason_message: reason,
          },
          status: 'rjct',
          total: 1,
          completed: 1,
          items: [],
        };
      }
      await tx.eventSubscription.updateMany({ where: { code: { in: codes } }, data: { active: false, endedAt: new Date() } });
      return {
        message: {
          ...base,
          status: 'succ',
          subscription_status: codes.map((code) => ({
            code,
            status: 'unsubscribe',
          })),
        },
        status: 'succ',
        total: 1,
        completed: 1,
        items: [],
      };
    });
}

export function unsubscribeRejected(call: Call, correlationId: string, reason: string): Record<string, unknown> {
  const message = call.envelope.message as { transaction_id?: unknown };
  return {
    transaction_id: message.transaction_id,
    correlation_id: correlationId,
    timestamp: now(),
    status: 'rjct',
    status_reason_message: reason.slice(0, 999),
  };
}
