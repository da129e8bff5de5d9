// The DCI facade end to end over real HTTP: a hub on its own database, a
// department system with a real API key, the OAuth token endpoint, every
// request and answer checked against the published OpenAPI files, async
// answers caught by a real callback receiver on loopback, and the hub's
// signatures checked with the keys it publishes.
import { createLocalJWKSet, compactVerify, CompactSign, decodeJwt, exportJWK } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from '../../src/lib/canonicalJson';
import { storeApiKey } from '../../src/access/apiKeys';
import { ingest } from '../../src/ingest/service';
import { ABANDONED_REASON, rejectAbandoned } from '../../src/dci/transactions';
import { personKey } from '../../src/lib/ids';
import { startTestHub, type TestHub } from '../helpers/hub';
import { startCallbackReceiver, type CallbackReceiver } from '../helpers/callbackReceiver';
import { dciSpec, type DciRegistry } from '../helpers/dciSpec';
import { family, familyRecords } from '../helpers/exchange';
import { seedTwoCounties } from '../helpers/twoCounties';

jest.setTimeout(60_000);

let hub: TestHub;
let receiver: CallbackReceiver;
let token: string;
let clientKey: string;
const chengdu = family('510104', 1);
const liangshan = family('513401', 2);

beforeAll(async () => {
  hub = await startTestHub();
  receiver = await startCallbackReceiver();
  const prisma = hub.db.prisma;
  await seedTwoCounties(prisma, hub.config.idPepper);
  const records = [{ type: 'person', idNumber: chengdu.head, name: '张建国', residenceRegionCode: '510104' }, ...familyRecords('510104', chengdu, 1)];
  const summary = await ingest(
    prisma,
    records.map((input, position) => ({ position, input })),
    {
      sender: { name: 'test:admin', department: null },
      personKeyPepper: hub.config.idPepper,
    },
  );
  expect(summary.rejected).toBe(0);
  clientKey = await newClient({ callbackOrigins: [receiver.url] });
  token = await tokenFor(clientKey);
});

afterAll(async () => {
  await receiver?.close();
  await hub?.stop();
});

/** A CIVIL_AFFAIRS system's API key over Chengdu (5101), with a purpose, and what the test registers on it. */
async function newClient(extra: { callbackOrigins?: string[]; signingKey?: object; purpose?: string | null } = {}): Promise<string> {
  const grant = {
    name: 'dci test',
    role: 'SYSTEM' as const,
    department: 'CIVIL_AFFAIRS' as const,
    regions: ['5101'],
    purpose: extra.purpose === undefined ? '低保复核 DCI' : extra.purpose,
    expiresAt: null,
  };
  const { apiKey, key } = await storeApiKey(hub.db.prisma, grant as Parameters<typeof storeApiKey>[1], 'test-admin');
  await hub.db.prisma.apiKey.update({
    where: { id: apiKey.id },
    data: {
      callbackOrigins: extra.callbackOrigins ?? [],
      signingKey: extra.signingKey,
    },
  });
  return key;
}

