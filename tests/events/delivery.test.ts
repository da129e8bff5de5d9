// Events end to end on a real hub over real HTTP: written to the outbox in
// the transaction of their cause (and not when it rolls back), dispatched
// only to subscribers whose caller may read them, sent signed to loopback
// receivers (the DCI notify shape checked against the OpenAPI file), retried,
// left DEAD after the last try, and sent again under the same key on replay.
import { compactVerify, createLocalJWKSet, decodeJwt } from 'jose';
import { storeApiKey } from '../../src/access/apiKeys';
import { mintToken } from '../../src/access/tokens';
import { verifyAuditChain } from '../../src/audit/log';
import { ingest } from '../../src/ingest/service';
import { canonicalJson } from '../../src/lib/canonicalJson';
import { personKey } from '../../src/lib/ids';
import { startCallbackReceiver, type CallbackReceiver } from '../helpers/callbackReceiver';
import { dciSpec } from '../helpers/dciSpec';
import { family, familyRecords, idNumberFor } from '../helpers/exchange';
import { startTestHub, type TestHub } from '../helpers/hub';
import { seedTwoCounties } from '../helpers/twoCounties';

jest.setTimeout(90_000);

let hub: TestHub;
/** A CIVIL_AFFAIRS system over Chengdu (5101), subscribed through DCI. */
let civil: CallbackReceiver;
/** An EDUCATION officer over Liangshan (5134), subscribed with a webhook. */
let education: CallbackReceiver;
let civilToken: string;
const chengdu = family('510104', 1);
const liangshan = family('513401', 2);

beforeAll(async () => {
  hub = await startTestHub({ env: { HUB_EVENT_RETRY_LIMIT: '1', HUB_EVENT_RETRY_DELAY_SECONDS: '1', HUB_EVENT_EXPIRE_SECONDS: '2' } });
  [civil, education] = await Promise.all([startCallbackReceiver(), startCallbackReceiver()]);
  await seedTwoCounties(hub.db.prisma, hub.config.idPepper);
  await importLines(familyRecords('510104', chengdu, 1));
  const { apiKey, key } = await storeApiKey(
    hub.db.prisma,
    { name: 'events test', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: '低保复核', expiresAt: null },
    'test-admin',
  );
  await hub.db.prisma.apiKey.update({ where: { id: apiKey.id }, data: { callbackOrigins: [civil.url] } });
  civilToken = key;
});

afterAll(async () => {
  await civil?.close();
  await education?.close();
  await hub?.stop();
});

async function importLines(lines: object[]) {
  const summary = await ingest(
    hub.db.prisma,
    lines.map((input, position) => ({ position, input })),
    { sender: { name: 'test:admin', department: null }, personKeyPepper: hub.config.idPepper },
  );
  expect(summary.rejected).toBe(0);
}

async function dciSubscribe(eventType: string) {
  const seen = civil.received.length;
  const response = await fetch(`${hub.url}/dci/social/registry/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${civilToken}` },
    body: JSON.stringify({
      header: {
        version: '1.0.0',
        message_id: `m-${eventType}`,
        message_ts: new Date().toISOString(),
        action: 'subscribe',
        sender_id: 'civil-affairs.test',
        sender_uri: `${civil.url}/registry/on-subscribe`,
        total_count: 1,
      },
      message: {
        transaction_id: `t-${eventType}`,
        subscribe_request: [{ reference_id: eventType, timestamp: new Date().toISOString(), subscribe_criteria: { reg_event_type: eventType, filter: {}, notify_record_type: 'Event' } }],
      },
    }),
  });
  expect(response.status).toBe(200);
  await civil.waitFor(seen + 1);
  return civil.received[seen]!.body.message.subscribe_response[0].subscriptions[0].code as string;
}

