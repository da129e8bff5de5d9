// The requested cost of an operation on a small federated schema whose lists
// declare their sizes with @listSize and whose heavy fields say @cost: the
// directives are read from the composed supergraph, as the gateway does.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, parse, type GraphQLSchema } from 'graphql';
import { composeApiSchema, composeSupergraph } from '../gateway/compose';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graphql/builder';
import { NO_COST_DIRECTIVES, costDirectivesOf, requestedQueryCost, type CostDirectives } from './queryCost';

const LIBRARY = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize", "@cost"])

type Query {
  shelves(first: Int, last: Int, after: String): ShelfConnection!
    @listSize(assumedSize: 10, slicingArguments: ["first", "last"], sizedFields: ["edges"], requireOneSlicingArgument: false)
  shelf(id: ID!): Shelf
}
type ShelfConnection { totalCount: Int! edges: [ShelfEdge!]! }
type ShelfEdge { cursor: String! node: Shelf! }
type Shelf @key(fields: "id") {
  id: ID!
  books: [Book!]! @listSize(assumedSize: 4)
  tags: [String!]! @listSize(assumedSize: 3)
  authors: [Author!]!
  catalogue: Catalogue! @cost(weight: 7)
  annex: Catalogue!
}
type Book { title: String! pages(search: String @cost(weight: 3)): Int! }
type Author { name: String! }
type Catalogue @cost(weight: 5) { size: Int! }
`;

const subgraphs = [{ name: 'library', sdl: LIBRARY }];
const supergraph = composeSupergraph(subgraphs);
const schema: GraphQLSchema = buildSchema(composeApiSchema(subgraphs));
const directives = costDirectivesOf(supergraph);

const cost = (query: string, variables?: Record<string, unknown>, given: CostDirectives = directives) =>
  requestedQueryCost({ schema, document: parse(query), variables, directives: given });

test('the directives survive composition and are read from the supergraph by schema coordinate', () => {
  expect(supergraph).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/cost\/v0\.1"/);
  expect(directives.listSizes.get('Shelf.books')).toEqual({ assumedSize: 4 });
  expect(directives.listSizes.get('Query.shelves')).toEqual({
    assumedSize: 10,
    slicingArguments: ['first', 'last'],
    sizedFields: ['edges'],
    requireOneSlicingArgument: false,
  });
  expect(directives.weights.get('Shelf.catalogue')).toBe(7);
  expect(directives.weights.get('Catalogue')).toBe(5);
  expect(directives.weights.get('Book.pages(search:)')).toBe(3);
});

test('every field costs 1; a plain list pays its selection once per item it is assumed to hold', () => {
  expect(cost('{ shelf(id: "1") { id } }')).toBe(2);
  // shelf 1 + books (1 + 4 assumed × title 1).
  expect(cost('{ shelf(id: "1") { books { title } } }')).toBe(6);
  // A list of scalars is one field: its items select nothing.
  expect(cost('{ shelf(id: "1") { tags } }')).toBe(2);
  // A list nobody sized is assumed to hold a default page.
  expect(cost('{ shelf(id: "1") { authors { name } } }')).toBe(1 + 1 + DEFAULT_PAGE_SIZE);
});

test('a connection pays its edges once per item of the page, first or last, and the rest of it once', () => {
  // shelves 1 + totalCount 1 + edges 1 + 5 × node (1 + id 1).
  expect(cost('{ shelves(first: 5) { totalCount edges { node { id } } } }')).toBe(13);
  expect(cost('{ shelves(last: 3) { edges { cursor node { id } } } }')).toBe(1 + 1 + 3 * 3);
  expect(cost('query($n: Int) { shelves(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 1 + 7 * 2);
  // No slicing argument: the assumed size; totalCount alone is one count.
  expect(cost('{ shelves { edges { node { id } } } }')).toBe(1 + 1 + 10 * 2);
  expect(cost('{ shelves { totalCount } }')).toBe(2);
  // Never more than the largest page the server returns.
  expect(cost('{ shelves(first: 5000) { edges { node { id } } } }')).toBe(1 + 1 + MAX_PAGE_SIZE * 2);
  expect(cost('{ shelves(first: 0) { totalCount edges { node { id } } } }')).toBe(3);
  // Nested lists multiply: 5 shelves × (node 1 + books (1 + 4 × title 1)).
  expect(cost('{ shelves(first: 5) { edges { node { books { title } } } } }')).toBe(1 + 1 + 5 * 6);
});

test('edges selected through fragments, or left out by @skip and @include, are priced as the engine counts them', () => {
  const plain = cost('{ shelves(first: 5) { edges { node { id } } } }');
  expect(cost('{ shelves(first: 5) { ...page } } fragment page on ShelfConnection { edges { node { id } } }')).toBe(plain);
  expect(cost('{ shelves(first: 5) { ... on ShelfConnection { edges { node { id } } } } }')).toBe(plain);
  expect(cost('{ shelves(first: 5) { ... { edges { node { id } } } } }')).toBe(plain);
  const skipping = 'query($s: Boolean!) { shelves(first: 5) { totalCount edges @skip(if: $s) { node { id } } } }';
  expect(cost(skipping, { s: true })).toBe(2);
  expect(cost(skipping, { s: false })).toBe(13);
  expect(cost('{ shelves(first: 5) { totalCount ...page @include(if: false) } } fragment page on ShelfConnection { edges { node { id } } }')).toBe(2);
  // Two selections of edges (aliases): each is a page.
  expect(cost('{ shelves(first: 5) { a: edges { node { id } } b: edges { cursor } } }')).toBe(1 + 2 + 5 * 2 + 5 * 1);
});

test('@cost weighs a field, else the type it returns, and an argument when it is passed', () => {
  expect(cost('{ shelf(id: "1") { catalogue { size } } }')).toBe(1 + 7 + 1);
  expect(cost('{ shelf(id: "1") { annex { size } } }')).toBe(1 + 5 + 1);
  expect(cost('{ shelf(id: "1") { books { pages } } }')).toBe(1 + 1 + 4 * 1);
  expect(cost('{ shelf(id: "1") { books { pages(search: "fox") } } }')).toBe(1 + 1 + 4 * (1 + 3));
});

test('introspection is cheap whatever it selects: the schema is in memory', () => {
  expect(cost('{ __schema { types { name fields { name args { name } } } } }')).toBe(1);
  expect(cost('{ __type(name: "Shelf") { fields { name } } }')).toBe(1);
  expect(cost('{ __typename }')).toBe(1);
});

test('without the directives every list, a connection\'s edges too, is assumed to hold a default page', () => {
  expect(cost('{ shelf(id: "1") { books { title } } }', undefined, NO_COST_DIRECTIVES)).toBe(2 + DEFAULT_PAGE_SIZE);
  expect(cost('{ shelves(first: 5) { edges { node { id } } } }', undefined, NO_COST_DIRECTIVES)).toBe(2 + DEFAULT_PAGE_SIZE * 2);
});

describe('the directives are found under the names a @link gives them', () => {
  const shelfType = 'type Shelf { books: [String!]! @NAME(assumedSize: 4) }';
  test('imported under another name', () => {
    const read = costDirectivesOf(`
      schema @link(url: "https://specs.apollo.dev/cost/v0.1", import: [{ name: "@listSize", as: "@size" }]) { query: Shelf }
      ${shelfType.replace('NAME', 'size')}`);
    expect(read.listSizes.get('Shelf.books')).toEqual({ assumedSize: 4 });
  });
  test('not imported: the spec\'s prefix', () => {
    const read = costDirectivesOf(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      ${shelfType.replace('NAME', 'federation__listSize')} type Other { weighed: Int @federation__cost(weight: 2) }`);
    expect(read.listSizes.get('Shelf.books')).toEqual({ assumedSize: 4 });
    expect(read.weights.get('Other.weighed')).toBe(2);
  });
  test('a directive of the same name from no such link is not read', () => {
    const read = costDirectivesOf(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      ${shelfType.replace('NAME', 'listSize')}`);
    expect(read.listSizes.size).toBe(0);
  });
  test('a document without a link: the plain names', () => {
    expect(costDirectivesOf(shelfType.replace('NAME', 'listSize')).listSizes.get('Shelf.books')).toEqual({ assumedSize: 4 });
  });
});

test('a gateway\'s entity fetch pays once per representation it sends, not a default page', () => {
  // A subgraph served alone prices what the gateway asks of it (src/server/rateLimit.ts, subgraphSdl).
  const subgraphSchema = buildSubgraphSchema(parse(LIBRARY));
  const fetch = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Shelf { books { title } } } }';
  const representations = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Shelf', id: String(i) }));
  const priced = (n: number) => requestedQueryCost({ schema: subgraphSchema, document: parse(fetch), variables: { r: representations(n) }, directives: costDirectivesOf(LIBRARY) });
  // _entities 1 + per shelf: books (1 + 4 assumed × title 1).
  expect(priced(3)).toBe(1 + 3 * 5);
  expect(priced(1)).toBe(1 + 5);
});
