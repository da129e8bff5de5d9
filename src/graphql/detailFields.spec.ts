// Which record queries pay for the department detail joins.
import { buildSchema, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { asksForDetails } from './detailFields';

const schema = buildSchema(`
  interface AssistanceRecord { id: ID! amount: String! }
  type CivilAffairsRecord implements AssistanceRecord { id: ID! amount: String! dibaoGrade: Int }
  type Edge { node: AssistanceRecord! }
  type Connection { totalCount: Int! edges: [Edge!]! }
  type Query { records: Connection! }
`);

/** The resolve info of the first root field of `query`, as graphql-js hands it to a resolver. */
function infoFor(query: string): GraphQLResolveInfo {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f]),
  );
  return { schema, fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments } as unknown as GraphQLResolveInfo;
}

test('the common fields alone, even inside a fragment on a record type, need no detail rows', () => {
  expect(asksForDetails(infoFor('{ records { totalCount edges { node { id amount } } } }'))).toBe(false);
  expect(asksForDetails(infoFor('{ records { edges { node { __typename ... on CivilAffairsRecord { id amount } } } } }'))).toBe(false);
});

test('a department field, in an inline fragment or a named one, needs them', () => {
  expect(asksForDetails(infoFor('{ records { edges { node { id ... on CivilAffairsRecord { dibaoGrade } } } } }'))).toBe(true);
  expect(asksForDetails(infoFor('{ records { edges { node { ...ca } } } } fragment ca on CivilAffairsRecord { dibaoGrade }'))).toBe(true);
});
