// `assist-hub import FILE...`: NDJSON files through the ingestion service, one
// transaction per file. Exit status (EXCHANGE.md): 0 all stored or unchanged,
// 1 some line rejected (the valid lines are stored), 2 fatal (nothing from
// that file is stored).
import fs from 'node:fs';
import readline from 'node:readline';
import { SingleBar, Presets } from 'cli-progress';
import type { PrismaClient } from '../db/client/prisma/client';
import { formatMoney } from '../lib/money';
import { checkAtTheDoor, needsCheck, noteRecordKeys, storedRecordKeys, type DoorCheck, type DoorCounterpart } from '../detection/door';
import type { Sender } from './handler';
import { ingest, type IngestItem, type IngestSummary } from './service';

export interface ImportOptions {
  sender: Sender;
  personKeyPepper: string;
  /** Show a progress bar (on a terminal). */
  progress: boolean;
  write: (line: string) => void;
  /** Run the duplicate rules after each file that stored something they read (the check at the door); default on. */
  duplicateCheck?: boolean;
}

export type FileResult =
  | { file: string; summary: IngestSummary; check?: DoorCheck | { failed: string } }
  | { file: string; fatal: string };

export async function importFiles(prisma: PrismaClient, files: string[], options: ImportOptions): Promise<number> {
  let exitCode = 0;
  for (const file of files) {
    const result = await importFile(prisma, file, options);
    report(result, options.write);
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
    const recordKeys = new Map<number, string>();
    const summary = await ingest(prisma, noteRecordKeys(readLines(file), recordKeys), {
      sender: options.sender,
      personKeyPepper: options.personKeyPepper,
      onItem: (done) => bar?.update(done),
    });
    if (options.duplicateCheck === false || !needsCheck(summary)) return { file, summary };
    return { file, summary, check: await doorCheck(prisma, storedRecordKeys(recordKeys, summary), options) };
  } catch (error) {
    return { file, fatal: firstLine(error) };
  } finally {
    bar?.stop();
  }
}

/** The file is stored whatever the check says: a failed check is reported, not fatal. */
async function doorCheck(prisma: PrismaClient, recordKeys: string[], options: ImportOptions): Promise<DoorCheck | { failed: string }> {
  try {
    return await checkAtTheDoor(prisma, recordKeys, { startedBy: options.sender.name });
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

function report(result: FileResult, write: (line: string) => void) {
  if ('fatal' in result) {
    write(`${result.file}: fatal: ${result.fatal} (nothing from this file was stored)`);
    return;
  }
  const { summary } = result;
  for (const rejection of summary.rejections) {
    for (const problem of rejection.problems) write(`${result.file}:${rejection.position}: ${problem.field}: ${problem.reason}`);
  }
  write(`${result.file}: ${summary.stored} stored, ${summary.unchanged} unchanged, ${summary.rejected} rejected`);
  if (result.check) reportCheck(result.file, result.check, write);
}

function reportCheck(file: string, check: DoorCheck | { failed: string }, write: (line: string) => void) {
  if ('failed' in check) {
    write(`${file}: duplicate check failed: ${check.failed} (the lines above are stored; run assist-hub detect --rules D1,D2,D3,D4,D5,D6 later)`);
    return;
  }
  // Nothing found: the summary line says all there is to say.
  if (check.findings.length === 0) return;
  write(`${file}: duplicate check as of ${check.asOf}: ${check.findings.length} finding(s) involve records of this file, which stay stored`);
  // The same restricted facts as the batch answer (door.ts): this file's records, and of each
  // other record its department, program, county and common days, never its id or amount.
  for (const f of check.findings) {
    const money = f.overpayment === null ? '' : ` overpayment ${formatMoney(f.overpayment)}`;
    const others = f.others.length ? ` with ${f.others.map(describeCounterpart).join('; ')}` : '';
    write(`${file}: finding ${f.id} ${f.rule} ${f.status}: ${f.batchRecords.join(' ')}${others}${money}`);
  }
}

/** "CIVIL_AFFAIRS DIBAO in 511302 from 2026-03-01 to 2026-04-30" ("no common day" for D3; an open end "onwards"). */
function describeCounterpart(other: DoorCounterpart): string {
  const days = other.overlapFrom === null ? 'no common day' : `from ${other.overlapFrom} ${other.overlapTo === null ? 'onwards' : `to ${other.overlapTo}`}`;
  return `${other.department} ${other.program} in ${other.regionCode} ${days}`;
}

/** Prisma's messages start with a blank line; the first line with text says what happened. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
