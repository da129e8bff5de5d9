// An exchange file's lines, read and prepared (src/ingest/prepare.ts) in a
// worker thread while the importer's own thread applies and writes the chunk
// before: parsing and validating is a third of an import's work in Node, and
// the machine has a second core. Prepared chunks are plain data and cross to
// the importer as they are, one chunk ahead. Run from TypeScript sources
// (tests, scripts), where a worker cannot load this file, the lines are
// prepared in the importer's thread instead, with the same code.
import fs from 'node:fs';
import readline from 'node:readline';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { LineContext } from './handler';
import { inProcess, type ChunkSource, type IngestItem, type PreparedChunk } from './prepare';

type Context = Omit<LineContext, 'personKeys'>;
type Reply = { chunk: PreparedChunk | null } | { error: string };

/** The file's chunks, for ingest(). */
export function fileChunks(file: string): (ctx: Context) => ChunkSource {
  return (ctx) => (__filename.endsWith('.js') ? inWorker(file, ctx) : inProcess(ctx, readLines(file)));
}

/** A file's non-blank lines with their line numbers (a UTF-8 byte-order mark tolerated). */
export async function* readLines(file: string): AsyncGenerator<IngestItem> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let position = 0;
  for await (const line of lines) {
    position++;
    const text = position === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() !== '') yield { position, input: text };
  }
}

function inWorker(file: string, ctx: Context): ChunkSource {
  const worker = new Worker(__filename, { workerData: { file, ctx } });
  let waiting: { resolve: (chunk: PreparedChunk | null) => void; reject: (error: Error) => void } | null = null;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    waiting?.reject(failure);
    waiting = null;
  };
  worker.on('message', (reply: Reply) => {
    if ('error' in reply) return fail(new Error(reply.error));
    waiting?.resolve(reply.chunk);
    waiting = null;
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the worker reading ${file} stopped (exit code ${code})`)));
  return {
    next: () =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        waiting = { resolve, reject };
        worker.postMessage('next');
      }),
    close: async () => {
      failure ??= new Error('closed');
      await worker.terminate();
    },
  };
}

/** The worker's side: a chunk prepared for each request, in order. */
function serve(file: string, ctx: Context) {
  const source = inProcess(ctx, readLines(file));
  parentPort!.on('message', () => {
    source.next().then(
      (chunk) => parentPort!.postMessage({ chunk } satisfies Reply),
      (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies Reply),
    );
  });
}

if (!isMainThread && workerData?.file) serve(workerData.file as string, workerData.ctx as Context);