async function tokenFor(key: string): Promise<string> {
  const id = key.slice(0, 20);
  const response = await fetch(`${hub.url}/dci/oauth2/client/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: id,
      client_secret: key,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const header = (action: string, extra: Record<string, unknown> = {}) => ({
  version: '1.0.0',
  message_id: `msg-${Math.random().toString(36).slice(2)}`,
  message_ts: new Date().toISOString(),
  action,
  sender_id: 'civil-affairs.test',
  total_count: 1,
  ...extra,
});

const searchItem = (query_type: string, query: unknown, extra: Record<string, unknown> = {}) => ({
  reference_id: `ref-${Math.random().toString(36).slice(2)}`,
  timestamp: new Date().toISOString(),
  search_criteria: {
    version: '1.0.0',
    reg_type: 'ns:org:RegistryType:Social',
    query_type,
    query,
    ...extra,
  },
});

interface Answer {
  status: number;
  body: any;
  text: string;
}

/** POSTs `body` to a facade path, after checking it is a valid request per the registry's file; checks the answer per the file too. */
async function post(registry: DciRegistry, path: string, body: object, options: { token?: string | null; valid?: boolean } = {}): Promise<Answer> {
  const spec = dciSpec(registry);
  if (options.valid !== false) expect(spec.requestProblems(path, body)).toEqual([]);
  const bearer = options.token === undefined ? token : options.token;
  const response = await fetch(`${hub.url}/dci/${registry}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = JSON.parse(text);
  expect(spec.responseProblems(path, response.status, parsed)).toEqual([]);
  return { status: response.status, body: parsed, text };
}

/** The hub's signature over { header, message } holds with the key it publishes. */
async function expectSignedByHub(body: { signature: string; header: unknown; message?: unknown }) {
  const jwks = await (await fetch(`${hub.url}/.well-known/jwks.json`)).json();
  const [protectedHeader, , signature] = body.signature.split('.');
  const payload = Buffer.from(canonicalJson({ header: body.header, message: body.message })).toString('base64url');
  const verified = await compactVerify(`${protectedHeader}.${payload}.${signature}`, createLocalJWKSet(jwks));
  expect(verified.protectedHeader.alg).toBe('ES256');
}

describe('token endpoint (OAuth 2.0 client credentials)', () => {
  test('a registered client gets a one-hour bearer token; a wrong secret is invalid_client, 401; another grant type is 400', async () => {
    expect(token.split('.')).toHaveLength(3);
    const id = clientKey.slice(0, 20);
    const wrong = await fetch(`${hub.url}/dci/oauth2/client/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: id,
        client_secret: `${id}_${'x'.repeat(43)}`,
      }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const basic = await fetch(`${hub.url}/dci/oauth2/client/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${id}:${clientKey}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(200);
    expect(await basic.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const password = await fetch(`${hub.url}/dci/oauth2/client/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: id,
        client_secret: clientKey,
      }),
    });
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({
      error: 'unsupported_grant_type',
    });
  });
});

describe('sync search', () => {
  const byId = (idNumber: string) => ({
    header: header('search'),
    message: {
      transaction_id: 'txn-1',
      search_request: [searchItem('idtype-value', { type: 'UIN', value: idNumber })],
    },
  });

  test('without a bearer token: 401, as HttpErrorResponse', async () => {
    const { status, body } = await post('social', '/registry/sync/search', byId(chengdu.head), { token: null });
    expect(status).toBe(401);
    expect(body.errors[0].code).toBe('err.request.unauthorized');
  });

  test('by national ID number: the person with person key and masked number, never the plain number; signed by the hub; the read audited', async () => {
    const before = await hub.db.prisma.auditEntry.count({
      where: { personKey: personKey(chengdu.head, hub.config.idPepper) },
    });
    const { status, body, text } = await post('social', '/registry/sync/search', byId(chengdu.head));
    expect(status).toBe(200);
    expect(body.header).toMatchObject({
      action: 'on-search',
      status: 'succ',
      total_count: 1,
      completed_count: 1,
      receiver_id: 'civil-affairs.test',
    });
    const [item] = body.message.search_response;
    expect(item).toMatchObject({
      status: 'succ',
      pagination: { total_count: 1 },
    });
    const person = item.data.reg_records[0];
    expect(JSON.stringify(person)).toContain(personKey(chengdu.head, hub.config.idPepper));
    expect(text).not.toContain(chengdu.head);
    await expectSignedByHub(body);
    const after = await hub.db.prisma.auditEntry.count({
      where: { personKey: personKey(chengdu.head, hub.config.idPepper) },
    });
    expect(after).toBeGreaterThan(before);
  });

  test('without a purpose the person is answered without the name, as GraphQL answers it', async () => {
    const withPurpose = await post('social', '/registry/sync/search', byId(chengdu.head));
    const name = withPurpose.body.message.search_response[0].data.reg_records[0].name;
    expect(name).toEqual({ '@type': 'Name', name: '张建国' });
    const plain = await tokenFor(await newClient({ purpose: null }));
    const { status, body, text } = await post('social', '/registry/sync/search', byId(chengdu.head), { token: plain });
    expect(status).toBe(200);
    const person = body.message.search_response[0].data.reg_records[0];
    expect(JSON.stringify(person)).toContain(personKey(chengdu.head, hub.config.idPepper));
    expect(person.name).toBeUndefined();
    expect(text).not.toContain('张建国');
  });

  test("a person outside the caller's regions is not found, as GraphQL answers it", async () => {
    const { status, body, text } = await post('social', '/registry/sync/search', byId(liangshan.head));
    expect(status).toBe(200);
    expect(body.message.search_response[0]).toMatchObject({
      status: 'succ',
      pagination: { total_count: 0 },
    });
    expect(body.message.search_response[0].data.reg_records).toEqual([]);
    expect(text).not.toContain(liangshan.head);
  });

  test('a search GraphQL refuses is refused here: a charity may not look a person up by ID number (403)', async () => {
    const charity = await hub.token({
      role: 'CHARITY',
      org: 'test-charity',
      regions: ['51'],
    });
    const graphql = await hub.graphql(`query($v: String!) { personByIdNumber(idNumber: $v) { personKey } }`, {
      token: charity,
      variables: { v: chengdu.head },
    });
    expect(graphql.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { status, body } = await post('social', '/registry/sync/search', byId(chengdu.head), { token: charity });
    expect(status).toBe(403);
    expect(body.errors[0].code).toBe('err.request.forbidden');
  });

  test('households by region (expression and predicate queries), paginated', async () => {
    const expression = {
      type: 'ns:org:QueryType:expression',
      value: {
        expression: {
          collection: 'Group',
          query: { $and: [{ location: { $eq: '5101' } }] },
        },
      },
    };
    const first = await post('social', '/registry/sync/search', {
      header: header('search'),
      message: {
        transaction_id: 'txn-2',
        search_request: [
          searchItem('expression', expression, {
            response_entity: 'Group',
            pagination: { page_size: 1, page_number: 1 },
          }),
        ],
      },
    });
    expect(first.status).toBe(200);
    const [item] = first.body.message.search_response;
    expect(item).toMatchObject({
      status: 'succ',
      data: { reg_record_type: 'Group' },
      pagination: { page_size: 1, page_number: 1, total_count: 1 },
    });
    expect(JSON.stringify(item.data.reg_records)).toContain(chengdu.sourceId);
    expect(first.text).not.toContain(chengdu.head);
    const predicate = [
      {
        seq_num: 1,
        expression1: {
          attribute_name: 'region_code',
          operator: 'eq',
          attribute_value: '510104',
        },
      },
    ];
    const second = await post('social', '/registry/sync/search', {
      header: header('search'),
      message: {
        transaction_id: 'txn-3',
        search_request: [
          searchItem('predicate', predicate, {
            pagination: { page_size: 1, page_number: 2 },
          }),
        ],
      },
    });
    expect(second.body.message.search_response[0]).toMatchObject({
      status: 'succ',
      pagination: { page_number: 2, total_count: 1 },
    });
    expect(second.body.message.search_response[0].data.reg_records).toEqual([]);
  });

  test('an item the hub cannot search is rejected by itself, naming the field; the other items are answered', async () => {
    const bad = searchItem('predicate', [
      {
        expression1: {
          attribute_name: 'poverty_score',
          operator: 'lt',
          attribute_value: 5,
        },
      },
    ]);
    const { status, body } = await post('social', '/registry/sync/search', {
      header: header('search', { total_count: 2 }),
      message: {
        transaction_id: 'txn-4',
        search_request: [bad, searchItem('idtype-value', { type: 'UIN', value: chengdu.spouse })],
      },
    });
    expect(status).toBe(200);
    const [rejected, answered] = body.message.search_response;
    expect(rejected).toMatchObject({
      reference_id: bad.reference_id,
      status: 'rjct',
      status_reason_code: 'rjct.search_criteria.invalid',
    });
    expect(rejected.status_reason_message).toContain('poverty_score');
    expect(answered).toMatchObject({
      status: 'succ',
      pagination: { total_count: 1 },
    });
  });

  test('a body that is not JSON is 400 as an HttpErrorResponse, not an HTML page', async () => {
    const response = await fetch(`${hub.url}/dci/social/registry/sync/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"header": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe('err.request.bad');
  });

  test('a header the hub cannot take is refused with the reason code the files give', async () => {
    const { status, body } = await post(
      'social',
      '/registry/sync/search',
      { ...byId(chengdu.head), header: header('search', { version: '2.0.0' }) },
      { valid: true },
    );
    expect(status).toBe(400);
    expect(body.header).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.version.invalid',
    });
    const action = await post('social', '/registry/sync/search', { ...byId(chengdu.head), header: header('subscribe') }, { valid: false });
    expect(action.body.header).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.action.invalid',
    });
    expect(action.body.header.status_reason_message).toContain('header.action');
  });
});

