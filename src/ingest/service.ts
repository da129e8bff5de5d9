// Ingestion, shared by the command-line importer and GraphQL: validates each
// exchange object, applies it, and reports what happened to every line. Lines
// go in chunks (CHUNK_LINES), each chunk one transaction: its lines are
// validated, what they read is loaded with a statement per kind, they are
// applied in order, and what they wrote goes out as a statement per table
// (src/ingest/chunk.ts). A line is stored whole or not at all because handlers
// do every check before their first write (a line's fault is found before
// anything of it is written); any other error aborts the import: the chunk
// being written stores nothing, and the chunks before it stay stored
// (EXCHANGE.md v2), so running the same import again completes it.
// Every line is held to the write checks of ACCESS.md v2 for the sender's
// caller (writerOf: the token's, the command line's, or an administrator
// import's), asked by each handler of src/access/writes.ts; a line's own shape
// (nesting, reserved keys, NUL) is checked first (src/ingest/input.ts).
import { Prisma, type PrismaClient } from '../db/client/prisma/client';
import { upsertRows } from '../db/rows';
import { ingestLines } from '../lib/metrics';
import { personKeyOf, writerOf, type Handler, type IngestContext, type LineContext, type Outcome, type Sender, type Tx } from './handler';
import type { Caller } from '../access/callers';
import { ChunkStore, emptyKeys, type ChunkKeys } from './chunk';
import { unrestricted } from '../access/writes';
import { candidateOf, carryingDigest, lineDigest, notCarryingDigest, type DigestCandidate } from './lineDigest';
import { charityProgramHandler } from './handlers/charityProgram';
import { expenseHandler } from './handlers/expense';
import { householdHandler } from './handlers/household';
import { recordHandler } from './handlers/record';
import { personHandler } from './handlers/person';
import { regionHandler } from './handlers/region';
import { standardHandler } from './handlers/standard';
import { shapeProblem } from './input';
import { problemFromError, problemsFromZod, type FieldProblem } from './problems';

const HANDLERS = [
  regionHandler,
  standardHandler,
  personHandler,
  householdHandler,
  charityProgramHandler,
  recordHandler,
  expenseHandler,
] as Handler<unknown>[];
const BY_TYPE = new Map(HANDLERS.map((h) => [h.type, h]));
export const EXCHANGE_TYPES = HANDLERS.map((h) => h.type);

export interface IngestItem {
  /** Line number (file) or list index (GraphQL) that errors refer to. */
  position: number;
  /** The raw JSON text of a line, or an already parsed object. */
  input: string | unknown;
}

export interface Rejection {
  position: number;
  problems: FieldProblem[];
}

/** What happened to one line: its type, outcome and, when stored or unchanged, the key of what it stored (e.g. "CIVIL_AFFAIRS:CA-1" for a record, as its history is keyed). */
export interface LineOutcome {
  position: number;
  type: string | null;
  outcome: Outcome | 'rejected';
  key: string | null;
}

/**
 * Work that follows a stored batch or file, on what it stored (the check at
 * the door, src/detection/door.ts): the import command and
 * submitExchangeBatch pass the same one, and ingestion knows nothing of it.
 */
export interface FollowUp<T> {
  /**
   * Notes a chunk's stored lines in the chunk's own transaction, so that work
   * left undone (the process killed after the chunk committed) is found and
   * done by the next run.
   */
  noteStored(tx: Tx, stored: readonly LineOutcome[], storedBy: string): Promise<void>;
  /** Whether what this run noted, or what earlier runs left undone, calls for it. */
  needed(prisma: PrismaClient): Promise<boolean>;
  /** Does the work on everything noted; `since` (IngestSummary.startedAt) tells this run's notes from earlier runs'. */
  run(prisma: PrismaClient, since: Date | null, startedBy: string): Promise<T>;
  /** Lines the import command prints about its result, after the file's summary. */
  describe(file: string, result: T): string[];
  /** The line it prints when the follow-up failed (the file stays stored). */
  describeFailure(file: string, message: string): string;
}

export interface IngestSummary {
  stored: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  /** Outcome per position, in input order; empty when not asked for (IngestOptions.keepOutcomes). */
  outcomes: LineOutcome[];
  /** When the first chunk's transaction began (the database's clock, to the millisecond); null when no chunk ran. */
  startedAt: Date | null;
}

export interface IngestOptions {
  sender: Sender;
  personKeyPepper: string;
  /** The follow-up whose noteStored each chunk calls in its transaction (the follow-up itself runs after). */
  followUp?: Pick<FollowUp<unknown>, 'noteStored'>;
  /** Called after each chunk with the lines done so far, for progress displays. */
  onItem?: (done: number) => void;
  /**
   * Keep every line's outcome in the summary (default true): a batch answers
   * line by line; an import of a whole file says only counts and rejections,
   * and its memory stays bounded by the chunk.
   */
  keepOutcomes?: boolean;
}

