// Event subscriptions through GraphQL (registry subgraph): who may subscribe
// to what, where events may be sent, and that a caller sees, ends and replays
// only its own. Over real HTTP against a real database, the hub's event queue
// running as in production.
import { storeApiKey } from '../../src/access/apiKeys';
import { postGraphql, startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import { startCallbackReceiver, type CallbackReceiver } from '../helpers/callbackReceiver';

jest.setTimeout(90_000);

let hub: TestHub;
let receiver: CallbackReceiver;
let civilAffairs: string;
let otherCaller: string;
beforeAll(async () => {
  hub = await startTestHub();
  receiver = await startCallbackReceiver();
  civilAffairs = await hub.token({ sub: 'ca-sync', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: '低保 review' });
  otherCaller = await hub.token({ sub: 'someone-else', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'] });
});
afterAll(async () => {
  await receiver?.close();
  await hub?.stop();
});

const SUBSCRIPTION = 'code kind format callbackUrl regionCodes programs active createdAt endedAt expiresAt';
const SUBSCRIBE = `mutation($input: SubscribeToEventsInput!) { subscribeToEvents(input: $input) { ${SUBSCRIPTION} } }`;
const CANCEL = `mutation($code: ID!) { cancelEventSubscription(code: $code) { ${SUBSCRIPTION} } }`;
const LIST = `{ eventSubscriptions { ${SUBSCRIPTION} } }`;
const DELIVERY = 'id subscriptionCode eventKind subject occurredAt idempotencyKey status attempts lastError createdAt deliveredAt';
const DELIVERIES = `query($code: ID, $status: EventDeliveryStatus) { eventDeliveries(subscriptionCode: $code, status: $status, first: 20) { edges { node { ${DELIVERY} } } } }`;
const REPLAY = `mutation($id: ID!) { replayEventDelivery(id: $id) { ${DELIVERY} } }`;

const withKey = (key: string, query: string, variables?: Record<string, unknown>) =>
  postGraphql(hub.url, query, { headers: { authorization: `Bearer ${key}` }, variables });

async function subscribe(token: string, input: Record<string, unknown>) {
  const { body } = await hub.graphql(SUBSCRIBE, { token, variables: { input } });
  expect(body.errors).toBeUndefined();
  return body.data!.subscribeToEvents as { code: string; [field: string]: unknown };
}

function expectRefused({ body }: GraphqlResponse, code: string, field?: string) {
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions?.code).toBe(code);
  if (field) expect(body.errors?.[0]?.extensions?.field).toBe(field);
  return body.errors![0]!;
}

/** An event in the outbox, already dispatched (the dispatcher leaves it alone), and one delivery of it. */
async function deliveryOf(code: string, status: 'DEAD' | 'DELIVERED', subject = 'CIVIL_AFFAIRS:X') {
  const event = await hub.db.prisma.hubEvent.create({
    data: { kind: 'ENROLLMENT_STATUS_CHANGE', subject, regionCodes: ['510104'], departments: [], payload: {}, dispatchedAt: new Date() },
  });
  return hub.db.prisma.eventDelivery.create({
    data: {
      eventId: event.id,
      subscriptionCode: code,
      idempotencyKey: `${event.id}.${code}`,
      status,
      queued: true,
      attempts: 3,
      lastError: status === 'DEAD' ? 'HTTP 500' : null,
      ...(status === 'DELIVERED' ? { deliveredAt: new Date() } : {}),
    },
  });
}

/** What `probe` answers once it answers something, trying for up to 20 s. */
async function until<T>(probe: () => Promise<T | null>): Promise<T> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const value = await probe();
    if (value !== null) return value;
  }
  throw new Error('gave up waiting after 20 s');
}

