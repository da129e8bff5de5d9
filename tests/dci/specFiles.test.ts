// The DCI (SPDCI) OpenAPI files of the Social Registry and the ID & Beneficiary
// Registry load, mended in memory only, and judge bodies as the standard
// declares them: a well-formed sync search passes, a missing or wrong header
// field or query type is named, an acknowledgement is checked against its
// enum; the overlapping query alternatives (SPEC-NOTES #45) do not fail valid
// queries. A callback posted to the loopback receiver is recorded, checked
// against its callback path, and acknowledged as the standard says.
import fs from 'node:fs';
import path from 'node:path';
import { DCI_SPEC_DIR, dciSpec, type DciRegistry } from '../helpers/dciSpec';
import { startCallbackReceiver } from '../helpers/callbackReceiver';

const SOCIAL_PATHS = [
  '/registry/search',
  '/registry/on-search',
  '/registry/subscribe',
  '/registry/on-subscribe',
  '/registry/notify',
  '/registry/unsubscribe',
  '/registry/on-unsubscribe',
  '/registry/txn/status',
  '/registry/txn/on-status',
  '/registry/sync/search',
  '/registry/sync/txn/status',
];
const IBR_PATHS = [
  '/registry/search',
  '/registry/on-search',
  '/registry/subscribe',
  '/registry/on-subscribe',
  '/registry/notify',
  '/registry/unsubscribe',
  '/registry/on-unsubscribe',
  '/registry/txn/status',
  '/registry/txn/on-status',
  '/registry/sync/search',
  '/registry/sync/enrollment/updates',
  '/registry/sync/enrolled',
  '/registry/sync/txn/status',
];

const now = () => new Date().toISOString();

function header(action: string) {
  return { version: '1.0.0', message_id: 'msg-001', message_ts: now(), action, sender_id: 'test-client', total_count: 1 };
}

function callbackHeader(action: string) {
  return { version: '1.0.0', message_id: 'msg-101', message_ts: now(), action, status: 'succ', sender_id: 'sr-server', total_count: 1, completed_count: 1 };
}

/** A sync search for UIN TEST-001, built by hand from the SearchRequest schema. */
function syncSearch(criteria: Record<string, unknown> = { query_type: 'idtype-value', query: { type: 'UIN', value: 'TEST-001' } }) {
  return {
    header: header('search'),
    message: {
      transaction_id: 'txn-001',
      search_request: [{ reference_id: 'ref-001', timestamp: now(), search_criteria: criteria }],
    },
  };
}

const ack = (ack_status: string) => ({ message: { ack_status, timestamp: now(), correlation_id: 'corr-001' } });

