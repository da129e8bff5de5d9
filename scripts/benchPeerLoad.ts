// Load and measurement for `npm run bench:peer` (scripts/bench-peer.ts):
// bursts of N concurrent keep-alive HTTP connections for a fixed time, the
// latency of every request, and the CPU time and resident memory of a process
// with its descendants (and of PostgreSQL backends) read from /proc.
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Target {
  url: string;
  headers: Record<string, string>;
  /** Request bodies, taken in turn by every connection (a rotating set). */
  bodies: Buffer[];
}

export interface BurstResult {
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  /** Milliseconds, one per successful request. */
  latencies: number[];
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** Pid and every descendant, from /proc. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

function readStat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state ppid ... utime (14th field) stime (15th).
    return { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND };
  } catch {
    return null; // gone, or not ours to read
  }
}

/** User + system CPU milliseconds of each pid (absent when unreadable). */
export function cpuMs(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) out.set(pid, stat.cpuMs);
  }
  return out;
}

/** CPU used between two readings; a pid only in the later one counts whole (it started in between). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Busy and total jiffies of the whole machine (the first line of /proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Resident memory in MiB (VmRSS) summed over the pids. */
export function rssMiB(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

/** One POST on a keep-alive agent: status and whole body. */
export function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ERRORS_KEY = Buffer.from('"errors"');

/**
 * `connections` loops, each sending one request after another for `seconds`;
 * the bodies are taken in turn from `start` on. An answer counts as an error
 * when its status is not 200 or it has an `errors` key (a cheap byte search:
 * inside JSON strings a quote is escaped, so only a key matches).
 */
export async function burst(target: Target, connections: number, seconds: number, start = 0): Promise<BurstResult & { next: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(target.url);
  const headers = { 'content-type': 'application/json', ...target.headers };
  let next = start;
  let errors = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  const began = performance.now();
  const deadline = began + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const body = target.bodies[next++ % target.bodies.length]!;
      const t = performance.now();
      try {
        const answer = await post(agent, url, headers, body);
        if (answer.status !== 200 || answer.body.indexOf(ERRORS_KEY) >= 0) {
          errors++;
          firstError ??= `HTTP ${answer.status}: ${answer.body.subarray(0, 300).toString('utf8')}`;
        } else latencies.push(performance.now() - t);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, firstError, seconds: elapsed, latencies, next };
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Samples a value every `everyMs` while running; returns the largest seen. */
export function peakSampler(read: () => number, everyMs = 250): { stop: () => number } {
  let peak = read();
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, read());
    },
  };
}

/** The server's URL naming another database on it. */
export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A text table: the first column left-aligned, the others right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
