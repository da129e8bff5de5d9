// The charity pre-check's bound (ACCESS.md v2, Checks before paying): each
// organisation may ask about at most N distinct persons in any hour (sliding),
// so that the yes/no cannot be used to sweep a population. Asking again about
// a person already counted in the last hour uses no budget.
//
// The state is the table pre_check_use (one row per organisation and person,
// with when it was last asked), so several hub replicas share one budget. It
// is read and written in the transaction that answers, under a transaction
// advisory lock per organisation: two questions of one organisation are
// counted one after the other, and never both take the last slot.
import { GraphQLError } from 'graphql';
import { Prisma } from '../../db/client/prisma/client';
import type { HubConfig } from '../../lib/config';

/** The sliding window: one hour (the SQL below says `interval '1 hour'`). */
const WINDOW_SECONDS = 3600;

/** The bound in force (HUB_PRE_CHECK_PERSONS_PER_HOUR, read by src/lib/config.ts). */
export function preCheckLimitOf(config: HubConfig): number {
  return config.preCheckPersonsPerHour;
}

/**
 * Two-key advisory locks (class, object) live in a key space of their own, so
 * these never meet the single-key locks of the audit log or the rule store.
 */
const LOCK_CLASS = 'pre_check_use';

/**
 * One statement: forget this organisation's rows older than an hour (but the
 * asked person's own, which the upsert below may touch), count the distinct
 * persons it asked about in the last hour, and count this person when they
 * are already counted or a slot is free. The CTEs share one snapshot, so the
 * count ignores the deletion, and filters on the hour itself.
 */
const COUNT_QUESTION = (org: string, personKey: string, limit: number) => Prisma.sql`
WITH expired AS (
  DELETE FROM pre_check_use
   WHERE org = ${org}::text AND asked_at <= now() - interval '1 hour' AND person_key <> ${personKey}::text
),
used AS (
  SELECT count(*)::int AS persons,
         coalesce(bool_or(person_key = ${personKey}::text), false) AS counted,
         min(asked_at) AS oldest
    FROM pre_check_use
   WHERE org = ${org}::text AND asked_at > now() - interval '1 hour'
),
taken AS (
  INSERT INTO pre_check_use (org, person_key, asked_at)
  SELECT ${org}::text, ${personKey}::text, now() FROM used WHERE used.counted OR used.persons < ${limit}::int
  ON CONFLICT (org, person_key) DO UPDATE SET asked_at = excluded.asked_at
  RETURNING 1
)
SELECT (SELECT count(*)::int FROM taken) AS admitted,
       greatest(1, ceil(extract(epoch FROM used.oldest + interval '1 hour' - now())))::int AS retry_after_seconds,
       used.oldest + interval '1 hour' AS frees_at
  FROM used`;

export type PreCheckCount = { admitted: true } | { admitted: false; retryAfterSeconds: number; retryAt: string };

/**
 * Counts a question of `org` about `personKey` against the bound, in `tx`
 * (the answering transaction): two statements, the lock and the count.
 */
export async function countPreCheck(tx: Prisma.TransactionClient, org: string, personKey: string, limit: number): Promise<PreCheckCount> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${LOCK_CLASS}::text), hashtext(${org}::text))`);
  const [row] = await tx.$queryRaw<{ admitted: number; retry_after_seconds: number | null; frees_at: Date | null }[]>(
    COUNT_QUESTION(org, personKey, limit),
  );
  if (!row) throw new Error('pre-check count returned no row');
  if (row.admitted > 0) return { admitted: true };
  // Refused: the hour holds `limit` persons, so it has an oldest question.
  const retryAfterSeconds = row.retry_after_seconds ?? WINDOW_SECONDS;
  // To the whole second, rounded up: at that time the slot is free.
  const freesAt = row.frees_at?.getTime() ?? Date.now() + retryAfterSeconds * 1000;
  const retryAt = new Date(Math.ceil(freesAt / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return { admitted: false, retryAfterSeconds, retryAt };
}

/**
 * The refusal over the bound: RATE_LIMITED, reason PRE_CHECK_LIMIT, naming the
 * bound and when a slot frees (the oldest counted question turns an hour old).
 * It says nothing about the person asked about: it is decided before anything
 * about them is read, and reads the same for a registered or unknown ID number.
 */
export function preCheckLimitReached(limit: number, count: Extract<PreCheckCount, { admitted: false }>): GraphQLError {
  return new GraphQLError(
    `pre-check limit reached: your organisation may ask about at most ${limit} distinct ${limit === 1 ? 'person' : 'persons'} per hour; ` +
      `persons asked about in the last hour may be asked about again; a new person after ${count.retryAt}`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        reason: 'PRE_CHECK_LIMIT',
        limit,
        windowSeconds: WINDOW_SECONDS,
        retryAfterSeconds: count.retryAfterSeconds,
        retryAt: count.retryAt,
      },
    },
  );
}