describe('async search and transaction status', () => {
  test("ACK, then the answer signed at the sender's callback URI; txn/status reports each item without records", async () => {
    const seen = receiver.received.length;
    const item = searchItem('idtype-value', {
      type: 'UIN',
      value: chengdu.head,
    });
    const { status, body } = await post('social', '/registry/search', {
      header: header('search', {
        sender_uri: `${receiver.url}/registry/on-search`,
      }),
      message: { transaction_id: 'txn-async-1', search_request: [item] },
    });
    expect(status).toBe(200);
    expect(body.message).toMatchObject({ ack_status: 'ACK' });
    await receiver.waitFor(seen + 1);
    const callback = receiver.received[seen]!;
    expect(callback.path).toBe('/registry/on-search');
    expect(dciSpec('social').requestProblems('/registry/on-search', callback.body)).toEqual([]);
    expect(callback.body.header).toMatchObject({
      action: 'on-search',
      status: 'succ',
    });
    expect(callback.body.message).toMatchObject({
      transaction_id: 'txn-async-1',
      correlation_id: body.message.correlation_id,
    });
    expect(JSON.stringify(callback.body)).not.toContain(chengdu.head);
    await expectSignedByHub(callback.body);

    const txn = await waitForStatus('txn-async-1', 'succ');
    expect(txn.header).toMatchObject({
      action: 'txn-on-status',
      status: 'succ',
    });
    expect(txn.message.txnstatus_response.txn_status).toMatchObject({
      transaction_id: 'txn-async-1',
      correlation_id: body.message.correlation_id,
      search_response: [{ reference_id: item.reference_id, status: 'succ' }],
    });
    const stored = await hub.db.prisma.dciTransaction.findUniqueOrThrow({
      where: { correlationId: body.message.correlation_id },
    });
    expect(JSON.stringify(stored)).not.toContain(chengdu.head);
    expect(stored.lastError).toBeNull();
  });

  test('txn/status asked asynchronously, by reference ids: the status at the callback URI', async () => {
    const seen = receiver.received.length;
    const stored = await hub.db.prisma.dciTransaction.findFirstOrThrow({ where: { transactionId: 'txn-async-1' } });
    const { body } = await post('social', '/registry/txn/status', {
      header: header('txn-status', { sender_uri: `${receiver.url}/registry/txn/on-status` }),
      message: {
        transaction_id: 'status-async',
        txnstatus_request: { reference_id: 'ref-s', txn_type: 'search', attribute_type: 'reference_id_list', attribute_value: stored.referenceIds },
      },
    });
    expect(body.message.ack_status).toBe('ACK');
    await receiver.waitFor(seen + 1);
    const callback = receiver.received[seen]!;
    expect(callback.path).toBe('/registry/txn/on-status');
    expect(dciSpec('social').requestProblems('/registry/txn/on-status', callback.body)).toEqual([]);
    expect(callback.body.header).toMatchObject({ action: 'txn-on-status', status: 'succ' });
    expect(callback.body.message.txnstatus_response.txn_status).toMatchObject({ transaction_id: 'txn-async-1', correlation_id: stored.correlationId });
  });

  test('a request whose process ended before it answered: once ten minutes old, txn/status reports it rjct, saying to send it again; a younger one stays pdng', async () => {
    // As a process killed after its ACK leaves them: acknowledged, never answered.
    const left = (transactionId: string, minutesAgo: number) =>
      hub.db.prisma.dciTransaction.create({
        data: {
          correlationId: `corr-${transactionId}`,
          transactionId,
          senderId: 'civil-affairs.test',
          callerSub: decodeJwt(token).sub!,
          registry: 'social',
          action: 'search',
          status: 'pdng',
          referenceIds: ['ref-a', 'ref-b'],
          callbackUri: `${receiver.url}/registry/on-search`,
          updatedAt: new Date(Date.now() - minutesAgo * 60_000),
        },
      });
    await left('txn-abandoned', 11);
    await left('txn-still-working', 1);
    // What the hub does every minute (src/server/dci.ts), asked now rather than waited for.
    await rejectAbandoned(hub.db.prisma);
    const items = async (transactionId: string) =>
      (await post('social', '/registry/sync/txn/status', txnStatusRequest(transactionId))).body.message.txnstatus_response.txn_status.search_response;
    expect(await items('txn-abandoned')).toEqual(
      ['ref-a', 'ref-b'].map((reference_id) => expect.objectContaining({ reference_id, status: 'rjct', status_reason_message: ABANDONED_REASON })),
    );
    expect(await items('txn-still-working')).toEqual(['ref-a', 'ref-b'].map((reference_id) => expect.objectContaining({ reference_id, status: 'pdng' })));
  });

  test('another caller cannot see the transaction: its status is rjct', async () => {
    const other = await tokenFor(await newClient());
    const { body } = await post('social', '/registry/sync/txn/status', txnStatusRequest('txn-async-1'), { token: other });
    expect(body.header.status).toBe('rjct');
  });

  test("a callback URI outside the client's registered origins is refused before any work: ERR err.sender_uri.invalid", async () => {
    const { status, body } = await post('social', '/registry/search', {
      header: header('search', {
        sender_uri: 'http://127.0.0.1:1/registry/on-search',
      }),
      message: {
        transaction_id: 'txn-async-2',
        search_request: [searchItem('idtype-value', { type: 'UIN', value: chengdu.head })],
      },
    });
    expect(status).toBe(400);
    expect(body.message).toMatchObject({
      ack_status: 'ERR',
      error: { code: 'err.sender_uri.invalid' },
    });
    expect(
      await hub.db.prisma.dciTransaction.count({
        where: { transactionId: 'txn-async-2' },
      }),
    ).toBe(0);
  });
});