const notifications = (receiver: CallbackReceiver) => receiver.received.filter((r) => r.path === '/registry/notify' || r.path === '/hook');

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('an event is written with its cause while its kind has an active subscription, and not when the cause is rolled back or nobody subscribes', async () => {
  const change = (entityKey: string) => ({
    entityType: 'record',
    entityKey,
    action: 'CREATED' as const,
    sender: 'test',
    current: { status: 'ACTIVE', program: 'DIBAO', regionCode: '510104' },
  });
  const written = async () =>
    (await hub.db.prisma.hubEvent.findMany({ where: { subject: { startsWith: 'CIVIL_AFFAIRS:EVT-' } }, orderBy: { id: 'asc' } })).map((e) => e.subject);
  await hub.db.prisma.changeEvent.create({ data: change('CIVIL_AFFAIRS:EVT-NOBODY-LISTENS') });
  expect(await written()).toEqual([]);
  // A subscriber of the kind whose caller may read none of it (nothing is sent to it), cancelled at the end.
  const listener = await hub.db.prisma.eventSubscription.create({
    data: { code: 'sub_listener', kind: 'ENROLLMENT_STATUS_CHANGE', format: 'WEBHOOK', callerSub: 'nobody', role: 'OFFICER', department: 'HOUSING', regions: ['9999'], notifyUri: `${education.url}/unused` },
  });
  await expect(
    hub.db.prisma.$transaction(async (tx) => {
      await tx.changeEvent.create({ data: change('CIVIL_AFFAIRS:EVT-ROLLED-BACK') });
      throw new Error('the cause fails after its history was written');
    }),
  ).rejects.toThrow('the cause fails');
  await hub.db.prisma.changeEvent.create({ data: change('CIVIL_AFFAIRS:EVT-COMMITTED') });
  await hub.db.prisma.eventSubscription.update({ where: { code: listener.code }, data: { active: false } });
  await hub.db.prisma.changeEvent.create({ data: change('CIVIL_AFFAIRS:EVT-AFTER-CANCEL') });
  expect(await written()).toEqual(['CIVIL_AFFAIRS:EVT-COMMITTED']);
});

test('each subscriber is sent, signed, exactly the events it may read, from its subscribing on', async () => {
  const [enrollment, death] = [await dciSubscribe('EnrollmentStatusChange'), await dciSubscribe('Death')];
  const webhook = await hub.db.prisma.eventSubscription.create({
    data: {
      code: 'sub_education_webhook',
      kind: 'ENROLLMENT_STATUS_CHANGE',
      format: 'WEBHOOK',
      callerSub: 'edu-officer',
      role: 'OFFICER',
      department: 'EDUCATION',
      regions: ['5134'],
      purpose: '资助复核',
      notifyUri: `${education.url}/hook`,
    },
  });
  await importLines([
    // Chengdu: the dibao ends, the head dies. Liangshan: a new record starts.
    { ...familyRecords('510104', chengdu, 1)[0], status: 'ENDED', endDate: '2026-11-30' },
    { type: 'person', idNumber: chengdu.head, deathDate: '2026-11-20' },
    familyRecords('513401', liangshan, 2)[0]!,
  ]);
  const civilGot = await eventually('two notifications at the civil-affairs receiver', async () => (notifications(civil).length >= 2 ? notifications(civil) : undefined));
  const educationGot = await eventually('one webhook at the education receiver', async () => (notifications(education).length >= 1 ? notifications(education) : undefined));
  // Give a wrong extra delivery time to arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(notifications(civil)).toHaveLength(2);
  expect(notifications(education)).toHaveLength(1);

  const jwks = createLocalJWKSet(await (await fetch(`${hub.url}/.well-known/jwks.json`)).json());
  const records = [];
  for (const notify of civilGot) {
    expect(dciSpec('social').requestProblems('/registry/notify', notify.body)).toEqual([]);
    expect(notify.headers['idempotency-key']).toBe(notify.body.message.transaction_id);
    const [head, , signature] = notify.body.signature.split('.');
    const payload = Buffer.from(canonicalJson({ header: notify.body.header, message: notify.body.message })).toString('base64url');
    await compactVerify(`${head}.${payload}.${signature}`, jwks);
    records.push(notify.body.message.notify_event[0].data.reg_records);
  }
  const headKey = personKey(chengdu.head, hub.config.idPepper);
  expect(records).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ event_type: 'EnrollmentStatusChange', subscription_code: enrollment, subject: 'CIVIL_AFFAIRS:CA-T-1', fromStatus: 'ACTIVE', toStatus: 'ENDED' }),
      expect.objectContaining({ event_type: 'Death', subscription_code: death, person_key: headKey, deathDate: '2026-11-20' }),
    ]),
  );
  expect(JSON.stringify(civilGot)).not.toContain(chengdu.head);

  const [hook] = educationGot;
  const [head, , signature] = String(hook!.headers['x-hub-signature']).split('.');
  await compactVerify(`${head}.${Buffer.from(JSON.stringify(hook!.body)).toString('base64url')}.${signature}`, jwks);
  expect(hook!.body).toMatchObject({ subscription: webhook.code, event: { kind: 'ENROLLMENT_STATUS_CHANGE', subject: 'CIVIL_AFFAIRS:CA-T-2', toStatus: 'ACTIVE' } });
  expect(hook!.headers['idempotency-key']).toBe(hook!.body.idempotencyKey);
});