describe.each<[DciRegistry, string[]]>([
  ['social', SOCIAL_PATHS],
  ['ibr', IBR_PATHS],
])('the %s registry file', (registry, expectedPaths) => {
  const spec = dciSpec(registry);

  test('loads and declares exactly the expected POST paths', () => {
    expect(spec.paths()).toEqual(expectedPaths);
  });

  test('compiles a request and a response validator for every path it declares', () => {
    for (const route of spec.paths()) {
      expect(spec.requestProblems(route, {})).toContain("/header: must have required property 'header'");
      expect(() => spec.responseProblems(route, 200, {})).not.toThrow();
    }
  });

  test('refuses a path it does not declare instead of passing the body', () => {
    expect(() => spec.requestProblems('/registry/nowhere', syncSearch())).toThrow(/not a POST path/);
  });

  test('passes a well-formed sync search request', () => {
    expect(spec.requestProblems('/registry/sync/search', syncSearch())).toEqual([]);
  });

  test('names header.message_id when it is missing', () => {
    const body = syncSearch();
    delete (body.header as Partial<typeof body.header>).message_id;
    expect(spec.requestProblems('/registry/sync/search', body)).toEqual(["/header/message_id: must have required property 'message_id'"]);
  });

  test("names header.action when it is not the path's action", () => {
    const body = syncSearch();
    body.header.action = 'wrong';
    expect(spec.requestProblems('/registry/sync/search', body)).toEqual(['/header/action: must be equal to one of the allowed values ("search")']);
  });

  test('names query_type when it is not one the standard knows', () => {
    const problems = spec.requestProblems('/registry/sync/search', syncSearch({ query_type: 'sql', query: { type: 'UIN', value: 'TEST-001' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/message\/search_request\/0\/search_criteria\/query_type: must be equal to one of the allowed values/);
  });

  test('names a bad message_ts date-time', () => {
    const body = syncSearch();
    body.header.message_ts = 'yesterday';
    expect(spec.requestProblems('/registry/sync/search', body)).toEqual(['/header/message_ts: must match format "date-time"']);
  });

  test('passes queries whose alternatives overlap (SPEC-NOTES #45): integer id value, integer predicate value, expression', () => {
    const queries = [
      { query_type: 'idtype-value', query: { type: 'UIN', value: 12345 } },
      { query_type: 'predicate', query: [{ seq_num: 1, expression1: { attribute_name: 'age', operator: 'lt', attribute_value: 25 } }] },
      {
        query_type: 'expression',
        query: { type: 'ns:org:QueryType:expression', value: { expression: { collection: 'Group', query: { $and: [{ poverty_score: { $lt: 5 } }] } } } },
      },
    ];
    for (const criteria of queries) expect(spec.requestProblems('/registry/sync/search', syncSearch(criteria))).toEqual([]);
  });

  test('still names a real mistake inside the alternative query_type names', () => {
    const criteria = { query_type: 'predicate', query: [{ seq_num: 1, expression1: { attribute_name: 'age', operator: 'about', attribute_value: 25 } }] };
    expect(spec.requestProblems('/registry/sync/search', syncSearch(criteria))).toEqual([
      '/message/search_request/0/search_criteria/query/0/expression1/operator: must be equal to one of the allowed values ("gt", "lt", "eq", "ge", "le", "in")',
    ]);
  });

  test('passes an encrypted message in place of the search request', () => {
    const body = {
      header: { ...header('search'), is_msg_encrypted: true },
      message: { header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'key-1' }, ciphertext: 'abc', encrypted_key: 'def', tag: 'ghi', iv: 'jkl' },
    };
    expect(spec.requestProblems('/registry/sync/search', body)).toEqual([]);
  });

  test('passes an ACK for /registry/search and names an ack_status outside the enum', () => {
    expect(spec.responseProblems('/registry/search', 200, ack('ACK'))).toEqual([]);
    expect(spec.responseProblems('/registry/search', 200, ack('MAYBE'))).toEqual([
      '/message/ack_status: must be equal to one of the allowed values ("ACK", "NACK", "ERR")',
    ]);
  });

  test('passes a sync search response and names a record without its status', () => {
    const response = {
      header: callbackHeader('on-search'),
      message: {
        transaction_id: 'txn-001',
        correlation_id: 'corr-001',
        search_response: [{ reference_id: 'ref-001', timestamp: now(), status: 'succ', data: { reg_records: [{ name: 'Test Person 001' }] } }],
      },
    };
    expect(spec.responseProblems('/registry/sync/search', 200, response)).toEqual([]);
    delete (response.message.search_response[0] as { status?: string }).status;
    expect(spec.responseProblems('/registry/sync/search', 200, response)).toEqual(["/message/search_response/0/status: must have required property 'status'"]);
  });
});

describe('mending in memory', () => {
  const onDisk = (file: string) => fs.readFileSync(path.join(DCI_SPEC_DIR, file), 'utf8');

  test("moves the social file's swallowed info.version out of its description; the file keeps the defect", () => {
    expect(dciSpec('social').patches()).toContain('info.version 1.0.0 moved out of the end of info.description');
    expect(onDisk('social_api_v1.0.0.yaml')).toMatch(/"err\.receiver_id\.invalid" {2}version: 1\.0\.0\n/);
  });

  test("renames the IBR file's securitySchemas and gives its schema-as-response defaults the sync envelope; the file keeps them", () => {
    const patches = dciSpec('ibr').patches();
    expect(patches).toContain('components.securitySchemas renamed securitySchemes');
    expect(patches.filter((p) => p.includes('wrapped in a Response Object'))).toHaveLength(2);
    const text = onDisk('ibr_api_v1.0.0.yaml');
    expect(text).toMatch(/^ {2}securitySchemas:$/m);
    expect(text).toContain("$ref: '#/components/schemas/EnrolledResponse'");
  });
});

describe('the IBR enrolled and enrollment updates operations', () => {
  const ibr = dciSpec('ibr');
  const enrolled = () => ({
    header: header('search'),
    message: {
      transaction_id: 'txn-201',
      enrolled_criteria: {
        query_type: 'expression',
        response_entity: 'Member',
        query: { person_identifier: { eq: 'ABC451123' }, 'programme_identifier.program.programme_identifier': { eq: 'DCI001' } },
      },
    },
  });

  test('passes an enrolled request built from EnrolledRequest and names a missing enrolled_criteria', () => {
    expect(ibr.requestProblems('/registry/sync/enrolled', enrolled())).toEqual([]);
    const body = enrolled();
    delete (body.message as Partial<typeof body.message>).enrolled_criteria;
    expect(ibr.requestProblems('/registry/sync/enrolled', body)).toEqual(["/message/enrolled_criteria: must have required property 'enrolled_criteria'"]);
  });

  test('checks the enrolled response (EnrolledResponse in the sync envelope), naming a missing enrolled_status', () => {
    const response = {
      header: callbackHeader('on-search'),
      message: {
        transaction_id: 'txn-201',
        correlation_id: 'corr-201',
        enrolled_response: [{ reference_id: 'ref-201', timestamp: now(), status: 'succ', enrolled_status: 'yes' }],
      },
    };
    expect(ibr.responseProblems('/registry/sync/enrolled', 200, response)).toEqual([]);
    delete (response.message.enrolled_response[0] as { enrolled_status?: string }).enrolled_status;
    expect(ibr.responseProblems('/registry/sync/enrolled', 200, response)).toEqual([
      "/message/enrolled_response/0/enrolled_status: must have required property 'enrolled_status'",
    ]);
  });

  test('checks an enrollment update and its response (EnrollmentUpdatesResponse in the sync envelope)', () => {
    const update = {
      header: callbackHeader('notify'),
      message: { transaction_id: 'txn-301', enrolled_updates: { beneficiaries: [{ member_identifier: 'HS0205202401' }] } },
    };
    expect(ibr.requestProblems('/registry/sync/enrollment/updates', update)).toEqual([]);
    const response = {
      header: callbackHeader('on-notify'),
      message: { transaction_id: 'txn-301', correlation_id: 'corr-301', enrolled_response: [{ reference_id: 'ref-301', timestamp: now(), status: 'rcvd' }] },
    };
    expect(ibr.responseProblems('/registry/sync/enrollment/updates', 200, response)).toEqual([]);
    expect(ibr.responseProblems('/registry/sync/enrollment/updates', 200, { header: response.header, message: { transaction_id: 'txn-301' } })).toEqual([
      "/message/correlation_id: must have required property 'correlation_id'",
      "/message/enrolled_response: must have required property 'enrolled_response'",
    ]);
  });
});

describe('the callback receiver', () => {
  test('records a callback, which is checked against its callback path, and acknowledges it as the standard says', async () => {
    const receiver = await startCallbackReceiver();
    try {
      const callback = {
        header: callbackHeader('on-search'),
        message: {
          transaction_id: 'txn-001',
          correlation_id: 'corr-001',
          search_response: [{ reference_id: 'ref-001', timestamp: now(), status: 'succ', data: { reg_records: [] } }],
        },
      };
      const response = await fetch(`${receiver.url}/registry/on-search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(callback),
      });
      expect(response.status).toBe(200);
      const answer = await response.json();
      expect(dciSpec('social').responseProblems('/registry/on-search', 200, answer)).toEqual([]);

      await receiver.waitFor(1);
      const [received] = receiver.received;
      expect(received?.path).toBe('/registry/on-search');
      expect(received?.headers['content-type']).toBe('application/json');
      expect(dciSpec('social').requestProblems(received!.path, received!.body)).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  test('answers with the status it is told to, and waitFor fails clearly when callbacks do not come', async () => {
    const receiver = await startCallbackReceiver({ status: 202 });
    try {
      const post = () => fetch(`${receiver.url}/registry/notify`, { method: 'POST', body: '{}' });
      expect((await post()).status).toBe(202);
      receiver.respondWith(500);
      expect((await post()).status).toBe(500);
      await expect(receiver.waitFor(3, 200)).rejects.toThrow(/expected 3 callback\(s\) within 200 ms, received 2/);
    } finally {
      await receiver.close();
    }
  });
});