const txnStatusRequest = (transactionId: string) => ({
  header: header('txn-status'),
  message: {
    transaction_id: `status-of-${transactionId}`,
    txnstatus_request: {
      reference_id: 'ref-status',
      txn_type: 'search',
      attribute_type: 'transaction_id',
      attribute_value: transactionId,
    },
  },
});

async function waitForStatus(transactionId: string, wanted: string) {
  for (let i = 0; i < 100; i++) {
    const { body } = await post('social', '/registry/sync/txn/status', txnStatusRequest(transactionId));
    if (
      body.header.status === 'succ' &&
      body.message.txnstatus_response.txn_status.search_response.every((r: { status: string }) => r.status === wanted)
    )
      return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`transaction ${transactionId} never reached ${wanted}`);
}

describe('subscribe and unsubscribe', () => {
  test('a subscription code per item at on-subscribe; unsubscribe ends it at on-unsubscribe; a second time is rjct', async () => {
    const seen = receiver.received.length;
    const item = {
      reference_id: 'sub-ref-1',
      timestamp: new Date().toISOString(),
      subscribe_criteria: {
        reg_event_type: 'Death',
        filter: { region_code: '5101' },
        notify_record_type: 'SRPerson',
      },
    };
    const ack = await post('social', '/registry/subscribe', {
      header: header('subscribe', {
        sender_uri: `${receiver.url}/registry/on-subscribe`,
      }),
      message: { transaction_id: 'txn-sub-1', subscribe_request: [item] },
    });
    expect(ack.body.message.ack_status).toBe('ACK');
    await receiver.waitFor(seen + 1);
    const subscribed = receiver.received[seen]!;
    expect(subscribed.path).toBe('/registry/on-subscribe');
    expect(dciSpec('social').requestProblems('/registry/on-subscribe', subscribed.body)).toEqual([]);
    const [answer] = subscribed.body.message.subscribe_response;
    expect(answer).toMatchObject({
      reference_id: 'sub-ref-1',
      status: 'succ',
      subscriptions: [{ status: 'subscribe' }],
    });
    const code = answer.subscriptions[0].code;
    // Made with the hub token issued for the client's API key: it lasts as long as the key, not the token's hour.
    expect(await hub.db.prisma.eventSubscription.findUniqueOrThrow({ where: { code } })).toMatchObject({
      notifyUri: `${receiver.url}/registry/notify`,
      expiresAt: null,
    });

    const unsubscribe = () =>
      post('social', '/registry/unsubscribe', {
        header: header('unsubscribe', {
          sender_uri: `${receiver.url}/registry/on-unsubscribe`,
        }),
        message: {
          transaction_id: 'txn-unsub-1',
          timestamp: new Date().toISOString(),
          subscription_codes: [code],
        },
      });
    expect((await unsubscribe()).body.message.ack_status).toBe('ACK');
    await receiver.waitFor(seen + 2);
    const ended = receiver.received[seen + 1]!;
    expect(dciSpec('social').requestProblems('/registry/on-unsubscribe', ended.body)).toEqual([]);
    expect(ended.body.message).toMatchObject({
      status: 'succ',
      subscription_status: [{ code, status: 'unsubscribe' }],
    });
    await unsubscribe();
    await receiver.waitFor(seen + 3);
    expect(receiver.received[seen + 2]!.body.message).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.event.already_unsubscribed',
    });
  });

  test('a caller may not subscribe to events about what it may not read: a charity to deaths', async () => {
    const charity = await hub.token({ role: 'CHARITY', org: 'test-charity', regions: ['51'] });
    const seen = receiver.received.length;
    await post(
      'social',
      '/registry/subscribe',
      {
        header: header('subscribe', { sender_uri: `${receiver.url}/registry/on-subscribe` }),
        message: {
          transaction_id: 'txn-sub-charity',
          subscribe_request: [{ reference_id: 'c', timestamp: new Date().toISOString(), subscribe_criteria: { reg_event_type: 'Death', filter: {}, notify_record_type: 'Event' } }],
        },
      },
      { token: charity },
    );
    await receiver.waitFor(seen + 1);
    expect(receiver.received[seen]!.body.message.subscribe_response[0]).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.notify_types.invalid' });
    expect(await hub.db.prisma.eventSubscription.count({ where: { callerSub: 'test-user', kind: 'DEATH' } })).toBe(0);
  });

  test('an event type the registry does not have is rejected naming reg_event_type', async () => {
    const seen = receiver.received.length;
    await post('ibr', '/registry/subscribe', {
      header: header('subscribe', {
        sender_uri: `${receiver.url}/registry/on-subscribe`,
      }),
      message: {
        transaction_id: 'txn-sub-2',
        subscribe_request: [
          {
            reference_id: 'r',
            timestamp: new Date().toISOString(),
            subscribe_criteria: {
              reg_event_type: 'LiveBirth',
              filter: {},
              notify_record_type: 'Member',
            },
          },
        ],
      },
    });
    await receiver.waitFor(seen + 1);
    expect(receiver.received[seen]!.body.message.subscribe_response[0]).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.notify_types.invalid',
    });
  });
});