test('a receiver that keeps failing leaves the delivery DEAD after the last try; a replay sends it again under the same key', async () => {
  const subscription = await hub.db.prisma.eventSubscription.create({
    data: {
      code: 'sub_failing',
      kind: 'DEATH',
      format: 'WEBHOOK',
      callerSub: 'admin',
      role: 'ADMIN',
      regions: ['51'],
      purpose: 'audit',
      notifyUri: `${education.url}/hook`,
    },
  });
  education.respondWith(500);
  const before = notifications(education).length;
  await importLines([{ type: 'person', idNumber: liangshan.head, deathDate: '2026-11-25' }]);
  const dead = await eventually('the delivery is DEAD', async () => {
    const delivery = await hub.db.prisma.eventDelivery.findFirst({ where: { subscriptionCode: subscription.code } });
    return delivery?.status === 'DEAD' ? delivery : undefined;
  });
  expect(dead).toMatchObject({ attempts: 2, lastError: 'HTTP 500' });
  const tries = notifications(education).slice(before);
  expect(tries).toHaveLength(2);
  expect(new Set(tries.map((t) => t.headers['idempotency-key']))).toEqual(new Set([dead.idempotencyKey]));

  education.respondWith(200);
  await hub.db.prisma.eventDelivery.update({ where: { id: dead.id }, data: { status: 'PENDING', queued: false } });
  const delivered = await eventually('the replayed delivery is DELIVERED', async () => {
    const delivery = await hub.db.prisma.eventDelivery.findUniqueOrThrow({ where: { id: dead.id } });
    return delivery.status === 'DELIVERED' ? delivery : undefined;
  });
  expect(delivered.attempts).toBe(3);
  expect(notifications(education).at(-1)!.headers['idempotency-key']).toBe(dead.idempotencyKey);
});

test('a receiver that never answers: each try is cut when its time is up, and after the last the delivery is DEAD', async () => {
  const silent = await startCallbackReceiver({ delayMs: 60_000 });
  try {
    const subscription = await hub.db.prisma.eventSubscription.create({
      data: { code: 'sub_silent', kind: 'DEATH', format: 'WEBHOOK', callerSub: 'admin', role: 'ADMIN', regions: ['51'], purpose: 'audit', notifyUri: `${silent.url}/hook` },
    });
    await importLines([{ type: 'person', idNumber: chengdu.spouse, deathDate: '2026-11-28' }]);
    const dead = await eventually('the delivery is DEAD', async () => {
      const delivery = await hub.db.prisma.eventDelivery.findFirst({ where: { subscriptionCode: subscription.code } });
      return delivery?.status === 'DEAD' ? delivery : undefined;
    });
    expect(dead.lastError).toBe('the last try did not finish in time');
    expect(silent.received.length).toBe(2);
  } finally {
    await silent.close();
  }
});

test('a subscription made with a token ends with the token: after its exp nothing more is sent on it, while one made with a later token is', async () => {
  const receiver = await startCallbackReceiver();
  try {
    const claims = { sub: 'edu-expiring', role: 'OFFICER' as const, department: 'EDUCATION' as const, regions: ['5134'], purpose: '资助复核' };
    const subscribeWith = async (token: string, path: string) => {
      const { body } = await hub.graphql('mutation($input: SubscribeToEventsInput!) { subscribeToEvents(input: $input) { code expiresAt } }', {
        token,
        variables: { input: { kind: 'ENROLLMENT_STATUS_CHANGE', callbackUrl: `${receiver.url}${path}` } },
      });
      expect(body.errors).toBeUndefined();
      return body.data!.subscribeToEvents as { code: string; expiresAt: string };
    };
    const shortToken = await mintToken(claims, hub.config.jwtSecret, 2);
    const short = await subscribeWith(shortToken, '/short');
    expect(short.expiresAt).toBe(new Date(decodeJwt(shortToken).exp! * 1000).toISOString());
    const long = await subscribeWith(await mintToken(claims, hub.config.jwtSecret, 3600), '/long');
    await new Promise((resolve) => setTimeout(resolve, Date.parse(short.expiresAt) - Date.now() + 200));

    await importLines([{ ...familyRecords('513401', liangshan, 2)[0], status: 'ENDED', endDate: '2026-11-30' }]);
    await eventually('the event at the subscription of the later token', async () => (receiver.received.some((r) => r.path === '/long') ? true : undefined));
    // Give a wrong delivery time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received.filter((r) => r.path === '/short')).toEqual([]);
    expect(await hub.db.prisma.eventDelivery.count({ where: { subscriptionCode: short.code } })).toBe(0);
    expect(await hub.db.prisma.eventDelivery.count({ where: { subscriptionCode: long.code } })).toBe(1);
  } finally {
    await receiver.close();
  }
});