describe('subscribing', () => {
  test('a SYSTEM caller of CIVIL_AFFAIRS subscribes to enrollment changes with a loopback http URL, and sees it, its claims kept', async () => {
    const made = await subscribe(civilAffairs, {
      kind: 'ENROLLMENT_STATUS_CHANGE',
      callbackUrl: `${receiver.url}/hook`,
      regionCodes: ['5101', '5101'],
      programs: ['DIBAO'],
    });
    expect(made).toMatchObject({
      kind: 'ENROLLMENT_STATUS_CHANGE',
      format: 'WEBHOOK',
      callbackUrl: `${receiver.url}/hook`,
      regionCodes: ['5101'],
      programs: ['DIBAO'],
      active: true,
      endedAt: null,
    });
    expect(made.code).toMatch(/^sub_[0-9a-f-]{36}$/);
    const row = await hub.db.prisma.eventSubscription.findUniqueOrThrow({ where: { code: made.code } });
    expect(row).toMatchObject({
      callerSub: 'ca-sync',
      role: 'SYSTEM',
      department: 'CIVIL_AFFAIRS',
      regions: ['5101'],
      org: null,
      purpose: '低保 review',
      filter: { regionCodes: ['5101'], programs: ['DIBAO'] },
      notifyUri: `${receiver.url}/hook`,
    });

    const { body } = await hub.graphql(LIST, { token: civilAffairs });
    expect(body.errors).toBeUndefined();
    expect(body.data!.eventSubscriptions.map((s: { code: string }) => s.code)).toContain(made.code);
  });

  test('a filter left out is not stored: no keys, every region and program the caller may read', async () => {
    const made = await subscribe(civilAffairs, { kind: 'DEATH', callbackUrl: `${receiver.url}/deaths` });
    expect(made).toMatchObject({ regionCodes: [], programs: [] });
    expect((await hub.db.prisma.eventSubscription.findUniqueOrThrow({ where: { code: made.code } })).filter).toEqual({});
  });

  test('a charity (no read capability of any event subject) may not subscribe to deaths, nor list subscriptions (FORBIDDEN)', async () => {
    const charity = await hub.token({ sub: 'charity-1', role: 'CHARITY', org: 'CF-001', regions: ['5101'] });
    const before = await hub.db.prisma.eventSubscription.count();
    expectRefused(await hub.graphql(SUBSCRIBE, { token: charity, variables: { input: { kind: 'DEATH', callbackUrl: `${receiver.url}/hook` } } }), 'FORBIDDEN');
    expectRefused(await hub.graphql(LIST, { token: charity }), 'FORBIDDEN');
    expect(await hub.db.prisma.eventSubscription.count()).toBe(before);
  });

  test('an anonymous caller is refused (401, as for everything but the health check)', async () => {
    for (const [query, variables] of [[LIST, {}], [SUBSCRIBE, { input: { kind: 'DEATH', callbackUrl: `${receiver.url}/hook` } }]] as const) {
      const { status, body } = await hub.graphql(query, { variables });
      expect(status).toBe(401);
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
    }
  });

  test('a caseworker (who reads no records) may not subscribe to enrollment changes, naming the kind, but may to referrals', async () => {
    const caseworker = await hub.token({ sub: 'cw-1', role: 'CASEWORKER', regions: ['510104'] });
    const error = expectRefused(
      await hub.graphql(SUBSCRIBE, { token: caseworker, variables: { input: { kind: 'ENROLLMENT_STATUS_CHANGE', callbackUrl: `${receiver.url}/hook` } } }),
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/ENROLLMENT_STATUS_CHANGE/);
    await subscribe(caseworker, { kind: 'REFERRAL', callbackUrl: `${receiver.url}/referrals` });
  });

  test.each([
    ['callbackUrl', 'a callback URL that is no URL', { callbackUrl: 'not a url' }, /URL/],
    ['callbackUrl', 'a callback URL that is not http(s)', { callbackUrl: 'ftp://127.0.0.1/hook' }, /http or https/],
    ['regionCodes.1', 'a region prefix of one digit', { regionCodes: ['5101', '5'] }, /2-6 digit/],
    ['regionCodes', 'an empty list of regions', { regionCodes: [] }, /at least one/],
    ['programs', 'programs for deaths, which name none', { kind: 'DEATH', programs: ['DIBAO'] }, /name no program/],
  ])('bad input is refused naming the field: %s (%s)', async (field, _what, change, reason) => {
    const before = await hub.db.prisma.eventSubscription.count();
    const input = { kind: 'ENROLLMENT_STATUS_CHANGE', callbackUrl: `${receiver.url}/hook`, ...change };
    const error = expectRefused(await hub.graphql(SUBSCRIBE, { token: civilAffairs, variables: { input } }), 'BAD_USER_INPUT', field);
    expect(error.extensions!.reason).toMatch(reason);
    expect(await hub.db.prisma.eventSubscription.count()).toBe(before);
  });

  test('a program that is not one is refused by the schema', async () => {
    const input = { kind: 'ENROLLMENT_STATUS_CHANGE', callbackUrl: `${receiver.url}/hook`, programs: ['NOT_A_PROGRAM'] };
    const { body } = await hub.graphql(SUBSCRIBE, { token: civilAffairs, variables: { input } });
    expect(body.errors?.[0]?.message).toMatch(/NOT_A_PROGRAM/);
  });
});

