// `npm run bench:gateways -- [--connections 16] [--seconds 10] [--rounds 3]`:
// the household query through the hub's own gateway and through Hive Gateway
// (deploy/hive-gateway/gateway.config.ts), in front of the same ten subgraphs,
// each served alone in a process of its own, on one PostgreSQL database
// (DATABASE_URL's server, default the local one) holding the demo set. The two
// gateways take turns, in bursts of N keep-alive connections; it prints
// requests a second, p50 and p99 for each. Not part of `npm test`.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { mintToken } from '../src/access/tokens';
import { throwAwayDatabaseUrl } from '../tests/helpers/database';
import { freePort, startListening } from '../tests/helpers/processes';
import { burst, quantile, table, type Target } from './benchPeerLoad';
import { CLI, ROOT, SECRETS } from './bench-ingest';

const HIVE = path.join(ROOT, 'node_modules/.bin/hive-gateway');
const SUBGRAPHS = ['registry', 'assistance', 'civil-affairs', 'education', 'housing', 'healthcare-security', 'human-resources', 'disabled-persons-federation', 'charity', 'oversight'];
const HOUSEHOLD = `query Household($s: ID!) { household(sourceId: $s) {
  sourceId region { name } members { relation person { name age } }
  assistanceRecords(first: 20) { edges { node { department program amount status } } } } }`;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const children: ChildProcess[] = [];

/** Starts a process and resolves with what its output matched once it says it listens. */
async function started(command: string, args: string[], env: NodeJS.ProcessEnv, listening: RegExp): Promise<RegExpMatchArray> {
  const { child, match } = await startListening(command, args, { cwd: ROOT, env: { ...process.env, ...SECRETS, LOG_LEVEL: 'warn', ...env }, listening });
  children.push(child);
  return match;
}

async function graphql(url: string, token: string, query: string, variables: object) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

async function main() {
  const connections = option('connections', 16);
  const seconds = option('seconds', 10);
  const rounds = option('rounds', 3);
  process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = await throwAwayDatabaseUrl();
  // One caller is the whole load: its cost bucket is raised, at the gateway and at every subgraph (which
  // charges callers that come through a standard gateway with Authorization).
  const raised = { HUB_RATE_LIMIT_POINTS: '1000000000000', HUB_RATE_LIMIT_RESTORE_PER_SECOND: '1000000000000' };
  const env = { DATABASE_URL: database.url!, PORT: '0', ...raised };
  try {
    const listening = /listening on (http:\/\/\S+?) /;
    // The registry first: it migrates and seeds the demo set; then the other nine at once.
    const urls: Record<string, string> = { registry: (await started(process.execPath, [CLI, 'serve', '--demo', '--subgraph', 'registry'], env, listening))[1]! };
    const rest = await Promise.all(SUBGRAPHS.slice(1).map((s) => started(process.execPath, [CLI, 'serve', '--subgraph', s], env, listening)));
    SUBGRAPHS.slice(1).forEach((s, i) => (urls[s] = rest[i]![1]!));
    const remotes = Object.entries(urls).map(([s, url]) => `${s}=${url}/graphql`);
    const hub = (await started(process.execPath, [CLI, 'serve', ...remotes.flatMap((r) => ['--subgraph-url', r])], env, listening))[1]!;
    const hivePort = await freePort();
    await started(HIVE, ['supergraph', '-c', 'deploy/hive-gateway/gateway.config.ts', '--host', '127.0.0.1', '--port', String(hivePort)], { HUB_SUBGRAPH_URLS: remotes.join(','), LOG_LEVEL: 'info' }, /Listening on/);
    const hive = `http://127.0.0.1:${hivePort}`;
    process.stderr.write(`started: ten subgraphs, the hub gateway at ${hub}, Hive Gateway at ${hive}\n`);

    const token = await mintToken({ sub: 'bench', role: 'ADMIN', regions: ['51'], purpose: 'gateway benchmark' }, SECRETS.HUB_JWT_SECRET);
    const list = await graphql(hub, token, `{ households(first: 50) { edges { node { sourceId } } } }`, {});
    const households: string[] = list.data.households.edges.map((e: { node: { sourceId: string } }) => e.node.sourceId);
    const [viaHub, viaHive] = await Promise.all([graphql(hub, token, HOUSEHOLD, { s: households[0] }), graphql(hive, token, HOUSEHOLD, { s: households[0] })]);
    // The data alike (each gateway reports the cost in its own extensions).
    if (JSON.stringify(viaHub.data) !== JSON.stringify(viaHive.data) || viaHub.errors || viaHive.errors) {
      throw new Error(`the gateways answer differently:\n${JSON.stringify(viaHub)}\n${JSON.stringify(viaHive)}`);
    }

    const bodies = households.map((s) => Buffer.from(JSON.stringify({ query: HOUSEHOLD, variables: { s } })));
    const targets: Record<string, Target> = {
      'hub gateway (Apollo Gateway)': { url: `${hub}/graphql`, headers: { authorization: `Bearer ${token}` }, bodies },
      'Hive Gateway': { url: `${hive}/graphql`, headers: { authorization: `Bearer ${token}` }, bodies },
    };
    process.stdout.write(`bench:gateways  node ${process.version}; ${households.length} households, ${connections} connections, ${rounds} round(s) of ${seconds} s each, interleaved\n`);
    process.stdout.write(`  raised for the benchmark's processes: ${Object.entries(raised).map(([k, v]) => `${k}=${v}`).join(', ')} (one caller is the whole load)\n`);
    for (const target of Object.values(targets)) await burst(target, connections, 2); // warm-up: plans, pools, JIT
    const results = new Map<string, { requests: number; errors: number; seconds: number; latencies: number[]; firstError: string | null }>();
    for (let round = 0; round < rounds; round++) {
      for (const [label, target] of Object.entries(targets)) {
        const r = await burst(target, connections, seconds);
        const sum = results.get(label) ?? { requests: 0, errors: 0, seconds: 0, latencies: [], firstError: null };
        sum.requests += r.requests;
        sum.errors += r.errors;
        sum.seconds += r.seconds;
        sum.latencies.push(...r.latencies);
        sum.firstError ??= r.firstError;
        results.set(label, sum);
      }
    }
    const rows = [['gateway', 'requests', 'errors', 'requests/s', 'p50 ms', 'p99 ms']];
    for (const [label, r] of results) {
      const sorted = r.latencies.sort((a, b) => a - b);
      rows.push([label, String(r.requests), String(r.errors), (r.requests / r.seconds).toFixed(1), quantile(sorted, 0.5).toFixed(1), quantile(sorted, 0.99).toFixed(1)]);
      if (r.firstError) process.stdout.write(`${label}: first error: ${r.firstError}\n`);
    }
    process.stdout.write(`${table(rows)}\n`);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
