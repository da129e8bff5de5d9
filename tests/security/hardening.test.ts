// Hardening, over real HTTP: the audit entry's request id is the hub's own and
// a caller-sent x-request-id only its reference (ACCESS.md v2), also when the
// read happens in a remote subgraph; every response says nosniff; and a
// development hub listens on the loopback address unless told otherwise
// (ACCESS.md, Limits), and a production hub refuses to start on the built-in
// development secrets. Each refusal or restriction has its allowed twin.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyAuditChain } from '../../src/audit/log';
import { loadConfig } from '../../src/lib/config';
import { postGraphql, startTestHub, type TestHub } from '../helpers/hub';
import { auditedDuring, ID, keyOf, seedWorld } from './accessWorld';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ATTACKER_ID = 'attacker-chosen-id-123';

let hub: TestHub;
let officer: string;
let auditor: string;
beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  officer = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: 'case 2026-301', sub: 'officer-zhou' });
  auditor = await hub.token({ role: 'AUDITOR', regions: ['51'], purpose: 'audit review' });
});
afterAll(() => hub?.stop());

const NAME = (personKey: string) => `{ person(personKey: "${personKey}") { name } }`;

/** Reads 张三's name as the officer, sending `headers`; returns the audit entries it wrote. */
async function readName(headers: Record<string, string> = {}, target = hub) {
  return auditedDuring(target, async () => {
    const { body } = await postGraphql(target.url, NAME(keyOf(target, ID.zhangSan)), { token: officer, headers });
    expect(body.errors).toBeUndefined();
    expect(body.data!.person.name).toBe('张三');
  });
}

