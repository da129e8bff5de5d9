// Stopping `assist-hub serve` (the real command, over real HTTP): SIGTERM lets
// the request in flight finish and answer, takes no new connection, closes
// the database (PGlite's lock file goes with it) and exits 0.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintToken } from '../../src/access/tokens';
import { checkCharacter } from '../../src/lib/ids';
import { onPostgres, throwAwayDatabaseUrl } from '../helpers/database';
import { startListening } from '../helpers/processes';

const CLI = require.resolve('../../bin/assist-hub.cjs');
const JWT_SECRET = 'shutdown-test-jwt-secret-not-a-secret-0123456789';
const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored rejected } }`;

/** `count` persons with valid, distinct ID numbers: a batch that takes the hub a second or more. */
function persons(count: number): object[] {
  return Array.from({ length: count }, (_, i) => {
    const birth = new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `510104${birth}${String(100 + (i % 900)).padStart(3, '0')}`;
    return { type: 'person', idNumber: first17 + checkCharacter(first17) };
  });
}

/** Waits until /metrics counts the first stored lines of an ingestion. */
async function storingBegan(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const text = await (await fetch(`${url}/metrics`)).text();
    if (/^assist_hub_ingest_lines_total\{outcome="stored"\} [1-9]/m.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the batch was not being stored after 15 s');
}

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

async function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  const { child, match } = await startListening(process.execPath, [CLI, 'serve'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HUB_JWT_SECRET: JWT_SECRET, HUB_ID_PEPPER: 'shutdown-test-pepper', PORT: '0', LOG_LEVEL: 'warn', ...env },
    listening: /listening on (http:\/\/\S+?) /,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: match[1]!, exited };
}

test('SIGTERM: the batch in flight is stored and answered, nothing new is taken, the database closes, exit 0', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-shutdown-'));
  const database = onPostgres ? await throwAwayDatabaseUrl() : null;
  try {
    const hub = await serve(database ? { DATABASE_URL: database.url } : { HUB_DATA_DIR: dataDir });
    const token = await mintToken({ sub: 'ops', role: 'ADMIN', regions: ['51'], purpose: 'shutdown test' }, JWT_SECRET);
    const objects = persons(5000);
    const answer = fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SUBMIT, variables: { o: objects } }),
    }).then(async (response) => ({ status: response.status, body: await response.json(), at: Date.now() }));
    // SIGTERM once the batch is being stored: its first chunk counted in /metrics (5,000 objects take over a second).
    await storingBegan(hub.url);
    const signalledAt = Date.now();
    hub.child.kill('SIGTERM');

    const { status, body, at } = await answer;
    expect(at).toBeGreaterThan(signalledAt);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ submitExchangeBatch: { stored: 5000, rejected: 0 } });
    // No new connection once draining.
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
    expect(await hub.exited).toBe(0);
    // PGlite's data folder is left closed: no lock file (postmaster.pid) is left behind.
    if (!database) expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  } finally {
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
