// Delivering the outbox: a dispatcher loop (src/events/dispatch.ts) turns
// new events into deliveries, and a job queue sends them, at least once,
// retried with a growing pause. The queue is pg-boss, on the hub's own
// database: PostgreSQL, or the embedded PGlite through the same SQL in
// process (src/db/sql.ts). Every replica runs both; events, deliveries and
// jobs live in the database, so a replica that dies leaves its work to the
// others, or to itself when it starts again.
import PgBoss from 'pg-boss';
import type { Database } from '../db/database';
import type { SqlRunner } from '../db/sql';
import type { Logger } from '../lib/logger';
import { dispatchBatch } from './dispatch';
import { deliver, DeliveryFailed, type Renderers } from './delivery';

export const DELIVERY_QUEUE = 'event-delivery';
/** Where pg-boss puts a delivery's job once its tries are used up, including a last try that never finished. */
export const DEAD_LETTER_QUEUE = 'event-delivery-dead';

export interface EventQueueOptions {
  db: Pick<Database, 'prisma' | 'sql'>;
  render: Renderers;
  logger: Logger;
  /** Tries after the first; the pauses double from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A try still running after this long (its replica died) is tried again. */
  expireInSeconds?: number;
  /** How often an idle dispatcher looks for new events. */
  pollMs?: number;
}

/** Events dispatched per transaction. */
const BATCH = 200;
/** Workers per process, and the jobs each fetches at once (sent side by side). */
const WORKERS = 2;
const JOBS_PER_FETCH = 50;
/**
 * How often idle parts look for work: every replica polls its database, so
 * these are what an idle hub costs it (on PGlite, the hub's own thread). A
 * worker handed new jobs is woken at once; a retry waits its pause anyway.
 */
const IDLE_POLL_MS = 1_000;
const WORKER_POLL_SECONDS = 2;

export interface EventQueue {
  close(graceMs: number): Promise<void>;
}

const UNQUEUED = 'SELECT id::text AS id FROM event_delivery WHERE NOT queued ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED';

export async function startEventQueue(options: EventQueueOptions): Promise<EventQueue> {
  const { db, render, logger } = options;
  const retries = { retryLimit: options.retryLimit ?? 8, retryDelay: options.retryDelaySeconds ?? 2, retryBackoff: true };
  const expireInSeconds = options.expireInSeconds ?? 60;
  // Maintenance is what retries the job of a try that died with its replica: as often as a try may last.
  const maintenanceIntervalSeconds = Math.min(30, expireInSeconds);
  const boss = new PgBoss({ db: db.sql as PgBoss.Db, schedule: false, supervise: true, maintenanceIntervalSeconds });
  boss.on('error', (error) => logger.error({ err: error }, 'event queue error'));
  await boss.start();
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE });
  await boss.createQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, ...retries, expireInSeconds, deadLetter: DEAD_LETTER_QUEUE });
  // The jobs are inserted in the caller's transaction (on PGlite, its one connection is held by it).
  const enqueue = (ids: string[], tx: SqlRunner) =>
    boss.insert(
      ids.map((id) => ({ name: DELIVERY_QUEUE, data: { id }, ...retries, expireInSeconds, deadLetter: DEAD_LETTER_QUEUE })),
      { db: { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) } },
    );

  // pg-boss waits its polling interval between fetches even when busy: a worker that found a full
  // batch, or that was handed new jobs, is woken at once instead (about 40 deliveries a second otherwise).
  const workers: string[] = [];
  const wake = () => workers.forEach((id) => boss.notifyWorker(id));
  for (let i = 0; i < WORKERS; i++) {
    const id = await boss.work<{ id: string }>(DELIVERY_QUEUE, { batchSize: JOBS_PER_FETCH, includeMetadata: true, pollingIntervalSeconds: WORKER_POLL_SECONDS }, async (jobs) => {
      const failed: string[] = [];
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await deliver(db.prisma, BigInt(job.data.id), render, job.retryCount >= job.retryLimit);
          } catch (error) {
            if (!(error instanceof DeliveryFailed)) logger.error({ err: error, delivery: job.data.id }, 'event delivery failed');
            failed.push(job.id);
          }
        }),
      );
      // The others are completed by pg-boss when this returns; these are retried.
      if (failed.length) await boss.fail(DELIVERY_QUEUE, failed);
      if (jobs.length === JOBS_PER_FETCH) boss.notifyWorker(id);
    });
    workers.push(id);
  }

  // A try cut by its time (its process died, or the receiver never answered) on the last try fails the
  // job without the handler: its dead letter leaves the delivery DEAD, for the subscriber to see and replay.
  await boss.work<{ id: string }>(DEAD_LETTER_QUEUE, { batchSize: JOBS_PER_FETCH, pollingIntervalSeconds: 10 }, async (jobs) => {
    await db.sql.query(
      `UPDATE event_delivery SET status = 'DEAD', last_error = 'the last try did not finish in time'
        WHERE id = ANY($1::bigint[]) AND status = 'PENDING'`,
      [jobs.map((job) => job.data.id)],
    );
  });

  // New deliveries, and replayed ones, are handed to the queue and marked so, in one transaction.
  const queueBatch = () =>
    db.sql.transaction(async (tx) => {
      const ids = (await tx.query<{ id: string }>(UNQUEUED, [BATCH])).map((d) => d.id);
      if (ids.length === 0) return 0;
      await enqueue(ids, tx);
      await tx.query('UPDATE event_delivery SET queued = true WHERE id = ANY($1::bigint[])', [ids]);
      return ids.length;
    });

  const dispatcher = loop(async () => {
    const made = await dispatchBatch(db.sql, BATCH);
    const queued = await queueBatch();
    if (queued > 0) wake();
    return made.length > 0 || queued > 0;
  }, options.pollMs ?? IDLE_POLL_MS, logger);

  return {
    close: async (graceMs) => {
      await dispatcher.stop();
      await boss.stop({ graceful: true, wait: true, timeout: graceMs });
    },
  };
}

/** Runs `step` again at once while it finds work, else after `pollMs`; stop() waits for the step in flight. */
function loop(step: () => Promise<boolean>, pollMs: number, logger: Logger) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = step()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'event dispatch failed');
        return false;
      })
      .then((busy) => {
        if (!stopped) timer = setTimeout(run, busy ? 0 : pollMs);
      });
  };
  run();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
