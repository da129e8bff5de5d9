// Sending one delivery: its event, rendered in its subscription's format,
// POSTed to the subscriber with the delivery's idempotency key (the same on
// every try, so a subscriber that got it twice knows). A failed try is
// counted and thrown for the queue to retry; the last one leaves the
// delivery DEAD, for its subscriber to see and replay. A try of an event that
// reveals health is audited before it goes, as a GraphQL read of it would be.
import { appendAudit } from '../audit/log';
import type { EventDelivery, EventFormat, EventSubscription, HubEvent, PrismaClient } from '../db/client/prisma/client';
import { postJson } from '../lib/http';
import type { HubSigner } from '../lib/signing';
import { STILL_SUBSCRIBED, subscriberOf } from './subscriptions';

/** How long one try may take. */
const TRY_TIMEOUT_MS = 10_000;

export type DeliveryOf = EventDelivery & { event: HubEvent; subscription: EventSubscription };

export interface Rendered {
  body: string;
  headers: Record<string, string>;
}

/** How each format writes an event: WEBHOOK here, DCI by the DCI facade (src/dci/notify.ts). */
export type Renderers = Record<EventFormat, (delivery: DeliveryOf) => Promise<Rendered>>;

export class DeliveryFailed extends Error {}

/** The hub's own event JSON, its signature (a detached JWS of the body) in a header. */
export function webhookRenderer(signer: HubSigner) {
  return async (delivery: DeliveryOf): Promise<Rendered> => {
    const { event } = delivery;
    const body = JSON.stringify({
      idempotencyKey: delivery.idempotencyKey,
      subscription: delivery.subscriptionCode,
      event: {
        id: event.id.toString(),
        kind: event.kind,
        subject: event.subject,
        personKey: event.personKey,
        householdSourceId: event.householdSourceId,
        regionCodes: event.regionCodes,
        departments: event.departments,
        occurredAt: event.occurredAt.toISOString(),
        ...(event.payload as object),
      },
    });
    return { body, headers: { 'x-hub-signature': await signer.signBody(body) } };
  };
}

/**
 * Sends delivery `id` once. Already delivered, or its subscription no longer
 * to be sent anything (cancelled, its token expired, its API key revoked or
 * expired since the delivery was made): nothing to do, and it stays PENDING.
 * `lastTry`: a failure leaves it DEAD instead of throwing.
 */
export async function deliver(prisma: PrismaClient, id: bigint, render: Renderers, lastTry: boolean): Promise<void> {
  const delivery = await prisma.eventDelivery.findUnique({ where: { id }, include: { event: true, subscription: true } });
  if (!delivery || delivery.status === 'DELIVERED' || !(await stillSubscribed(prisma, delivery.subscriptionCode))) return;
  await auditIfRevealing(prisma, delivery);
  const { body, headers } = await render[delivery.subscription.format](delivery);
  const problem = await postJson(delivery.subscription.notifyUri, body, { ...headers, 'idempotency-key': delivery.idempotencyKey }, TRY_TIMEOUT_MS);
  const attempts = { increment: 1 };
  if (!problem) {
    await prisma.eventDelivery.update({ where: { id }, data: { status: 'DELIVERED', deliveredAt: new Date(), attempts, lastError: null } });
    return;
  }
  await prisma.eventDelivery.update({ where: { id }, data: { attempts, lastError: problem, ...(lastTry ? { status: 'DEAD' } : {}) } });
  if (!lastTry) throw new DeliveryFailed(problem);
}

/**
 * An event about a health-revealing subject (EventDelivery.revealsHealth,
 * decided at dispatch) is a read of that person's details by the subscriber
 * (ACCESS.md "Personal data"): one audit entry per try, under the delivery's
 * idempotency key as its request id, durable before the try is sent (a
 * failure to write it fails the try, which is retried).
 */
async function auditIfRevealing(prisma: PrismaClient, { revealsHealth, idempotencyKey, event, subscription }: DeliveryOf): Promise<void> {
  if (!revealsHealth) return;
  const subject = event.personKey ? { personKey: event.personKey } : event.householdSourceId ? { householdSourceId: event.householdSourceId } : null;
  if (!subject) return;
  await appendAudit(prisma, subscriberOf(subscription), idempotencyKey, [{ subject, fields: [`Event.${event.kind}`] }]);
}

async function stillSubscribed(prisma: PrismaClient, code: string): Promise<boolean> {
  const rows = await prisma.$queryRawUnsafe<{ code: string }[]>(`SELECT s.code FROM event_subscription s WHERE s.code = $1 AND ${STILL_SUBSCRIBED}`, code);
  return rows.length > 0;
}
