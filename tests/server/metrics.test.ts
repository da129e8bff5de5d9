// GET /metrics, scraped as Prometheus would after real requests over HTTP:
// GraphQL requests and errors by operation name, the gateway's subgraph
// fetches, SQL statements, the database pool, ingested lines, detection rules
// and audit entries, with values that moved with what was asked.
import { startTestHub, type TestHub } from '../helpers/hub';
import { family, householdObject } from '../helpers/exchange';

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub({ demo: true });
  admin = await hub.token({ role: 'ADMIN', purpose: 'metrics test' });
});
afterAll(() => hub.stop());

/** Every sample of the scrape, "name{labels}" → value. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${hub.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

const sample = (samples: Map<string, number>, name: string) => samples.get(name) ?? 0;

test('GraphQL requests, errors, subgraph fetches, statements and audit entries are counted as they happen', async () => {
  const before = await scrape();
  const HOUSEHOLDS = `query Households { households(first: 3) { edges { node { sourceId members { person { name } } } } } }`;
  expect((await hub.graphql(HOUSEHOLDS, { token: admin })).body.errors).toBeUndefined();
  const refused = await hub.graphql(`query Outside { households(first: 1) { edges { node { sourceId } } } }`);
  expect(refused.status).toBe(401);
  const after = await scrape();

  const moved = (name: string) => sample(after, name) - sample(before, name);
  expect(moved('assist_hub_graphql_requests_total{operation="Households",outcome="ok"}')).toBe(1);
  expect(moved('assist_hub_graphql_request_duration_seconds_count{operation="Households"}')).toBe(1);
  expect(moved('assist_hub_graphql_errors_total{operation="Outside",code="UNAUTHENTICATED"}')).toBe(1);
  expect(moved('assist_hub_subgraph_fetch_duration_seconds_count{subgraph="registry",outcome="ok"}')).toBeGreaterThanOrEqual(1);
  expect(moved('assist_hub_db_statement_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(2);
  // Three households' members' names: one entry per person revealed.
  expect(moved('assist_hub_audit_entries_total')).toBeGreaterThanOrEqual(3);
  expect(after.has('assist_hub_db_pool_connections{state="total"}')).toBe(true);
  expect(after.has('assist_hub_process_resident_memory_bytes')).toBe(true);
});

test('ingested lines by outcome, and the detection rules the check at the door ran', async () => {
  const before = await scrape();
  const f = family('510104', 907);
  const SUBMIT = `mutation Submit($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored unchanged rejected } }`;
  const objects = [householdObject('510104', f), { type: 'person', idNumber: 'not-a-number' }];
  const { body } = await hub.graphql(SUBMIT, { token: admin, variables: { o: objects } });
  expect(body.data?.submitExchangeBatch).toEqual({ stored: 1, unchanged: 0, rejected: 1 });
  const after = await scrape();
  const moved = (name: string) => sample(after, name) - sample(before, name);
  expect(moved('assist_hub_ingest_lines_total{outcome="stored"}')).toBe(1);
  expect(moved('assist_hub_ingest_lines_total{outcome="rejected"}')).toBe(1);
  const ruleRuns = [...after.keys()].filter((name) => name.startsWith('assist_hub_detection_rule_duration_seconds_count{'));
  expect(ruleRuns.length).toBeGreaterThan(0);
});
