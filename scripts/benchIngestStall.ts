// The "no stall" part of `npm run bench:ingest` (scripts/bench-ingest.ts): a
// hub child process, a small query sent one after another while the hub is
// idle, then again on another connection while one `submitExchangeBatch`
// call stores a batch of exchange objects. Also the child-process helpers the
// benchmark shares: peak resident memory from /proc and a timed CLI run.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { post, quantile } from './benchPeerLoad';

// ---------------------------------------------------------------- child processes

/** Peak resident memory of a process so far (VmHWM) in MiB; 0 once it is gone. */
export function peakRssMiB(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export interface TimedRun {
  code: number | null;
  seconds: number;
  /** The largest VmHWM read, every 100 ms while it ran (the last 100 ms before its exit may be missed). */
  peakRssMiB: number;
  stdout: string;
  stderr: string;
}

/** Runs `node ARGS` to its end: wall time, peak RSS, output. */
export function timedNode(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<TimedRun> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let peak = 0;
  const sample = () => (peak = Math.max(peak, peakRssMiB(child.pid!)));
  const timer = setInterval(sample, 100);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => stdout.push(c));
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      resolve({ code, seconds, peakRssMiB: peak, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

// ---------------------------------------------------------------- the hub

export interface RunningHub {
  url: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** `node CLI serve` with env; resolves once it logs the URL it listens on. */
export function startHub(cli: string, env: NodeJS.ProcessEnv, cwd: string, logFile: string): Promise<RunningHub> {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [cli, 'serve'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const hub = (url: string): RunningHub => ({ url, child, logFile, stop: () => stopChild(child) });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the hub did not start in 120 s; see ${logFile}`)), 120_000);
    const onData = (chunk: Buffer) => {
      fs.writeSync(out, chunk);
      seen += chunk.toString('utf8');
      const match = /listening (?:on )?(http:\/\/[\d.:]+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(hub(`${match[1]}/graphql`));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited with ${code}; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.removeAllListeners('exit');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------- requests

export const SMALL_QUERY = '{ regions(first: 1) { edges { node { code } } } }';
const BATCH_MUTATION =
  'mutation Batch($objects: [JSON!]!) { submitExchangeBatch(objects: $objects) { stored unchanged rejected rejections { index problems { field reason } } } }';

interface Answer {
  ms: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/** One GraphQL POST on its own keep-alive agent (one connection per agent); throws on HTTP or GraphQL errors. */
async function ask(agent: http.Agent, url: string, token: string, body: Buffer): Promise<Answer> {
  const started = performance.now();
  const answer = await post(agent, new URL(url), { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body);
  const ms = performance.now() - started;
  const text = answer.body.toString('utf8');
  let json: { data?: unknown; errors?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${answer.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (answer.status !== 200 || json.errors) throw new Error(`HTTP ${answer.status}: ${JSON.stringify(json.errors ?? json).slice(0, 600)}`);
  return { ms, data: json.data };
}

const queryBody = Buffer.from(JSON.stringify({ query: SMALL_QUERY }));

/** The small query one after another until `until()` says stop; the latency of each, in ms. */
async function queryLoop(url: string, token: string, until: () => boolean): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  try {
    while (!until()) latencies.push((await ask(agent, url, token, queryBody)).ms);
  } finally {
    agent.destroy();
  }
  return latencies;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function summarise(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export interface StallResult {
  idle: LatencySummary;
  busy: LatencySummary;
  batchSeconds: number;
  batchBytes: number;
  batch: { stored: number; unchanged: number; rejected: number; rejections: { index: number; problems: { field: string; reason: string }[] }[] };
}

/** Idle latency for `idleSeconds` (after a short warm-up), then latency while one batch of `objects` is stored. */
export async function measureStall(url: string, token: string, objects: unknown[], idleSeconds: number): Promise<StallResult> {
  let warm = 20;
  await queryLoop(url, token, () => warm-- <= 0);
  const idleEnd = performance.now() + idleSeconds * 1000;
  const idle = summarise(await queryLoop(url, token, () => performance.now() >= idleEnd));
  const body = Buffer.from(JSON.stringify({ query: BATCH_MUTATION, variables: { objects } }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let done = false;
  const batch = ask(agent, url, token, body).finally(() => {
    done = true;
    agent.destroy();
  });
  const [answer, busy] = await Promise.all([batch, queryLoop(url, token, () => done)]);
  return { idle, busy: summarise(busy), batchSeconds: answer.ms / 1000, batchBytes: body.length, batch: answer.data.submitExchangeBatch };
}