describe('caller signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const sign = async (body: { header: unknown; message: unknown }) => {
    const jws = await new CompactSign(new TextEncoder().encode(canonicalJson(body))).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const [protectedHeader, , signature] = jws.split('.');
    return `${protectedHeader}..${signature}`;
  };

  test('a client with a registered key must sign: unsigned and tampered requests are 401, a signed one is answered', async () => {
    const signer = await tokenFor(
      await newClient({
        signingKey: { ...(await exportJWK(publicKey)), alg: 'ES256' },
      }),
    );
    const body = {
      header: header('search'),
      message: {
        transaction_id: 'txn-signed',
        search_request: [searchItem('idtype-value', { type: 'UIN', value: chengdu.head })],
      },
    };
    const unsigned = await post('social', '/registry/sync/search', body, {
      token: signer,
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.errors[0].code).toBe('err.signature.missing');
    const signature = await sign(body);
    const signed = await post('social', '/registry/sync/search', { ...body, signature }, { token: signer });
    expect(signed.status).toBe(200);
    const tampered = await post(
      'social',
      '/registry/sync/search',
      {
        ...body,
        signature,
        message: { ...body.message, transaction_id: 'txn-other' },
      },
      { token: signer },
    );
    expect(tampered.status).toBe(401);
    expect(tampered.body.errors[0].code).toBe('err.signature.invalid');
  });
});

