// The cost model against the real gateway over HTTP (docs/access.md, Limits):
// list sizes come from the @listSize the subgraphs declare and the supergraph
// carries, so ordinary department queries on the demo set fit the default
// limit of one operation (HUB_MAX_COST, 50,000) with room, and a query that
// nests pages of pages is refused before anything runs.
import { buildSchema, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType } from 'graphql';
import { composeApiSchema, composeSupergraph } from '../../src/gateway/compose';
import { DEFAULT_LIMITS } from '../../src/lib/config';
import { PLAYGROUND_EXAMPLES } from '../../src/server/examples';
import { costDirectivesOf } from '../../src/server/queryCost';
import { allSubgraphs } from '../../src/subgraphs';
import { startTestHub, type TestHub } from '../helpers/hub';

/** "Room": an ordinary query asks for at most a fifth of the limit. */
const ROOM = DEFAULT_LIMITS.maxCost / 5;
/** The demo household with records from all seven departments (scripts/bench.ts). */
const HOUSEHOLD = 'HH-510107-000012';

// scripts/bench.ts, 'household with every department's records (one graph)'.
const HOUSEHOLD_VIEW = `query($s: ID!) { household(sourceId: $s) {
    sourceId members { relation person { personKey maskedIdNumber age name assistanceRecords { totalCount } } }
    assistanceRecords(first: 50) { totalCount edges { node { id department program amount startDate endDate status
      ... on CivilAffairsRecord { dibaoGrade } ... on EducationRecord { schoolTerm } ... on HealthcareSecurityRecord { billTotal } } } }
  } }`;

const PAGE_OF_HOUSEHOLDS = `{ households(first: 20) { edges { node {
    sourceId
    members { relation person { personKey maskedIdNumber age name } }
    assistanceRecords(first: 50) { totalCount edges { node { id department program amount startDate endDate status
      ... on CivilAffairsRecord { dibaoGrade } ... on EducationRecord { schoolTerm } ... on HealthcareSecurityRecord { billTotal } } } }
  } } } }`;

// Pages of pages: 100 households, each member's 100 records, each record's
// beneficiary's households with their members.
const EXPENSIVE = `{ households(first: 100) { edges { node { sourceId members { relation person { personKey
    assistanceRecords(first: 100) { edges { node { id beneficiary { personKey households { household { sourceId members { person { personKey name } } } } } } } }
  } } } } } }`;

let hub: TestHub;
let token: string;
const costs: [string, number][] = [];
beforeAll(async () => {
  hub = await startTestHub({ demo: true });
  token = await hub.token({ role: 'ADMIN', purpose: 'cost model test' });
});
afterAll(async () => {
  console.log(`requested costs (limit of one operation ${DEFAULT_LIMITS.maxCost}):\n${costs.map(([name, cost]) => `  ${cost}\t${name}`).join('\n')}`);
  await hub.stop();
});

async function fits(name: string, query: string, variables?: Record<string, unknown>) {
  const { status, body } = await hub.graphql(query, { token, variables });
  expect({ name, status, errors: body.errors }).toEqual({ name, status: 200, errors: undefined });
  const cost: number = body.extensions!.cost.requestedQueryCost;
  costs.push([name, cost]);
  expect({ name, cost }).toEqual({ name, cost: expect.any(Number) });
  expect({ name, withRoom: cost <= ROOM }).toEqual({ name, withRoom: true });
  return body.data!;
}

test('the household view (one household, its members, every department\'s records) fits with room', async () => {
  const data = await fits('household view (scripts/bench.ts)', HOUSEHOLD_VIEW, { s: HOUSEHOLD });
  expect(data.household.members.length).toBeGreaterThan(0);
  expect(data.household.assistanceRecords.totalCount).toBeGreaterThan(0);
});

test('a page of 20 households with members and up to 50 records each, with department details, fits with room', async () => {
  const data = await fits('page of 20 households, members, assistanceRecords(first: 50)', PAGE_OF_HOUSEHOLDS);
  expect(data.households.edges).toHaveLength(20);
});

test.each(PLAYGROUND_EXAMPLES.map((example) => [example.name, example.query] as const))('the playground example "%s" fits with room', async (name, query) => {
  await fits(`playground: ${name}`, query);
});

test('a list is paid for the items its declaration assumes: a household\'s members as six, not a default page', async () => {
  // household 1 + members (1 + 6 assumed × relation 1).
  const { body } = await hub.graphql('query($s: ID!) { household(sourceId: $s) { members { relation } } }', { token, variables: { s: HOUSEHOLD } });
  expect(body.extensions!.cost.requestedQueryCost).toBe(8);
});

test('pages of pages are refused with 400 MAX_COST_EXCEEDED before anything runs, and nothing is charged', async () => {
  const spender = await hub.token({ role: 'ADMIN', sub: 'pages-of-pages', purpose: 'cost model test' });
  const { status, body } = await hub.graphql(EXPENSIVE, { token: spender });
  expect(status).toBe(400);
  expect(body.data).toBeUndefined();
  const [error] = body.errors!;
  expect(error!.message).toMatch(new RegExp(`cost limit of ${DEFAULT_LIMITS.maxCost}`));
  expect(error!.message).toMatch(/first\/last/);
  expect(error!.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', maximumCost: DEFAULT_LIMITS.maxCost });
  const cost: number = error!.extensions!.requestedQueryCost;
  costs.push(['pages of pages (refused)', cost]);
  expect(cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  expect(body.extensions!.cost.requestedQueryCost).toBe(cost);
  expect(body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(body.extensions!.cost.throttleStatus.maximumAvailable);
});

test('every list of the API declares its size: @listSize, or the connection field that returns it sizes it', () => {
  const subgraphs = allSubgraphs();
  const api = buildSchema(composeApiSchema(subgraphs));
  const { listSizes } = costDirectivesOf(composeSupergraph(subgraphs));
  const sizedByParent = new Set<string>();
  for (const [coordinate, listSize] of listSizes) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = api.getType(typeName);
    const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[fieldName] : undefined;
    for (const sized of listSize.sizedFields ?? []) if (field) sizedByParent.add(`${getNamedType(field.type).name}.${sized}`);
  }
  const undeclared: string[] = [];
  for (const type of Object.values(api.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (isListType(getNullableType(field.type)) && !listSizes.has(coordinate) && !sizedByParent.has(coordinate)) undeclared.push(coordinate);
    }
  }
  expect(undeclared).toEqual([]);
  // Every connection field pages with first/last over its edges.
  const connections = [...listSizes].filter(([, listSize]) => listSize.sizedFields?.includes('edges'));
  expect(connections.length).toBeGreaterThan(5);
  for (const [coordinate, listSize] of connections) {
    expect({ coordinate, slicingArguments: listSize.slicingArguments }).toEqual({ coordinate, slicingArguments: ['first', 'last'] });
  }
});
