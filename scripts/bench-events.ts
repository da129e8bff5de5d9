// `npm run bench:events -- [--events 5000] [--batches 25] [--pause 0] [--db pglite|postgres|both]`:
// delivery throughput and lag. A hub on a throw-away database, one webhook
// subscriber on loopback; N record changes are committed in batches (one
// import each, `--pause` ms apart: 0 gives the greatest throughput, a pause a
// rate the hub keeps up with), and every event's lag is timed from the commit of its batch
// to its receipt. Prints events a second (first commit to last receipt) and
// the lag's p50, p99 and maximum. Not part of `npm test`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ingest } from '../src/ingest/service';
import { createLogger } from '../src/lib/logger';
import { startHub } from '../src/server/hub';
import { idNumberFor } from '../tests/helpers/exchange';
import { fastTestConfig, throwAwayDatabaseUrl } from '../tests/helpers/database';
import { quantile } from './benchPeerLoad';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}

const REGIONS = [
  { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
  { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
  { type: 'region', code: '510104', name: '锦江区', parentCode: '510100', level: 'COUNTY' },
];

/** The i-th record: a medical premium subsidy of its own person (no duplicate payouts among them). */
const record = (i: number) => ({
  type: 'record', department: 'HEALTHCARE_SECURITY', sourceRecordId: `BENCH-${i}`, program: 'MEDICAL_PREMIUM_SUBSIDY',
  beneficiaryIdNumber: idNumberFor('510104', new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10), i % 1000),
  regionCode: '510104', amount: '380.00', frequency: 'ANNUAL', startDate: '2026-01-01', endDate: '2026-12-31', status: 'ACTIVE',
  needCategory: 'MEDICAL', eventRef: null, expenseBasis: null, charityProgramCode: null,
});

async function receiver() {
  const received = new Map<string, { at: number; subject: string }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { idempotencyKey: string; event: { subject: string } };
      if (!received.has(body.idempotencyKey)) received.set(body.idempotencyKey, { at: performance.now(), subject: body.event.subject });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((r) => server.close(r)) };
}

async function run(kind: 'pglite' | 'postgres', events: number, batches: number, pauseMs: number) {
  if (kind === 'postgres') process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
  else delete process.env.DATABASE_URL;
  const database = await throwAwayDatabaseUrl();
  const config = await fastTestConfig(database.url);
  const hub = await startHub({ config, logger: createLogger('silent') });
  const sink = await receiver();
  try {
    const prisma = hub.db.prisma;
    const sender = { sender: { name: 'bench:admin', department: null }, personKeyPepper: config.idPepper };
    await ingest(prisma, REGIONS.map((input, position) => ({ position, input })), sender);
    await prisma.eventSubscription.create({
      data: {
        code: 'sub_bench', kind: 'ENROLLMENT_STATUS_CHANGE', format: 'WEBHOOK', callerSub: 'bench', role: 'OFFICER', department: 'HEALTHCARE_SECURITY',
        regions: ['51'], purpose: 'bench', notifyUri: `${sink.url}/hook`,
      },
    });
    const committedAt = new Map<string, number>();
    const size = Math.ceil(events / batches);
    for (let b = 0; b < batches; b++) {
      const lines = Array.from({ length: Math.min(size, events - b * size) }, (_, k) => record(b * size + k));
      await ingest(prisma, lines.map((input, position) => ({ position, input })), sender);
      const at = performance.now();
      for (const line of lines) committedAt.set(`${line.department}:${line.sourceRecordId}`, at);
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
    const until = performance.now() + 300_000;
    while (sink.received.size < events && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    const first = Math.min(...committedAt.values());
    const lags = [...sink.received.values()].map((r) => r.at - committedAt.get(r.subject)!).sort((a, b) => a - b);
    const last = Math.max(...[...sink.received.values()].map((r) => r.at));
    return {
      database: kind,
      events,
      'committed/s': Math.round((events / (Math.max(...committedAt.values()) - first)) * 1000),
      delivered: sink.received.size,
      'events/s': Math.round((sink.received.size / (last - first)) * 1000),
      'lag p50 ms': Math.round(quantile(lags, 0.5)),
      'lag p99 ms': Math.round(quantile(lags, 0.99)),
      'lag max ms': Math.round(lags.at(-1) ?? 0),
    };
  } finally {
    await sink.close();
    await hub.close();
    await database.drop();
  }
}

async function main() {
  const events = Number(option('events', '5000'));
  const batches = Number(option('batches', '25'));
  const pauseMs = Number(option('pause', '0'));
  const which = option('db', 'both');
  const kinds = which === 'both' ? (['pglite', 'postgres'] as const) : ([which] as Array<'pglite' | 'postgres'>);
  const rows = [];
  for (const kind of kinds) rows.push(await run(kind, events, batches, pauseMs));
  console.table(rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
