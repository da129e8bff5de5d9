// `assist-hub import FILE...`: NDJSON files through the ingestion service, read
// line by line and committed chunk by chunk. Exit status (EXCHANGE.md): 0 all
// stored or unchanged, 1 some line rejected (the valid lines are stored), 2
// fatal (the chunks committed before it stay stored; the same import run
// again completes the file).
import fs from 'node:fs';
import readline from 'node:readline';
import { SingleBar, Presets } from 'cli-progress';
import type { PrismaClient } from '../db/client/prisma/client';
import type { Sender } from './handler';
import { ingest, IngestInterrupted, type FollowUp, type IngestItem, type IngestSummary } from './service';

export interface ImportOptions {
  sender: Sender;
  personKeyPepper: string;
  /** Show a progress bar (on a terminal). */
  progress: boolean;
  write: (line: string) => void;
  /** Work to run after each file on what it stored (the check at the door), and print. */
  followUp?: FollowUp<unknown>;
}

export type FileResult =
  | { file: string; summary: IngestSummary; followUp?: { result: unknown } | { failed: string } }
  | { file: string; fatal: string; committedThrough?: number | null };

export async function importFiles(prisma: PrismaClient, files: string[], options: ImportOptions): Promise<number> {
  let exitCode = 0;
  for (const file of files) {
    const result = await importFile(prisma, file, options);
    report(result, options);
    const code = 'fatal' in result ? 2 : result.summary.rejected > 0 ? 1 : 0;
    exitCode = Math.max(exitCode, code);
  }
  return exitCode;
}

async function importFile(prisma: PrismaClient, file: string, options: ImportOptions): Promise<FileResult> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (error) {
    return { file, fatal: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const bar = options.progress ? new SingleBar({ format: `${file} [{bar}] {value}/{total} lines`, hideCursor: true }, Presets.shades_classic) : null;
  try {
    bar?.start(await countLines(file), 0);
    const summary = await ingest(prisma, readLines(file), {
      sender: options.sender,
      personKeyPepper: options.personKeyPepper,
      followUp: options.followUp,
      onItem: (done) => bar?.update(done),
      keepOutcomes: false,
    });
    const followUp = options.followUp;
    if (!followUp || !(await followUp.needed(prisma))) return { file, summary };
    return { file, summary, followUp: await runFollowUp(prisma, followUp, summary, options) };
  } catch (error) {
    const committedThrough = error instanceof IngestInterrupted ? error.committedThrough : null;
    return { file, fatal: firstLine(error), committedThrough };
  } finally {
    bar?.stop();
  }
}

/** The file is stored whatever its follow-up says: a failed follow-up is reported, not fatal. */
async function runFollowUp(prisma: PrismaClient, followUp: FollowUp<unknown>, summary: IngestSummary, options: ImportOptions) {
  try {
    return { result: await followUp.run(prisma, summary.startedAt, options.sender.name) };
  } catch (error) {
    return { failed: firstLine(error) };
  }
}

async function* readLines(file: string): AsyncGenerator<IngestItem> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let position = 0;
  for await (const line of lines) {
    position++;
    const text = position === 1 ? line.replace(/^\uFEFF/, '') : line; // tolerate a UTF-8 byte-order mark
    if (text.trim() !== '') yield { position, input: text };
  }
}

async function countLines(file: string): Promise<number> {
  let count = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line.trim() !== '') count++;
  }
  return count;
}

function report(result: FileResult, { write, followUp }: ImportOptions) {
  if ('fatal' in result) {
    const stored =
      result.committedThrough == null
        ? 'nothing from this file was stored'
        : `lines 1-${result.committedThrough} are stored; run the same import again to complete it`;
    write(`${result.file}: fatal: ${result.fatal} (${stored})`);
    return;
  }
  const { summary } = result;
  for (const rejection of summary.rejections) {
    for (const problem of rejection.problems) write(`${result.file}:${rejection.position}: ${problem.field}: ${problem.reason}`);
  }
  write(`${result.file}: ${summary.stored} stored, ${summary.unchanged} unchanged, ${summary.rejected} rejected`);
  if (!result.followUp || !followUp) return;
  if ('failed' in result.followUp) {
    write(followUp.describeFailure(result.file, result.followUp.failed));
    return;
  }
  for (const line of followUp.describe(result.file, result.followUp.result)) write(line);
}

/** Prisma's messages start with a blank line; the first line with text says what happened. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
