// Request limits (ACCESS.md "Limits on every request"): each bomb is refused
// before any resolver runs, and its harmless twin still gets its data.
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub({ env: { HUB_MAX_DEPTH: '12', HUB_MAX_ALIASES: '10', HUB_MAX_DIRECTIVES: '5', HUB_MAX_TOKENS: '600', HUB_MAX_COST: '3000' } });
  admin = await hub.token({ role: 'ADMIN', purpose: 'limits test' });
  const seeded = await hub.graphql(`mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { rejected } }`, {
    token: admin,
    variables: { o: [{ type: 'region', code: '510000', name: '四川省', level: 'PROVINCE' }, { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' }] },
  });
  expect(seeded.body.data!.submitExchangeBatch.rejected).toBe(0);
});
afterAll(() => hub.stop());

const nest = (depth: number) => `{ region(code: "510100") { ${'parent { '.repeat(depth)}code${' }'.repeat(depth)} } }`;

async function refusal(query: string) {
  const { status, body } = await hub.graphql(query, { token: admin });
  expect(body.data).toBeUndefined();
  return { status, message: body.errors?.[0]?.message ?? '' };
}

test('a query nested deeper than the limit is refused; one within it answers', async () => {
  expect((await refusal(nest(12))).message).toMatch(/depth limit of 12/i);
  const { body } = await hub.graphql(nest(3), { token: admin });
  expect(body.errors).toBeUndefined();
  expect(body.data!.region).toEqual({ parent: { parent: null } });
});

test('too many aliases are refused; a few answer', async () => {
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: region(code: "510100") { code }`).join(' ')} }`;
  expect((await refusal(aliases(11))).message).toMatch(/aliases limit of 10/i);
  const { body } = await hub.graphql(aliases(3), { token: admin });
  expect(Object.keys(body.data!)).toEqual(['a0', 'a1', 'a2']);
});

test('too many directives are refused; a few answer', async () => {
  const directives = (n: number) => `{ region(code: "510100") { code ${'@include(if: true) '.repeat(n)} } }`;
  expect((await refusal(directives(6))).message).toMatch(/directives limit of 5/i);
  const { body } = await hub.graphql(`{ region(code: "510100") { code @include(if: true) @skip(if: false) } }`, { token: admin });
  expect(body.data!.region).toEqual({ code: '510100' });
});

test('a document of too many tokens is refused', async () => {
  const long = `{ ${Array.from({ length: 120 }, () => 'region(code: "510100") { code name }').join(' ')} }`;
  expect((await refusal(long)).message).toMatch(/token limit of 600/i);
});

test('a query costing more than the budget is refused; a cheap one answers', async () => {
  const wide = `{ regions(first: 100) { edges { node { code name level ancestors { code name level ancestors { code name } } children { code name children { code name } } } } } }`;
  expect((await refusal(wide)).message).toMatch(/cost limit of 3000/i);
  const { body } = await hub.graphql(`{ regions(first: 5) { edges { node { code } } } }`, { token: admin });
  expect(body.data!.regions.edges.length).toBeGreaterThan(0);
});

test('a misspelt field is refused without suggesting the real names', async () => {
  const { message } = await refusal(`{ regionz { code } }`);
  expect(message).toMatch(/Cannot query field "regionz"/);
  expect(message).not.toMatch(/Did you mean/i);
});

test('a JSON array of operations (batching) is refused', async () => {
  const response = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify([{ query: '{ region(code: "510100") { code } }' }, { query: '{ region(code: "510000") { code } }' }]),
  });
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(/batch/i);
});
