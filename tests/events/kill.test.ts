// The hub killed (SIGKILL) in the middle of sending events, and started
// again on the same database: every event reaches its subscriber, each always
// under one idempotency key, and none reaches a subscriber that may not read
// it. The real command over real HTTP, on PGlite or PostgreSQL.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintToken } from '../../src/access/tokens';
import { startCallbackReceiver, type CallbackReceiver } from '../helpers/callbackReceiver';
import { onPostgres, throwAwayDatabaseUrl } from '../helpers/database';
import { family, familyRecords, idNumberFor } from '../helpers/exchange';
import { startListening } from '../helpers/processes';

jest.setTimeout(240_000);

const CLI = require.resolve('../../bin/assist-hub.cjs');
const JWT_SECRET = 'events-kill-test-jwt-secret-0123456789abcdef';
const RECORDS = 240;
const chengdu = family('510104', 1);

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown>;
}

async function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  const { child, match } = await startListening(process.execPath, [CLI, 'serve'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      HUB_JWT_SECRET: JWT_SECRET,
      HUB_ID_PEPPER: 'events-kill-test-pepper',
      PORT: '0',
      LOG_LEVEL: 'warn',
      // A try cut by the kill is tried again 3 s after it began.
      HUB_EVENT_EXPIRE_SECONDS: '3',
      HUB_EVENT_RETRY_DELAY_SECONDS: '1',
      ...env,
    },
    listening: /listening on (http:\/\/\S+?) /,
  });
  return { child, url: match[1]!, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

async function graphql(url: string, token: string, query: string, variables: object) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const ISSUE = `mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key } }`;

/** A SYSTEM key of `department` over `regions`, its callbacks allowed to `receiver`, subscribed through DCI to enrollment changes. */
async function subscriber(url: string, admin: string, department: string, regions: string[], receiver: CallbackReceiver) {
  const input = { name: `${department} events`, role: 'SYSTEM', department, regions, purpose: 'events test', callbackOrigins: [receiver.url] };
  const { key } = (await graphql(url, admin, ISSUE, { input })).issueApiKey;
  const response = await fetch(`${url}/dci/social/registry/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      header: { version: '1.0.0', message_id: 'm', message_ts: new Date().toISOString(), action: 'subscribe', sender_id: department, sender_uri: `${receiver.url}/registry/on-subscribe`, total_count: 1 },
      message: {
        transaction_id: 't',
        subscribe_request: [{ reference_id: 'r', timestamp: new Date().toISOString(), subscribe_criteria: { reg_event_type: 'EnrollmentStatusChange', filter: {}, notify_record_type: 'Event' } }],
      },
    }),
  });
  expect(response.status).toBe(200);
  await receiver.waitFor(1);
}

/** The regions and `RECORDS` medical premium subsidies of as many persons in Chengdu: one enrollment event each. */
function objects(): object[] {
  const regions = [
    { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
    { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
    { type: 'region', code: '510104', name: '锦江区', parentCode: '510100', level: 'COUNTY' },
  ];
  const records = Array.from({ length: RECORDS }, (_, i) => ({
    ...familyRecords('510104', chengdu, 1)[2]!,
    sourceRecordId: `KILL-${i}`,
    // A person each: one person's many subsidies would be as many duplicate payouts for the check at the door.
    beneficiaryIdNumber: idNumberFor('510104', '1970-01-01', i),
  }));
  return [...regions, ...records];
}

const notifications = (receiver: CallbackReceiver) => receiver.received.filter((r) => r.path === '/registry/notify');

test('killed mid-delivery and started again: every event delivered, each under one key, none out of scope', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-events-kill-'));
  const database = onPostgres ? await throwAwayDatabaseUrl() : null;
  const env = database ? { DATABASE_URL: database.url } : { HUB_DATA_DIR: dataDir };
  // Slow enough that deliveries are in flight when the hub dies.
  const [civil, education] = await Promise.all([startCallbackReceiver({ delayMs: 40 }), startCallbackReceiver()]);
  let hub = await serve(env);
  try {
    const admin = await mintToken({ sub: 'ops', role: 'ADMIN', regions: ['51'], purpose: 'events kill test' }, JWT_SECRET);
    await subscriber(hub.url, admin, 'CIVIL_AFFAIRS', ['5101'], civil);
    await subscriber(hub.url, admin, 'EDUCATION', ['5134'], education);
    const stored = await graphql(hub.url, admin, `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored rejected } }`, { o: objects() });
    expect(stored.submitExchangeBatch).toEqual({ stored: RECORDS + 3, rejected: 0 });
    await waitUntil('a first part of the events delivered', () => notifications(civil).length >= 40);
    hub.child.kill('SIGKILL');
    await hub.exited;
    const beforeRestart = notifications(civil).length;
    expect(beforeRestart).toBeLessThan(RECORDS);
    hub = await serve(env);
    const subjectOf = (n: { body: any }) => n.body.message.notify_event[0].data.reg_records.subject as string;
    await waitUntil('every event delivered after the restart', () => new Set(notifications(civil).map(subjectOf)).size >= RECORDS, 120_000);

    const keysBySubject = new Map<string, Set<string>>();
    for (const n of notifications(civil)) {
      const keys = keysBySubject.get(subjectOf(n)) ?? new Set<string>();
      keys.add(String(n.headers['idempotency-key']));
      keysBySubject.set(subjectOf(n), keys);
    }
    expect(keysBySubject.size).toBe(RECORDS);
    expect([...keysBySubject.values()].filter((keys) => keys.size !== 1)).toEqual([]);
    expect(new Set([...keysBySubject.values()].map((keys) => [...keys][0])).size).toBe(RECORDS);
    // Chengdu's records are not the Liangshan education system's to read: only its on-subscribe arrived.
    expect(notifications(education)).toEqual([]);
  } finally {
    hub.child.kill('SIGKILL');
    await hub.exited;
    await civil.close();
    await education.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

async function waitUntil(what: string, done: () => boolean, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
