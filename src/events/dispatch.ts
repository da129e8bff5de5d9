// The dispatcher: takes the outbox's undispatched events in order, a batch
// at a time, and makes one delivery per event and subscription whose caller
// may read the event's subject now (the same row rules as every GraphQL
// read, rendered to SQL) and whose own filter it passes. Batches are claimed
// with FOR UPDATE SKIP LOCKED, so replicas dispatch side by side, each event
// once. Plain SQL (src/db/sql.ts): an idle poll is one cheap statement.
import { Prisma, type EventKind } from '../db/client/prisma/client';
import type { SqlExecutor, SqlRunner } from '../db/sql';
import type { Caller } from '../access/callers';
import { referralHiddenByFinding, sqlWhere } from '../access/filters';
import { toSql } from '../access/condition';
import { FINDING_REVEALS_HEALTH, RECORD_REVEALS_HEALTH, REFERRAL_REVEALS_HEALTH } from '../access/sensitivity';
import { eventFilterOf, passesFilter, STILL_SUBSCRIBED, subscriberOf } from './subscriptions';

export interface OutboxEvent {
  id: string;
  kind: EventKind;
  occurredAt: Date;
  subject: string;
  regionCodes: string[];
  payload: Record<string, unknown>;
}

interface SubscriptionRow {
  code: string;
  kind: EventKind;
  callerSub: string;
  role: string;
  department: Caller['department'];
  regions: string[];
  org: string | null;
  purpose: string | null;
  filter: unknown;
  createdAt: Date;
}

const CLAIM = `
SELECT id::text AS id, kind::text AS kind, occurred_at AS "occurredAt", subject, region_codes AS "regionCodes", payload
  FROM hub_event WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`;

// A subscription whose token has expired, or of an API key that has since been revoked or has expired, reads nothing.
const SUBSCRIPTIONS = `
SELECT s.code, s.kind::text AS kind, s.caller_sub AS "callerSub", s.role, s.department::text AS department, s.regions, s.org,
       s.purpose, s.filter, s.created_at AS "createdAt"
  FROM event_subscription s
 WHERE s.kind::text = ANY($1::text[]) AND ${STILL_SUBSCRIBED}`;

/** Dispatches one batch: the ids of the deliveries it made (queued by src/events/queue.ts), [] when there was nothing to dispatch. */
export async function dispatchBatch(sql: SqlExecutor, batchSize: number): Promise<string[]> {
  return sql.transaction(async (tx) => {
    const events = await tx.query<OutboxEvent>(CLAIM, [batchSize]);
    if (events.length === 0) return [];
    const kinds = [...new Set(events.map((e) => e.kind))];
    const subscriptions = await tx.query<SubscriptionRow>(SUBSCRIPTIONS, [kinds]);
    const pairs: Array<[event: string, subscription: string, revealsHealth: boolean]> = [];
    for (const subscription of subscriptions) {
      // A subscription is told of what happens from its making on.
      const mine = events.filter(
        (e) => e.kind === subscription.kind && new Date(e.occurredAt) >= new Date(subscription.createdAt) && passesFilter(eventFilterOf(subscription.filter), e),
      );
      const readable = await readableSubjects(tx, subscriberOf(subscription), subscription.kind, mine.map((e) => e.subject));
      for (const event of mine) {
        const revealsHealth = readable.get(event.subject);
        if (revealsHealth !== undefined) pairs.push([event.id, subscription.code, revealsHealth]);
      }
    }
    const made = pairs.length
      ? await tx.query<{ id: string }>(
          `INSERT INTO event_delivery (event_id, subscription_code, idempotency_key, reveals_health)
           SELECT e, s, e::text || '.' || s, h FROM unnest($1::bigint[], $2::text[], $3::boolean[]) AS p(e, s, h)
           ON CONFLICT DO NOTHING RETURNING id::text AS id`,
          [pairs.map(([e]) => e), pairs.map(([, s]) => s), pairs.map(([, , h]) => h)],
        )
      : [];
    await tx.query('UPDATE hub_event SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [events.map((e) => e.id)]);
    return made.map((d) => d.id);
  });
}

/**
 * Of `subjects`, those the caller may read now, asked with the row rule of
 * the subject's entity, each with whether it reveals health (by the same
 * conditions that hide it from a caller without a purpose).
 */
async function readableSubjects(tx: SqlRunner, caller: Caller, kind: EventKind, subjects: string[]): Promise<Map<string, boolean>> {
  if (subjects.length === 0) return new Map();
  const query = READABLE[kind](caller, [...new Set(subjects)]);
  const rows = await tx.query<{ subject: string; revealsHealth: boolean }>(query.text, query.values);
  return new Map(rows.map((r) => [r.subject, r.revealsHealth]));
}

const READABLE: Record<EventKind, (caller: Caller, subjects: string[]) => Prisma.Sql> = {
  ENROLLMENT_STATUS_CHANGE: (caller, subjects) => Prisma.sql`
    SELECT r.department::text || ':' || r.source_record_id AS subject, ${toSql(RECORD_REVEALS_HEALTH, 'r')} AS "revealsHealth" FROM assistance_record r
     WHERE r.department::text || ':' || r.source_record_id = ANY(${subjects}::text[]) AND ${sqlWhere(caller, 'record', 'r')}`,
  // A death date is no health detail (GraphQL audits no read of it).
  DEATH: (caller, subjects) => Prisma.sql`
    SELECT p.person_key::text AS subject, FALSE AS "revealsHealth" FROM person p WHERE p.person_key = ANY(${subjects}::text[]) AND ${sqlWhere(caller, 'person', 'p')}`,
  FINDING: (caller, subjects) => Prisma.sql`
    SELECT f.finding_key AS subject, ${toSql(FINDING_REVEALS_HEALTH, 'f')} AS "revealsHealth" FROM finding f
     WHERE f.finding_key = ANY(${subjects}::text[]) AND ${sqlWhere(caller, 'finding', 'f')}`,
  REFERRAL: (caller, subjects) => Prisma.sql`
    SELECT r.id::text AS subject,
           ${toSql(REFERRAL_REVEALS_HEALTH, 'r')} OR EXISTS (SELECT 1 FROM finding hf WHERE hf.id = r.finding_id AND ${toSql(FINDING_REVEALS_HEALTH, 'hf')}) AS "revealsHealth"
      FROM referral r
     WHERE r.id::text = ANY(${subjects}::text[]) AND ${sqlWhere(caller, 'referral', 'r')}
       AND NOT EXISTS (SELECT 1 FROM finding rf WHERE rf.id = r.finding_id AND ${toSql(referralHiddenByFinding(caller), 'rf')})`,
};
