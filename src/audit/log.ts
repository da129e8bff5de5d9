// The audit log: appended with a hash chain, verified by walking it.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/client/prisma/client';
import type { Caller } from '../access/callers';
import type { AuditSubject } from './collector';
import { auditEntries } from '../lib/metrics';

export const GENESIS_HASH = '0'.repeat(64);
/** A writer that loses the race for the chain's head this many times in a row gives up (fail-closed). */
const MAX_ATTEMPTS = 8;
/** The advisory lock writers that lost the race take turns under: "audit" in ASCII. */
const AUDIT_LOCK = 0x6175646974;

export interface AuditFields {
  at: Date;
  /** The hub's own request id. */
  requestId: string;
  /** The caller's x-request-id, kept beside requestId (ACCESS.md v2); null when none was sent. */
  callerRequestId?: string | null;
  sub: string;
  role: string;
  department: string | null;
  purpose: string | null;
  personKey: string | null;
  householdSourceId: string | null;
  fields: string[];
}

/**
 * The hash covers every field. callerRequestId is appended only when set, so
 * an entry without one (every entry written before the field existed) hashes
 * exactly as it always did and the old chain still verifies; setting,
 * changing or clearing it afterwards breaks the hash.
 */
export function entryHash(prevHash: string, entry: AuditFields): string {
  const fields: unknown[] = [
    prevHash,
    entry.at.toISOString(),
    entry.requestId,
    entry.sub,
    entry.role,
    entry.department,
    entry.purpose,
    entry.personKey,
    entry.householdSourceId,
    entry.fields,
  ];
  if (entry.callerRequestId != null) fields.push({ callerRequestId: entry.callerRequestId });
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * Appends one request's reads to the log, and resolves once they are durable
 * (the response waits for it: fail-closed). Appends are group-committed:
 * the requests that arrive while a flush is being written go together in the
 * next one, one INSERT for all of them. An idle hub flushes at once; under
 * load a flush carries everyone who arrived meanwhile.
 */
export function appendAudit(
  prisma: PrismaClient,
  caller: Caller,
  requestId: string,
  reads: { subject: AuditSubject; fields: string[] }[],
  callerRequestId: string | null = null,
): Promise<void> {
  if (reads.length === 0) return Promise.resolve();
  const at = new Date();
  const entries = reads.map(({ subject, fields }): AuditFields => ({
    at,
    requestId,
    callerRequestId,
    sub: caller.sub,
    role: caller.role,
    department: caller.department,
    purpose: caller.purpose,
    personKey: subject.personKey ?? null,
    householdSourceId: subject.householdSourceId ?? null,
    fields,
  }));
  return writerFor(prisma).append(entries);
}

interface Pending {
  entries: AuditFields[];
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * One writer per database handle: the queue of appends waiting for the next
 * flush, and the chain's head as this writer last wrote or read it.
 */
class GroupCommit {
  private queue: Pending[] = [];
  private flushing = false;
  /** The hash the next entry chains onto; unknown until read once. */
  private head: string | undefined;

  constructor(private readonly prisma: PrismaClient) {}

  append(entries: AuditFields[]): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ entries, done, failed });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.writeChained(batch.flatMap((p) => p.entries));
        for (const p of batch) p.done();
      } catch (error) {
        this.head = undefined;
        for (const p of batch) p.failed(error);
      }
    }
    this.flushing = false;
  }

  /**
   * Chains the entries onto the head and inserts them in one statement. A
   * hash can be chained onto once (prev_hash is unique), so two writers
   * (replicas share one chain) cannot both extend the same head: the one that
   * loses gets a unique violation. An idle writer that knows the head writes
   * with one statement and holds no lock. One that lost takes its turn under
   * an advisory lock instead of racing again: with several subgraphs as
   * processes of their own writing at once, racing writers kept losing to
   * one another until they gave up (`npm run bench:gateways`).
   */
  private async writeChained(entries: AuditFields[]): Promise<void> {
    this.head ??= await chainHead(this.prisma);
    const rows = chained(this.head, entries);
    try {
      await insertRows(this.prisma, rows);
      this.head = rows[rows.length - 1]!.hash;
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      this.head = undefined;
    }
    for (let attempt = 2; ; attempt++) {
      try {
        this.head = await this.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
          const locked = chained(await chainHead(tx), entries);
          await insertRows(tx, locked);
          return locked[locked.length - 1]!.hash;
        });
        return;
      } catch (error) {
        // Only a writer's first, unlocked try can still take the head from under the lock's holder.
        if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

const writers = new WeakMap<PrismaClient, GroupCommit>();

function writerFor(prisma: PrismaClient): GroupCommit {
  let writer = writers.get(prisma);
  if (!writer) writers.set(prisma, (writer = new GroupCommit(prisma)));
  return writer;
}

async function chainHead(prisma: Pick<PrismaClient, 'auditEntry'>): Promise<string> {
  const last = await prisma.auditEntry.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  return last?.hash ?? GENESIS_HASH;
}

function chained(head: string, entries: AuditFields[]) {
  let prevHash = head;
  return entries.map((entry) => {
    const hash = entryHash(prevHash, entry);
    const row = { ...entry, prevHash, hash };
    prevHash = hash;
    return row;
  });
}

/**
 * One INSERT of every row, its columns passed as 12 arrays and unnested in
 * order. Prisma's createMany would do the same in one statement, but it
 * interprets every row and parameter in JavaScript first: for a page of 20
 * households (about 50 entries) that took ~25 ms of CPU, more than the rest
 * of the request (`npm run bench:peer`).
 */
async function insertRows(prisma: Pick<PrismaClient, '$executeRaw'>, rows: (AuditFields & { prevHash: string; hash: string })[]): Promise<void> {
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  await prisma.$executeRaw`
    INSERT INTO audit_entry (at, request_id, caller_request_id, sub, role, department, purpose, person_key, household_source_id, fields, prev_hash, hash)
    SELECT at, request_id, caller_request_id, sub, role, department, purpose, person_key, household_source_id,
           ARRAY(SELECT jsonb_array_elements_text(fields)), prev_hash, hash
    FROM unnest(
      ${column((r) => r.at.toISOString())}::timestamptz[], ${column((r) => r.requestId)}::text[],
      ${column((r) => r.callerRequestId ?? null)}::text[], ${column((r) => r.sub)}::text[], ${column((r) => r.role)}::text[],
      ${column((r) => r.department)}::text[], ${column((r) => r.purpose)}::text[], ${column((r) => r.personKey)}::text[],
      ${column((r) => r.householdSourceId)}::text[], ${column((r) => JSON.stringify(r.fields))}::jsonb[],
      ${column((r) => r.prevHash)}::text[], ${column((r) => r.hash)}::text[]
    ) WITH ORDINALITY AS e(at, request_id, caller_request_id, sub, role, department, purpose, person_key, household_source_id, fields, prev_hash, hash, n)
    ORDER BY n`;
  auditEntries.inc(rows.length);
}

/** A unique violation (prev_hash taken by another writer), as the driver adapter reports it under a raw statement. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null;
  return e?.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}

export interface ChainProblem {
  id: string;
  problem: 'EDITED' | 'LINK_BROKEN';
  message: string;
}

/** Walks the whole chain in id order; reports every entry that is not what the chain says. */
export async function verifyAuditChain(prisma: PrismaClient): Promise<{ entries: number; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  let expectedPrev = GENESIS_HASH;
  let entries = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await prisma.auditEntry.findMany({
      where: after === undefined ? {} : { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: 1000,
    });
    if (page.length === 0) break;
    for (const entry of page) {
      entries++;
      const id = entry.id.toString();
      if (entry.prevHash !== expectedPrev) {
        problems.push({
          id,
          problem: 'LINK_BROKEN',
          message: `entry ${id} does not follow the entry before it: an entry was removed or the order was changed just before it`,
        });
      }
      if (entryHash(entry.prevHash, entry) !== entry.hash) {
        problems.push({ id, problem: 'EDITED', message: `entry ${id} was edited: its content no longer matches its hash` });
      }
      expectedPrev = entry.hash;
    }
    after = page[page.length - 1]!.id;
  }
  return { entries, problems };
}