describe('an API key caller: its callback origins', () => {
  let key: string;
  beforeAll(async () => {
    const issued = await storeApiKey(
      hub.db.prisma,
      { name: '民政 events', role: 'SYSTEM', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: null, expiresAt: null, callbackOrigins: ['http://127.0.0.1:9'] },
      'admin-1',
    );
    key = issued.key;
  });

  test('subscribes to a URL of a registered origin, not to another port of the same host', async () => {
    const input = { kind: 'ENROLLMENT_STATUS_CHANGE', callbackUrl: 'http://127.0.0.1:9/hook' };
    const { body } = await withKey(key, SUBSCRIBE, { input });
    expect(body.errors).toBeUndefined();
    // An API key's subscription lasts as long as the key: no end of its own.
    expect(body.data!.subscribeToEvents).toMatchObject({ callbackUrl: 'http://127.0.0.1:9/hook', format: 'WEBHOOK', expiresAt: null });

    const error = expectRefused(await withKey(key, SUBSCRIBE, { input: { ...input, callbackUrl: 'http://127.0.0.1:10/hook' } }), 'BAD_USER_INPUT', 'callbackUrl');
    expect(error.extensions!.reason).toMatch(/http:\/\/127\.0\.0\.1:10 is not one of your registered callback origins/);
  });

  test('nobody else sees or cancels its subscription; the key cancels it, and a second cancel keeps the first endedAt', async () => {
    const { body } = await withKey(key, SUBSCRIBE, { input: { kind: 'FINDING', callbackUrl: 'http://127.0.0.1:9/findings' } });
    const code: string = body.data!.subscribeToEvents.code;

    const seen = await hub.graphql(LIST, { token: otherCaller });
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data!.eventSubscriptions.map((s: { code: string }) => s.code)).not.toContain(code);
    const refused = expectRefused(await hub.graphql(CANCEL, { token: otherCaller, variables: { code } }), 'BAD_USER_INPUT', 'code');
    expect(refused.extensions!.reason).toBe(`no subscription ${code} of yours`);
    expect(await hub.db.prisma.eventSubscription.findUniqueOrThrow({ where: { code } })).toMatchObject({ active: true, endedAt: null });

    const first = await withKey(key, CANCEL, { code });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.cancelEventSubscription).toMatchObject({ code, active: false });
    const endedAt = first.body.data!.cancelEventSubscription.endedAt;
    expect(endedAt).not.toBeNull();
    const second = await withKey(key, CANCEL, { code });
    expect(second.body.data!.cancelEventSubscription).toMatchObject({ active: false, endedAt });

    const mine = await withKey(key, LIST);
    expect(mine.body.data!.eventSubscriptions.find((s: { code: string }) => s.code === code)).toMatchObject({ active: false, endedAt });
    expectRefused(await withKey(key, CANCEL, { code: 'sub_unknown' }), 'BAD_USER_INPUT', 'code');
  });
});