test('an event about a record that reveals health is audited before each try, under the delivery\'s key, as a read by its subscriber; one about an education grant is not', async () => {
  const receiver = await startCallbackReceiver();
  try {
    const subscription = await hub.db.prisma.eventSubscription.create({
      data: {
        code: 'sub_auditor',
        kind: 'ENROLLMENT_STATUS_CHANGE',
        format: 'WEBHOOK',
        callerSub: 'auditor-events',
        role: 'AUDITOR',
        regions: ['5101'],
        purpose: '重复救助核查',
        notifyUri: `${receiver.url}/audited`,
      },
    });
    const [, education, premium] = familyRecords('510104', chengdu, 1);
    // The medical insurance premium subsidy is a medical program (HEALTH_RECORD_PROGRAMS); the education grant is not.
    await importLines([
      { ...premium, status: 'ENDED', endDate: '2026-11-30' },
      { ...education, status: 'ENDED' },
    ]);
    await eventually('both events at the auditor', async () => (receiver.received.filter((r) => r.path === '/audited').length >= 2 ? true : undefined));
    const deliveries = await hub.db.prisma.eventDelivery.findMany({ where: { subscriptionCode: subscription.code }, include: { event: true } });
    const bySubject = new Map(deliveries.map((d) => [d.event.subject, d]));
    expect(bySubject.get('HEALTHCARE_SECURITY:HS-T-1')).toMatchObject({ revealsHealth: true, status: 'DELIVERED' });
    expect(bySubject.get('EDUCATION:EDU-T-1')).toMatchObject({ revealsHealth: false, status: 'DELIVERED' });

    const entries = await hub.db.prisma.auditEntry.findMany({ where: { requestId: { in: deliveries.map((d) => d.idempotencyKey) } } });
    expect(entries).toEqual([
      expect.objectContaining({
        requestId: bySubject.get('HEALTHCARE_SECURITY:HS-T-1')!.idempotencyKey,
        sub: 'auditor-events',
        role: 'AUDITOR',
        purpose: '重复救助核查',
        personKey: personKey(chengdu.head, hub.config.idPepper),
        fields: ['Event.ENROLLMENT_STATUS_CHANGE'],
      }),
    ]);
    expect(await verifyAuditChain(hub.db.prisma)).toMatchObject({ problems: [] });
  } finally {
    await receiver.close();
  }
});

test('a delivery made before its API key was revoked is not tried after: it stays PENDING, and nothing more reaches the receiver', async () => {
  const receiver = await startCallbackReceiver();
  try {
    const grant = { name: 'revoked later', role: 'SYSTEM' as const, department: 'CIVIL_AFFAIRS' as const, regions: ['5101'], purpose: '低保复核', expiresAt: null };
    const { apiKey } = await storeApiKey(hub.db.prisma, grant, 'test-admin');
    const subscription = await hub.db.prisma.eventSubscription.create({
      data: {
        code: 'sub_revoked_later',
        kind: 'DEATH',
        format: 'WEBHOOK',
        callerSub: apiKey.id,
        role: grant.role,
        department: grant.department,
        regions: grant.regions,
        purpose: grant.purpose,
        notifyUri: `${receiver.url}/revoked`,
      },
    });
    receiver.respondWith(500);
    await importLines([{ type: 'person', idNumber: idNumberFor('510104', '1950-03-01', 77), residenceRegionCode: '510104', deathDate: '2026-11-28' }]);
    await eventually('the first try', async () => (receiver.received.some((r) => r.path === '/revoked') ? true : undefined));
    await hub.db.prisma.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
    // The retry is due 1 s (HUB_EVENT_RETRY_DELAY_SECONDS) after the first try: give it three.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(receiver.received.filter((r) => r.path === '/revoked')).toHaveLength(1);
    expect(await hub.db.prisma.eventDelivery.findFirstOrThrow({ where: { subscriptionCode: subscription.code } })).toMatchObject({ status: 'PENDING', attempts: 1 });
  } finally {
    await receiver.close();
  }
});
