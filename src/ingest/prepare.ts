// A line's work that needs nothing stored: its JSON, its shape, its type and
// sender, its fields (zod), and the keys of what it will read. Chunks of
// lines are prepared ahead of the chunk being written, in this thread
// (`inProcess`) or, for a file, in a worker thread of their own
// (src/ingest/prepareWorker.ts): everything here is plain data, so a
// prepared chunk crosses threads as it is.
import type { Handler, LineContext, Outcome } from './handler';
import { emptyKeys, type ChunkKeys } from './chunk';
import { charityProgramHandler } from './handlers/charityProgram';
import { expenseHandler } from './handlers/expense';
import { householdHandler } from './handlers/household';
import { recordHandler } from './handlers/record';
import { personHandler } from './handlers/person';
import { regionHandler } from './handlers/region';
import { standardHandler } from './handlers/standard';
import { shapeProblem } from './input';
import { problemsFromZod, type FieldProblem } from './problems';

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

/** The handler of a prepared line's type. */
export const handlerOf = (type: string): Handler<unknown> => BY_TYPE.get(type)!;

/** Lines read, written and committed together: a chunk's reads and writes are a few statements each. */
export const CHUNK_LINES = 500;
/** Lines prepared between yields to the event loop, so that the chunk being written is not held up. */
const PREPARE_SLICE = 50;

export interface IngestItem {
  /** Line number (file) or list index (GraphQL) that errors refer to. */
  position: number;
  /** The raw JSON text of a line, or an already parsed object. */
  input: string | unknown;
}

export type ItemResult = { type: string | null; outcome: Outcome | 'rejected'; key: string | null; problems: FieldProblem[] };

/** A line ready to apply (its type's handler and its validated value), or its rejection. */
export type Prepared = { type: string; value: unknown } | { rejected: ItemResult };

/** A chunk's lines, each prepared, and the keys of what they will read. */
export interface PreparedChunk {
  positions: number[];
  lines: Prepared[];
  keys: ChunkKeys;
  /** The person key of each ID number the lines carry (normalised number → key): the HMAC is computed once per line. */
  personKeys: Map<string, string>;
}

/** Where a run's prepared chunks come from, one ahead of the chunk being written. */
export interface ChunkSource {
  /** The next chunk; null at the end of the input. */
  next(): Promise<PreparedChunk | null>;
  /** Stops reading (a run that ended early); the chunk being prepared is dropped. */
  close(): Promise<void>;
}

/** Chunks prepared in this thread, between the statements of the chunk being written. */
export function inProcess(ctx: Omit<LineContext, 'personKeys'>, items: Iterable<IngestItem> | AsyncIterable<IngestItem>): ChunkSource {
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  return {
    next: () => prepareChunk(ctx, source),
    close: async () => void (await source.return?.()),
  };
}

/** Reads and prepares the next chunk; null at the end of the input. */
export async function prepareChunk(
  context: Omit<LineContext, 'personKeys'>,
  source: Iterator<IngestItem> | AsyncIterator<IngestItem>,
): Promise<PreparedChunk | null> {
  const chunk: PreparedChunk = { positions: [], lines: [], keys: emptyKeys(), personKeys: new Map() };
  const ctx: LineContext = { ...context, personKeys: chunk.personKeys };
  while (chunk.positions.length < CHUNK_LINES) {
    const next = await source.next();
    if (next.done) break;
    const line = prepare(ctx, next.value.input);
    chunk.positions.push(next.value.position);
    chunk.lines.push(line);
    if (!('rejected' in line)) handlerOf(line.type).keys?.(ctx, line.value, chunk.keys);
    if (chunk.positions.length % PREPARE_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return chunk.positions.length > 0 ? chunk : null;
}

/** What the lines will read, for a load after the chunk's first (a line outside the chunk's sets forgot what was read). */
export function keysOf(ctx: LineContext, lines: Prepared[]): ChunkKeys {
  const keys = emptyKeys();
  for (const line of lines) if (!('rejected' in line)) handlerOf(line.type).keys?.(ctx, line.value, keys);
  return keys;
}

export function rejected(type: string | null, problems: FieldProblem[]): ItemResult {
  return { type, outcome: 'rejected', key: null, problems };
}

/** A line's checks that need nothing stored: its JSON, its shape, its type and sender, its fields. */
function prepare(ctx: LineContext, input: unknown): Prepared {
  const parsed = parseInput(input);
  if ('problem' in parsed) return { rejected: rejected(null, [parsed.problem]) };
  const handler = handlerFor(parsed.object);
  if ('problem' in handler) return { rejected: rejected(null, [handler.problem]) };
  const type = handler.type;
  const refusal = handler.refuse(ctx.sender);
  if (refusal) return { rejected: rejected(type, [{ field: 'type', reason: refusal }]) };
  const validated = handler.schema.safeParse(parsed.object, { reportInput: true }); // without the input, every wrong type would read "is required"
  if (!validated.success) return { rejected: rejected(type, problemsFromZod(validated.error)) };
  return { type, value: validated.data };
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