describe('IBR: enrolled', () => {
  const enrolledRequest = (query: Record<string, unknown>) => ({
    header: header('search'),
    message: {
      transaction_id: 'txn-enrolled',
      enrolled_criteria: {
        query_type: 'expression',
        response_entity: 'Member',
        query,
      },
    },
  });

  test('yes for a person with an active record in the programme, no for another programme and for an unknown person', async () => {
    const dibao = await post(
      'ibr',
      '/registry/sync/enrolled',
      enrolledRequest({
        person_identifier: { eq: chengdu.head },
        'programme_identifier.program.programme_identifier': { eq: 'DIBAO' },
      }),
    );
    expect(dibao.status).toBe(200);
    expect(dibao.body.message.enrolled_response).toEqual([
      expect.objectContaining({
        reference_id: 'txn-enrolled',
        status: 'succ',
        enrolled_status: 'yes',
      }),
    ]);
    expect(dibao.text).not.toContain(chengdu.head);
    const education = await post(
      'ibr',
      '/registry/sync/enrolled',
      enrolledRequest({
        person_identifier: { eq: chengdu.head },
        programme_identifier: { eq: 'EDU_GRANT' },
      }),
    );
    expect(education.body.message.enrolled_response[0].enrolled_status).toBe('no');
    const byKey = await post(
      'ibr',
      '/registry/sync/enrolled',
      enrolledRequest({
        person_identifier: { eq: personKey(chengdu.head, hub.config.idPepper) },
      }),
    );
    expect(byKey.body.message.enrolled_response[0].enrolled_status).toBe('yes');
    const stranger = await post('ibr', '/registry/sync/enrolled', enrolledRequest({ person_identifier: { eq: liangshan.head } }));
    expect(stranger.body.message.enrolled_response[0].enrolled_status).toBe('no');
  });

  test('enrollment updates are stored as the caller\'s records, each answered succ or rjct naming the field', async () => {
    const record = { ...familyRecords('510104', chengdu, 1)[0]!, sourceRecordId: 'CA-DCI-1', reference_id: 'b-1' };
    const foreign = { ...familyRecords('510104', chengdu, 1)[1]!, sourceRecordId: 'EDU-DCI-1', reference_id: 'b-2' };
    const { status, body } = await post('ibr', '/registry/sync/enrollment/updates', {
      header: { version: '1.0.0', message_id: 'm-upd', message_ts: new Date().toISOString(), action: 'notify', status: 'succ', sender_id: 'civil-affairs.test' },
      message: { transaction_id: 'txn-updates', enrolled_updates: { beneficiaries: [record, foreign] } },
    });
    expect(status).toBe(200);
    const [stored, refused] = body.message.enrolled_response;
    expect(stored).toMatchObject({ reference_id: 'b-1', status: 'succ' });
    expect(refused).toMatchObject({ reference_id: 'b-2', status: 'rjct' });
    expect(refused.status_reason_message).toContain('department');
    const kept = await hub.db.prisma.assistanceRecord.findMany({ where: { sourceRecordId: { in: ['CA-DCI-1', 'EDU-DCI-1'] } } });
    expect(kept.map((r) => r.sourceRecordId)).toEqual(['CA-DCI-1']);
  });
});