describe('deliveries and replay', () => {
  let code: string;
  beforeAll(async () => {
    ({ code } = await subscribe(civilAffairs, { kind: 'ENROLLMENT_STATUS_CHANGE', callbackUrl: `${receiver.url}/replays` }));
  });

  test('eventDeliveries lists the caller\'s deliveries with their event, newest first, by subscription and status; nobody else\'s', async () => {
    const dead = await deliveryOf(code, 'DEAD', 'CIVIL_AFFAIRS:listed-1');
    const delivered = await deliveryOf(code, 'DELIVERED', 'CIVIL_AFFAIRS:listed-2');
    const { body } = await hub.graphql(DELIVERIES, { token: civilAffairs, variables: { code } });
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.eventDeliveries.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.slice(0, 2)).toMatchObject([
      { id: String(delivered.id), subscriptionCode: code, eventKind: 'ENROLLMENT_STATUS_CHANGE', subject: 'CIVIL_AFFAIRS:listed-2', status: 'DELIVERED', lastError: null },
      { id: String(dead.id), subscriptionCode: code, eventKind: 'ENROLLMENT_STATUS_CHANGE', subject: 'CIVIL_AFFAIRS:listed-1', status: 'DEAD', attempts: 3, lastError: 'HTTP 500', idempotencyKey: `${dead.eventId}.${code}` },
    ]);
    const onlyDead = await hub.graphql(DELIVERIES, { token: civilAffairs, variables: { code, status: 'DEAD' } });
    expect(onlyDead.body.data!.eventDeliveries.edges.every((e: { node: { status: string } }) => e.node.status === 'DEAD')).toBe(true);

    const other = await hub.graphql(DELIVERIES, { token: otherCaller, variables: { code } });
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data!.eventDeliveries.edges).toEqual([]);
  });

  test('a DEAD delivery is replayed: PENDING and unqueued, attempts and last error kept, then sent under the same idempotency key', async () => {
    const dead = await deliveryOf(code, 'DEAD');
    // What each update of the delivery's row left, in order: the queue takes a replayed delivery within moments.
    const prisma = hub.db.prisma;
    await prisma.$executeRawUnsafe('CREATE TABLE test_delivery_change (id bigint, status text, queued boolean, attempts int, last_error text)');
    await prisma.$executeRawUnsafe(`CREATE FUNCTION test_note_delivery_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_delivery_change VALUES (NEW.id, NEW.status::text, NEW.queued, NEW.attempts, NEW.last_error); RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_delivery_change AFTER UPDATE ON event_delivery FOR EACH ROW WHEN (NEW.id = ${dead.id}) EXECUTE FUNCTION test_note_delivery_change()`,
    );

    const { body } = await hub.graphql(REPLAY, { token: civilAffairs, variables: { id: String(dead.id) } });
    expect(body.errors).toBeUndefined();
    expect(body.data!.replayEventDelivery).toMatchObject({
      id: String(dead.id),
      status: 'PENDING',
      attempts: 3,
      lastError: 'HTTP 500',
      eventKind: 'ENROLLMENT_STATUS_CHANGE',
      subject: 'CIVIL_AFFAIRS:X',
    });
    const changes = await prisma.$queryRawUnsafe<{ status: string; queued: boolean; attempts: number; last_error: string | null }[]>(
      'SELECT status, queued, attempts, last_error FROM test_delivery_change',
    );
    expect(changes[0]).toEqual({ status: 'PENDING', queued: false, attempts: 3, last_error: 'HTTP 500' });

    // The hub's queue sends it again, with the same idempotency key.
    await receiver.waitFor(1, 20_000);
    const sent = receiver.received.find((r) => r.path === '/replays')!;
    expect(sent.headers['idempotency-key']).toBe(`${dead.eventId}.${code}`);
    expect(sent.body).toMatchObject({ idempotencyKey: `${dead.eventId}.${code}`, subscription: code, event: { kind: 'ENROLLMENT_STATUS_CHANGE', subject: 'CIVIL_AFFAIRS:X' } });
    expect(await until(async () => {
      const row = await prisma.eventDelivery.findUniqueOrThrow({ where: { id: dead.id } });
      return row.status === 'DELIVERED' ? row : null;
    })).toMatchObject({ attempts: 4, lastError: null, queued: true });
  });

  test('a delivery that is not DEAD, someone else\'s, or unknown is not replayed (field id)', async () => {
    const delivered = await deliveryOf(code, 'DELIVERED', 'CIVIL_AFFAIRS:done');
    const error = expectRefused(await hub.graphql(REPLAY, { token: civilAffairs, variables: { id: String(delivered.id) } }), 'BAD_USER_INPUT', 'id');
    expect(error.extensions!.reason).toMatch(/only a DEAD delivery/);
    expect(await hub.db.prisma.eventDelivery.findUniqueOrThrow({ where: { id: delivered.id } })).toMatchObject({ status: 'DELIVERED', queued: true });

    const dead = await deliveryOf(code, 'DEAD', 'CIVIL_AFFAIRS:not-yours');
    const other = expectRefused(await hub.graphql(REPLAY, { token: otherCaller, variables: { id: String(dead.id) } }), 'BAD_USER_INPUT', 'id');
    expect(other.extensions!.reason).toBe(`no delivery ${dead.id} of yours`);
    expect(await hub.db.prisma.eventDelivery.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ status: 'DEAD', queued: true });
    expectRefused(await hub.graphql(REPLAY, { token: civilAffairs, variables: { id: 'not-an-id' } }), 'BAD_USER_INPUT', 'id');
  });

  test('a DEAD delivery of a subscription whose token has expired is not replayed: nothing is sent on it any more', async () => {
    const { code: expired } = await subscribe(civilAffairs, { kind: 'ENROLLMENT_STATUS_CHANGE', callbackUrl: `${receiver.url}/expired` });
    // The token's exp, as if it had passed (the dispatch test waits for a real one).
    await hub.db.prisma.eventSubscription.update({ where: { code: expired }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const dead = await deliveryOf(expired, 'DEAD', 'CIVIL_AFFAIRS:expired');
    const error = expectRefused(await hub.graphql(REPLAY, { token: civilAffairs, variables: { id: String(dead.id) } }), 'BAD_USER_INPUT', 'id');
    expect(error.extensions!.reason).toMatch(/has ended \(cancelled, or its token expired\)/);
    expect(await hub.db.prisma.eventDelivery.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ status: 'DEAD' });
  });
});