/** Lines read, written and committed together: a chunk's reads and writes are a few statements each. */
export const CHUNK_LINES = 500;
const KNOWN_PERSONS_KEPT = 100_000;
/** The advisory lock a chunk's transaction holds (pg_advisory_xact_lock): "ingest" in ASCII. */
const INGEST_LOCK = 0x696e67657374;

/**
 * A fatal error (the database gone, the process stopping) after some chunks
 * were committed: what they stored stays stored (EXCHANGE.md v2), and the same
 * import run again completes the rest.
 */
export class IngestInterrupted extends Error {
  constructor(
    override readonly cause: unknown,
    /** The last position of the last committed chunk; null when nothing was committed. */
    readonly committedThrough: number | null,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Ingests the items chunk by chunk, each chunk in its own transaction: memory
 * is bounded by the chunk, and between chunks other callers' requests get the
 * database (PGlite has one connection) and the event loop.
 */
export async function ingest(
  prisma: PrismaClient,
  items: Iterable<IngestItem> | AsyncIterable<IngestItem>,
  options: IngestOptions,
): Promise<IngestSummary> {
  const summary: IngestSummary = { stored: 0, unchanged: 0, rejected: 0, rejections: [], outcomes: [], startedAt: null };
  const keepOutcomes = options.keepOutcomes ?? true;
  const caller = writerOf(options.sender);
  // Kept across chunks: persons known to exist (they are never removed).
  const knownPersons = new Set<string>();
  let committedThrough: number | null = null;
  const lineContext: LineContext = { sender: options.sender, caller, personKeyPepper: options.personKeyPepper, personKeys: new Map() };
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  // Lines sent again as they were stored are found by their digest (src/ingest/lineDigest.ts), for a caller whose checks read no stored rows.
  const digests = unrestricted(caller) ? prisma : null;
  // The next chunk is read and validated while the current one is written:
  // parsing is Node's work, writing mostly the database's.
  // Whether the chunk before wrote: if not, the digests the next chunk was read with are as its transaction would find them.
  let wrote = false;
  try {
    let next = prepareChunk(lineContext, source, digests);
    for (let chunk = await next; chunk; chunk = await next) {
      next = prepareChunk(lineContext, source, digests);
      next.catch(() => undefined); // awaited on the next turn; failing meanwhile is not unhandled
      let results: ItemResult[];
      try {
        const quiet = await quietChunk(prisma, chunk, wrote, knownPersons);
        const committed = quiet ? { startedAt: null, results: quiet } : await commitChunk(prisma, chunk, options, lineContext, knownPersons);
        wrote = !quiet;
        summary.startedAt ??= committed.startedAt;
        results = committed.results;
      } catch (error) {
        throw new IngestInterrupted(error, committedThrough);
      }
      const { items: lines } = chunk;
      lines.forEach((item, i) => count(summary, item.position, results[i]!, keepOutcomes));
      countLines(results);
      committedThrough = lines[lines.length - 1]!.position;
      // Knowing a person exists only saves an INSERT … ON CONFLICT DO NOTHING: bounded, not kept for a whole province.
      if (knownPersons.size > KNOWN_PERSONS_KEPT) knownPersons.clear();
      options.onItem?.(summary.stored + summary.unchanged + summary.rejected);
      // Let other requests in before the next chunk (PGlite answers one statement at a time).
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    // Closes the file of an import stopped by a fault (the chunk being prepared is dropped with it).
    await source.return?.();
  }
  return summary;
}

/**
 * A chunk whose every line is rejected or found unchanged by its digest
 * needs no transaction: its results, when the digests still hold (as they
 * were read, when the chunk before wrote nothing; asked again otherwise).
 * Null when the chunk is to be written.
 */
async function quietChunk(prisma: PrismaClient, chunk: PreparedChunk, wroteBefore: boolean, knownPersons: Set<string>): Promise<ItemResult[] | null> {
  if (chunk.lines.some((line) => 'handler' in line)) return null;
  const probable = probablyUnchanged(chunk.lines);
  // Read after the chunks before this one committed, by one statement: as current as a transaction's reading.
  if (wroteBefore && probable.length > 0 && (await notCarryingDigest(prisma, probable)).size > 0) return null;
  return chunk.lines.map((line) => ('rejected' in line ? line.rejected : unchangedResult(knownPersons, (line as { probablyUnchanged: DigestCandidate }).probablyUnchanged)));
}

function unchangedResult(knownPersons: Set<string>, { type, key }: DigestCandidate): ItemResult {
  if (type === 'person') knownPersons.add(key);
  return { type, outcome: 'unchanged', key, problems: [] };
}

/** One chunk in its own transaction; when the transaction began (the database's clock), and each line's result. */
async function commitChunk(prisma: PrismaClient, chunk: PreparedChunk, options: IngestOptions, line: LineContext, knownPersons: Set<string>) {
  return prisma.$transaction(
    async (tx) => {
      // One chunk at a time across every import and batch (other processes and replicas too): a chunk
      // reads what the chunks before it committed, so two imports of one entity make one CREATED.
      // now() is the transaction's start, rounded as door_check_pending.stored_at is (timestamptz(3)).
      // assist_hub.ingesting: the rows written here carry their lines' digests (the line_digest triggers leave them).
      const [{ at }] = await tx.$queryRawUnsafe<[{ at: Date }]>(
        `SELECT now()::timestamptz(3) AS at, set_config('assist_hub.ingesting', 'on', true) FROM pg_advisory_xact_lock(${INGEST_LOCK})`,
      );
      const ctx = await chunkContext(tx, options, line, knownPersons);
      const results = await ingestChunk(ctx, chunk);
      await options.followUp?.noteStored(tx, results.map((r, i) => ({ position: chunk.items[i]!.position, ...r })), options.sender.name);
      return { startedAt: at, results };
    },
    { timeout: 3600_000, maxWait: 60_000 },
  );
}

/** What one chunk's lines share: its transaction, its store, the sender and the regions as committed now. */
async function chunkContext(tx: Tx, options: IngestOptions, { caller, personKeys }: LineContext, knownPersons: Set<string>): Promise<IngestContext> {
  // Regions are few: read per chunk, so one registered by another import meanwhile counts.
  const regions = new Map((await tx.region.findMany({ select: { code: true, level: true } })).map((r) => [r.code, r.level]));
  return {
    tx,
    store: new ChunkStore(tx, { restricted: !unrestricted(caller), charity: options.sender.department === 'CHARITY' }),
    sender: options.sender,
    caller,
    // Counted afresh per chunk: another import may have granted from the same program in between.
    programCommitments: new Map(),
    regions,
    personKeyPepper: options.personKeyPepper,
    personKeys,
    changes: [],
    wrote: false,
    entityKey: null,
    knownPersons,
  };
}

/** A chunk's lines by outcome, for GET /metrics: one increment per outcome, not per line. */
function countLines(results: ItemResult[]) {
  const byOutcome = { stored: 0, unchanged: 0, rejected: 0 };
  for (const { outcome } of results) byOutcome[outcome]++;
  for (const [outcome, n] of Object.entries(byOutcome)) if (n > 0) ingestLines.inc({ outcome }, n);
}

function count(summary: IngestSummary, position: number, { type, outcome, key, problems }: ItemResult, keepOutcome: boolean) {
  if (keepOutcome) summary.outcomes.push({ position, type, outcome, key });
  if (outcome === 'rejected') {
    summary.rejected++;
    summary.rejections.push({ position, problems });
  } else {
    summary[outcome]++;
  }
}

/** A chunk's lines, each prepared (parsed and validated, or found probably unchanged), and the keys of what the validated ones will read. */
interface PreparedChunk {
  items: IngestItem[];
  lines: Prepared[];
  keys: ChunkKeys;
}

/** Lines prepared between yields to the event loop, so that the chunk being written is not held up. */
const PREPARE_SLICE = 50;

/**
 * Reads and prepares the next chunk; null at the end of the input. With
 * `digests` (the database, outside the chunk's transaction), the lines whose
 * digest their row carries now skip validation: the chunk's transaction
 * checks them again (settleUnchanged).
 */
async function prepareChunk(
  ctx: LineContext,
  source: Iterator<IngestItem> | AsyncIterator<IngestItem>,
  digests: Pick<Tx, '$queryRawUnsafe'> | null,
): Promise<PreparedChunk | null> {
  const items: IngestItem[] = [];
  const read: ReadLine[] = [];
  while (items.length < CHUNK_LINES) {
    const next = await source.next();
    if (next.done) break;
    items.push(next.value);
    read.push(readLine(ctx, next.value.input));
    if (items.length % PREPARE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (items.length === 0) return null;
  const candidates = read.flatMap((line) => (line.candidate ? [line.candidate] : []));
  const unchanged = digests && candidates.length > 0 ? await carryingDigest(digests, candidates) : new Set<DigestCandidate>();
  const lines: Prepared[] = [];
  for (const line of read) {
    lines.push(line.candidate && unchanged.has(line.candidate) ? { probablyUnchanged: line.candidate, line } : validate(ctx, line));
    if (lines.length % PREPARE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  // The keys here too: their person keys' HMACs are computed while the chunk before is written.
  return { items, lines, keys: keysOf(ctx, lines) };
}

/** A line parsed: its object (or why it is none) and, when it came as text, the entity it may leave unchanged with its digest. */
interface ReadLine {
  parsed: { object: Record<string, unknown> } | { problem: FieldProblem };
  candidate: DigestCandidate | null;
}

type Prepared =
  | { handler: Handler<unknown>; value: unknown; candidate: DigestCandidate | null }
  | { rejected: ItemResult }
  | { probablyUnchanged: DigestCandidate; line: ReadLine }
  | { unchanged: ItemResult };

/**
 * One chunk: every line parsed and validated, what the lines read loaded at
 * once, the lines applied in order, and what they wrote sent as sets. A line
 * of a handler that reads and writes on its own (no `keys`) is applied with
 * the chunk's writes sent before it, and what the chunk had read is read
 * again after it.
 */
async function ingestChunk(ctx: IngestContext, chunk: PreparedChunk): Promise<ItemResult[]> {
  const prepared = await settleUnchanged(ctx, chunk);
  const results: ItemResult[] = [];
  let loaded = false;
  // The chunk's keys serve its first load: the lines before it read nothing through the store.
  let keys: ChunkKeys | null = chunk.keys;
  for (let i = 0; i < prepared.length; i++) {
    const line = prepared[i]!;
    if ('rejected' in line || 'unchanged' in line) {
      results.push('rejected' in line ? line.rejected : line.unchanged);
      continue;
    }
    if ('probablyUnchanged' in line) throw new Error('a line left unsettled'); // settleUnchanged settles every one
    // Every valid line of a type whose rows keep a digest has a candidate (what names its row), with the line's digest.
    ctx.store.lineDigest = line.candidate?.digest ?? null;
    if (!line.handler.keys) {
      await ctx.store.flush();
      ctx.store.dropCarried();
      results.push(await applyOne(ctx, line.handler, line.value));
      ctx.store.forget();
      loaded = false;
      keys = null;
      continue;
    }
    if (!loaded) {
      await ctx.store.prefetch(keys ?? keysOf(ctx, prepared.slice(i)));
      loaded = true;
    }
    if (ctx.changes.length >= HISTORY_BATCH) await flushChanges(ctx);
    const result = await applyOne(ctx, line.handler, line.value);
    // Found unchanged the long way: its row is to carry this line's digest, so that next time it is found the short way.
    const { candidate } = line;
    if (result.outcome === 'unchanged' && candidate && candidate.type === result.type && candidate.key === result.key) ctx.store.carryDigest(candidate);
    results.push(result);
  }
  await ctx.store.finish();
  await flushChanges(ctx);
  return results;
}

function keysOf(ctx: LineContext, lines: Prepared[], keys = emptyKeys()): ChunkKeys {
  for (const line of lines) if ('handler' in line) line.handler.keys?.(ctx, line.value, keys);
  return keys;
}

/**
 * The chunk's probably unchanged lines, settled in its transaction: unchanged
 * when their row still carries their digest and no other line of the chunk
 * touches their entity or the household a record's checks read; validated
 * and applied like any other line otherwise (and then what they touch counts
 * for the rest). The chunk's keys grow with the lines validated here.
 */
async function settleUnchanged(ctx: IngestContext, chunk: PreparedChunk): Promise<Prepared[]> {
  const lines = chunk.lines;
  const probable = probablyUnchanged(lines);
  if (probable.length === 0) return lines;
  // A region line may change a level every line's checks read: then every line goes the whole way.
  const regions = lines.some((line) => 'handler' in line && line.handler.type === 'region');
  const changed = regions ? new Set(probable) : await notCarryingDigest(ctx.tx, probable);
  const settled = [...lines];
  for (let demoted = true; demoted; ) {
    demoted = false;
    settled.forEach((line, i) => {
      if (!('probablyUnchanged' in line)) return;
      if (!changed.has(line.probablyUnchanged) && !touched(chunk.keys, line.probablyUnchanged)) return;
      settled[i] = validate(ctx, line.line);
      keysOf(ctx, [settled[i]!], chunk.keys);
      demoted = true;
    });
  }
  return settled.map((line) => ('probablyUnchanged' in line ? { unchanged: unchangedResult(ctx.knownPersons, line.probablyUnchanged) } : line));
}

const probablyUnchanged = (lines: Prepared[]) => lines.flatMap((line) => ('probablyUnchanged' in line ? [line.probablyUnchanged] : []));

/** Whether the chunk's other lines read (and so may write) the candidate's entity or its household. */
function touched(keys: ChunkKeys, { type, key, household }: DigestCandidate): boolean {
  switch (type) {
    case 'person':
      return keys.persons.has(key);
    case 'household':
      return keys.households.has(key);
    case 'record':
      return keys.records.has(key) || (household !== null && keys.households.has(household));
    case 'expense':
      return keys.expenses.has(key);
  }
}

type ItemResult = { type: string | null; outcome: Outcome | 'rejected'; key: string | null; problems: FieldProblem[] };

/** A line parsed (not yet walked: validate does that), with the entity it names and its digest, if it came as text and its sender may send it. */
function readLine(ctx: LineContext, input: unknown): ReadLine {
  const parsed = parseInput(input);
  if (typeof input !== 'string' || !('object' in parsed)) return { parsed, candidate: null };
  const handler = handlerFor(parsed.object);
  if ('problem' in handler || handler.refuse(ctx.sender)) return { parsed, candidate: null };
  const digest = lineDigest(ctx.sender, input);
  return { parsed, candidate: candidateOf(parsed.object, digest, (normalized) => personKeyOf(ctx, { normalized })) };
}

/** A line's checks that need nothing stored: its JSON, its shape, its type and sender, its fields. */
function validate(ctx: LineContext, { parsed, candidate }: ReadLine): Prepared {
  if ('problem' in parsed) return { rejected: rejected(null, [parsed.problem]) };
  // Nesting, reserved keys and NUL, before a handler reads the line (src/ingest/input.ts); a line
  // found unchanged by its digest skips this walk: it passed it when it was stored.
  const shape = shapeProblem(parsed.object);
  if (shape) return { rejected: rejected(null, [shape]) };
  const handler = handlerFor(parsed.object);
  if ('problem' in handler) return { rejected: rejected(null, [handler.problem]) };
  const type = handler.type;
  const refusal = handler.refuse(ctx.sender);
  if (refusal) return { rejected: rejected(type, [{ field: 'type', reason: refusal }]) };
  const validated = handler.schema.safeParse(parsed.object, { reportInput: true }); // without the input, every wrong type would read "is required"
  if (!validated.success) return { rejected: rejected(type, problemsFromZod(validated.error)) };
  return { handler, value: validated.data, candidate };
}

async function applyOne(ctx: IngestContext, handler: Handler<unknown>, value: unknown): Promise<ItemResult> {
  ctx.wrote = false;
  ctx.entityKey = null;
  try {
    const outcome = await handler.apply(ctx, value);
    return { type: handler.type, outcome, key: ctx.entityKey, problems: [] };
  } catch (error) {
    const problem = problemFromError(error);
    // A line found faulty after part of it was written cannot be rejected
    // alone: treat it as what it is, a bug, and abort the chunk.
    if (!problem || ctx.wrote) throw error;
    return rejected(handler.type, [problem]);
  }
}

/** History entries per statement; they are written in input order, so ids keep the order of changes. */
const HISTORY_BATCH = 500;

async function flushChanges(ctx: IngestContext) {
  if (ctx.changes.length === 0) return;
  // One INSERT of the rows as JSON (src/db/rows.ts): createMany interprets every row in JavaScript first.
  const rows = ctx.changes.map((change) => ({ ...change, previous: change.previous === Prisma.DbNull ? null : change.previous }));
  await upsertRows(ctx.tx, 'ChangeEvent', rows, { key: [], update: [] });
  ctx.changes = [];
}

function rejected(type: string | null, problems: FieldProblem[]): ItemResult {
  return { type, outcome: 'rejected', key: null, problems };
}

function parseInput(input: unknown): { object: Record<string, unknown> } | { problem: FieldProblem } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { problem: { field: '(line)', reason: `not valid JSON: ${(error as Error).message}` } };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: { field: '(line)', reason: 'must be a JSON object with a "type"' } };
  }
  return { object: value as Record<string, unknown> };
}

function handlerFor(object: Record<string, unknown>): Handler<unknown> | { problem: FieldProblem } {
  if (object.type === undefined) return { problem: { field: 'type', reason: 'is required' } };
  const handler = typeof object.type === 'string' ? BY_TYPE.get(object.type) : undefined;
  if (!handler) {
    return { problem: { field: 'type', reason: `unknown type ${JSON.stringify(object.type)}; expected one of ${EXCHANGE_TYPES.join(', ')}` } };
  }
  return handler;
}
