// Ingestion, shared by the command-line importer and GraphQL: validates each
// exchange object, applies it, and reports what happened to every line. A line
// is stored whole or not at all because handlers do every check before their
// first write (a line's fault is found before anything of it is written); any
// other error aborts the batch, which runs in one transaction, so a fatal error
// (database gone) stores nothing. History entries are written in bulk.
// Every line is held to the write checks of ACCESS.md v2 for the sender's
// caller (writerOf: the token's, the command line's, or an administrator
// import's), asked by each handler of src/access/writes.ts; a line's own shape
// (nesting, reserved keys, NUL) is checked first (src/ingest/input.ts).
import type { PrismaClient } from '../db/client/prisma/client';
import { writerOf, type Handler, type IngestContext, type Outcome, type Sender } from './handler';
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
  /** Whether what was stored calls for it at all. */
  needed(stored: readonly LineOutcome[]): boolean;
  run(prisma: PrismaClient, stored: readonly LineOutcome[], startedBy: string): Promise<T>;
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
  /** Outcome per position, in input order. */
  outcomes: LineOutcome[];
}

export interface IngestOptions {
  sender: Sender;
  personKeyPepper: string;
  /** Called after each item, for progress displays. */
  onItem?: (done: number) => void;
}

export async function ingest(
  prisma: PrismaClient,
  items: Iterable<IngestItem> | AsyncIterable<IngestItem>,
  options: IngestOptions,
): Promise<IngestSummary> {
  const summary: IngestSummary = { stored: 0, unchanged: 0, rejected: 0, rejections: [], outcomes: [] };
  const caller = writerOf(options.sender);
  await prisma.$transaction(
    async (tx) => {
      const regions = new Map((await tx.region.findMany({ select: { code: true, level: true } })).map((r) => [r.code, r.level]));
      const ctx: IngestContext = {
        tx,
        sender: options.sender,
        caller,
        programCommitments: new Map(),
        regions,
        personKeyPepper: options.personKeyPepper,
        changes: [],
        wrote: false,
        entityKey: null,
        knownPersons: new Set(),
      };
      let done = 0;
      for await (const item of items) {
        if (ctx.changes.length >= HISTORY_BATCH) await flushChanges(ctx);
        const { type, outcome, key, problems } = await ingestOne(ctx, item.input);
        summary.outcomes.push({ position: item.position, type, outcome, key });
        if (outcome === 'rejected') {
          summary.rejected++;
          summary.rejections.push({ position: item.position, problems });
        } else {
          summary[outcome]++;
        }
        options.onItem?.(++done);
      }
      await flushChanges(ctx);
    },
    // A file of a million lines is one transaction: no artificial time limit.
    { timeout: 24 * 3600_000, maxWait: 60_000 },
  );
  return summary;
}

type ItemResult = { type: string | null; outcome: Outcome | 'rejected'; key: string | null; problems: FieldProblem[] };

async function ingestOne(ctx: IngestContext, input: unknown): Promise<ItemResult> {
  const parsed = parseInput(input);
  if ('problem' in parsed) return rejected(null, [parsed.problem]);
  const handler = handlerFor(parsed.object);
  if ('problem' in handler) return rejected(null, [handler.problem]);
  const type = handler.type;
  const refusal = handler.refuse(ctx.sender);
  if (refusal) return rejected(type, [{ field: 'type', reason: refusal }]);
  const validated = handler.schema.safeParse(parsed.object, { reportInput: true }); // without the input, every wrong type would read "is required"
  if (!validated.success) return rejected(type, problemsFromZod(validated.error));
  ctx.wrote = false;
  ctx.entityKey = null;
  try {
    const outcome = await handler.apply(ctx, validated.data);
    return { type, outcome, key: ctx.entityKey, problems: [] };
  } catch (error) {
    const problem = problemFromError(error);
    // A line found faulty after part of it was written cannot be rejected
    // alone: treat it as what it is, a bug, and abort the batch.
    if (!problem || ctx.wrote) throw error;
    return rejected(type, [problem]);
  }
}

/** History entries per statement; they are written in input order, so ids keep the order of changes. */
const HISTORY_BATCH = 500;

async function flushChanges(ctx: IngestContext) {
  if (ctx.changes.length === 0) return;
  await ctx.tx.changeEvent.createMany({ data: ctx.changes });
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
  // Nesting, reserved keys and NUL, before anything else reads the line (src/ingest/input.ts).
  const problem = shapeProblem(value);
  if (problem) return { problem };
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