describe('the audit entry\'s request id is the hub\'s own; a caller-sent x-request-id is kept beside it', () => {
  test('x-request-id: attacker-chosen-id-123 writes an entry whose requestId is the hub\'s own and whose callerRequestId is that value', async () => {
    const [entry, ...more] = await readName({ 'x-request-id': ATTACKER_ID });
    expect(more).toEqual([]);
    expect(entry!.requestId).not.toBe(ATTACKER_ID);
    expect(entry!.requestId).toMatch(UUID);
    expect(entry!.callerRequestId).toBe(ATTACKER_ID);
  });

  test('two requests sending the same x-request-id get two different request ids (a caller cannot collide with another request)', async () => {
    const [first] = await readName({ 'x-request-id': ATTACKER_ID });
    const [second] = await readName({ 'x-request-id': ATTACKER_ID });
    expect(first!.requestId).not.toBe(second!.requestId);
    expect([first!.callerRequestId, second!.callerRequestId]).toEqual([ATTACKER_ID, ATTACKER_ID]);
  });

  test('without x-request-id, or with a malformed one, the entry has the hub\'s id and no callerRequestId (the twin)', async () => {
    for (const headers of [{}, { 'x-request-id': 'short' }, { 'x-request-id': 'has spaces and ; semicolons' }] as Record<string, string>[]) {
      const [entry] = await readName(headers);
      expect(entry!.requestId).toMatch(UUID);
      expect(entry!.callerRequestId).toBeNull();
    }
  });

  test('AuditEntry exposes callerRequestId beside requestId to an auditor', async () => {
    const [entry] = await readName({ 'x-request-id': 'caller-ref-2026-0042' });
    const { body } = await hub.graphql(
      `{ auditEntries(personKey: "${keyOf(hub, ID.zhangSan)}", first: 1) { edges { node { requestId callerRequestId sub } } } }`,
      { token: auditor },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.auditEntries.edges).toEqual([{ node: { requestId: entry!.requestId, callerRequestId: 'caller-ref-2026-0042', sub: 'officer-zhou' } }]);
  });

  test('the hash chain covers callerRequestId: editing it is detected, and an entry without one hashes exactly as before the field existed', async () => {
    const [withReference] = await readName({ 'x-request-id': 'caller-ref-to-edit-01' });
    const [withoutReference] = await readName();
    expect(await verifyAuditChain(hub.db.prisma)).toMatchObject({ problems: [] });

    // An entry with no callerRequestId: the canonical form of every entry written before the field existed.
    const before = createHash('sha256')
      .update(JSON.stringify([
        withoutReference!.prevHash, withoutReference!.at.toISOString(), withoutReference!.requestId, withoutReference!.sub,
        withoutReference!.role, withoutReference!.department, withoutReference!.purpose, withoutReference!.personKey,
        withoutReference!.householdSourceId, withoutReference!.fields,
      ]))
      .digest('hex');
    expect(withoutReference!.hash).toBe(before);

    const edit = async (value: string | null) => {
      await hub.db.prisma.$executeRawUnsafe('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
      try {
        await hub.db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET caller_request_id = $1 WHERE id = ${withReference!.id}`, value);
      } finally {
        await hub.db.prisma.$executeRawUnsafe('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
      }
    };
    const editedId = withReference!.id.toString();
    try {
      for (const value of ['someone-elses-ref-01', null]) {
        await edit(value);
        const { problems } = await verifyAuditChain(hub.db.prisma);
        expect(problems).toEqual([{ id: editedId, problem: 'EDITED', message: `entry ${editedId} was edited: its content no longer matches its hash` }]);
      }
    } finally {
      await edit('caller-ref-to-edit-01');
    }
    expect(await verifyAuditChain(hub.db.prisma)).toMatchObject({ problems: [] });
  });

  describe('when the read happens in a remote subgraph', () => {
    let registry: TestHub;
    let gateway: TestHub;
    beforeAll(async () => {
      registry = await startTestHub({ mode: { kind: 'subgraph', name: 'registry' } });
      await seedWorld(registry);
      gateway = await startTestHub({ mode: { kind: 'gateway', remotes: { registry: `${registry.url}/graphql` } } });
    });
    afterAll(async () => {
      await gateway?.stop();
      await registry?.stop();
    });

    test('the subgraph\'s entry carries the gateway\'s request id and the caller\'s x-request-id as callerRequestId, both from the signed identity', async () => {
      const entries = await auditedDuring(registry, async () => {
        const { body } = await postGraphql(gateway.url, NAME(keyOf(registry, ID.zhangSan)), { token: officer, headers: { 'x-request-id': ATTACKER_ID } });
        expect(body.errors).toBeUndefined();
        expect(body.data!.person.name).toBe('张三');
      });
      expect(entries).toHaveLength(1);
      expect(entries[0]!.requestId).toMatch(UUID);
      expect(entries[0]!.callerRequestId).toBe(ATTACKER_ID);
    });

    test('without x-request-id the subgraph\'s entry has the gateway\'s id and no callerRequestId (the twin)', async () => {
      const entries = await auditedDuring(registry, () => postGraphql(gateway.url, NAME(keyOf(registry, ID.zhangSan)), { token: officer }));
      expect(entries).toHaveLength(1);
      expect(entries[0]!.requestId).toMatch(UUID);
      expect(entries[0]!.callerRequestId).toBeNull();
    });
  });
});

describe('every response carries X-Content-Type-Options: nosniff', () => {
  // The status of each is what it always was; only the header is new. (A syntax error's status is
  // GraphQL Armor's to set, whatever it is: null.)
  const requests: [string, () => Promise<Response>, number | null][] = [
    ['POST /graphql answered', () => fetch(`${hub.url}/graphql`, post('{ __typename }', officer)), 200],
    ['POST /graphql refused (bad token)', () => fetch(`${hub.url}/graphql`, post('{ __typename }', 'not.a.jwt')), 401],
    ['POST /graphql refused (syntax error)', () => fetch(`${hub.url}/graphql`, post('{', officer)), null],
    ['POST /graphql refused (no JSON content type: CSRF prevention)', () => fetch(`${hub.url}/graphql`, { method: 'POST', body: '{}' }), 400],
    ['GET /healthz', () => fetch(`${hub.url}/healthz`), 200],
    ['GET /readyz', () => fetch(`${hub.url}/readyz`), 200],
    ['GET / (the playground)', () => fetch(`${hub.url}/`, { headers: { accept: 'text/html' } }), 200],
    ['GET /no-such-route', () => fetch(`${hub.url}/no-such-route`), 404],
  ];
  test.each(requests)('%s', async (_name, request, status) => {
    const response = await request();
    if (status !== null) expect(response.status).toBe(status);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await response.arrayBuffer();
  });

  function post(query: string, token: string): RequestInit {
    return { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) };
  }
});

describe('a development hub listens on the loopback address unless told otherwise', () => {
  /** This machine's first non-loopback IPv4 address, if it has one. */
  const outside = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  const healthz = (host: string, port: number) => fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(5000) });

  test('a development hub listens on 127.0.0.1 only: reachable over loopback, refused on this machine\'s other addresses', async () => {
    expect(hub.config.production).toBe(false);
    expect(hub.address).toBe('127.0.0.1');
    expect((await healthz('127.0.0.1', hub.port)).status).toBe(200);
    if (outside) await expect(healthz(outside, hub.port)).rejects.toThrow();
  });

  test('told otherwise (HUB_HOST=0.0.0.0), a development hub listens on every interface (the twin)', async () => {
    const open = await startTestHub({ env: { HUB_HOST: '0.0.0.0' } });
    try {
      expect(open.address).toBe('0.0.0.0');
      expect((await healthz('127.0.0.1', open.port)).status).toBe(200);
      if (outside) expect((await healthz(outside, open.port)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });

  test('HUB_HOST defaults to 127.0.0.1 in development and 0.0.0.0 in production, and is taken as given', () => {
    const secrets = { HUB_ID_PEPPER: 'p', HUB_JWT_SECRET: 's' };
    expect(loadConfig({ ...secrets }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...secrets, NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...secrets, NODE_ENV: 'production' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...secrets, NODE_ENV: 'production', HUB_HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
    expect(loadConfig({ ...secrets, HUB_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('production never runs on the built-in development secrets', () => {
  const CLI = require.resolve('../../bin/assist-hub.cjs');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-prod-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const serve = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [CLI, 'serve'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', HUB_DATA_DIR: dataDir, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('`serve` in production without HUB_ID_PEPPER or HUB_JWT_SECRET refuses to start and names what is missing', () => {
    const neither = serve({});
    expect(neither.status).not.toBe(0);
    expect(neither.stderr).toMatch(/production mode needs HUB_ID_PEPPER and HUB_JWT_SECRET to be set/);
    const noPepper = serve({ HUB_JWT_SECRET: 'a-real-secret-long-enough-for-hs256-0123456789' });
    expect(noPepper.status).not.toBe(0);
    expect(noPepper.stderr).toMatch(/production mode needs HUB_ID_PEPPER to be set/);
  });

  test('with both set, the production configuration loads (the twin)', () => {
    const config = loadConfig({ NODE_ENV: 'production', HUB_ID_PEPPER: 'pepper', HUB_JWT_SECRET: 'secret' });
    expect(config.production).toBe(true);
    expect(config.usingDevelopmentSecrets).toBe(false);
  });
});
