// A subgraph's outage must cost only the fields it serves (Federation's
// guidance on nullable fields across subgraphs). When a subgraph cannot
// answer, the gateway nulls what it would have given; a non-null field there
// passes the null up to its parent, and through non-null parents up to the
// root: one registry outage would empty every list of records. So every
// field whose value needs a subgraph other than the one answering its parent
// is nullable:
// - a field that gives an entity another subgraph resolves
//   (AssistanceRecord.beneficiary: the registry knows the person);
// - a field a subgraph adds to another subgraph's entity
//   (Person.assistanceRecords, added by the assistance subgraph).
// Read off the composed supergraph, so that a new field is held to it too.
import {
  buildSchema,
  getNamedType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  type ConstDirectiveNode,
  type GraphQLNamedType,
} from 'graphql';
import { composeSupergraph } from '../../src/gateway/compose';
import { allSubgraphs } from '../../src/subgraphs';

const supergraph = buildSchema(composeSupergraph(allSubgraphs()), { assumeValidSDL: true });

/** The arguments of each use of a join__ directive, as strings. */
function joins(node: { directives?: readonly ConstDirectiveNode[] } | null | undefined, directive: 'join__type' | 'join__field') {
  return (node?.directives ?? [])
    .filter((d) => d.name.value === directive)
    .map((d) => Object.fromEntries((d.arguments ?? []).map((a) => [a.name.value, 'value' in a.value ? String(a.value.value) : ''])));
}

/** For an entity (a type with @key), the subgraphs that own it rather than extend it or only reference it. */
function owners(type: GraphQLNamedType): string[] | undefined {
  const types = joins(type.astNode, 'join__type');
  if (!types.some((j) => j.key)) return undefined;
  return types.filter((j) => j.extension !== 'true' && j.resolvable !== 'false').map((j) => j.graph!);
}

function crossingNonNullFields(): string[] {
  const found: string[] = [];
  for (const type of Object.values(supergraph.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || /^(__|join__|link__)/.test(type.name)) continue;
    const typeGraphs = joins(type.astNode, 'join__type').map((j) => j.graph!);
    const parentOwners = owners(type);
    for (const field of Object.values(type.getFields())) {
      if (!isNonNullType(field.type)) continue;
      const fieldJoins = joins(field.astNode, 'join__field');
      const graphs = fieldJoins.length > 0 ? fieldJoins.map((j) => j.graph!) : typeGraphs;
      const added = parentOwners && parentOwners.length > 0 && graphs.every((g) => !parentOwners.includes(g));
      const targetOwners = owners(getNamedType(field.type));
      const resolvedElsewhere = targetOwners && graphs.every((g) => !targetOwners.includes(g));
      if (added || resolvedElsewhere) found.push(`${type.name}.${field.name}: ${String(field.type)} (answered by ${graphs.join(', ')})`);
    }
  }
  return found.sort();
}

test('no non-null field needs a subgraph other than the one answering its parent', () => {
  expect(crossingNonNullFields()).toEqual([]);
});

test('the check sees such fields: a record\'s beneficiary is nullable because the registry answers it', () => {
  const record = supergraph.getType('CivilAffairsRecord');
  if (!isObjectType(record)) throw new Error('no CivilAffairsRecord type');
  const beneficiary = record.getFields().beneficiary!;
  expect(isNonNullType(beneficiary.type)).toBe(false);
  expect(owners(getNamedType(beneficiary.type))).toEqual(['REGISTRY']);
  expect(joins(beneficiary.astNode, 'join__field').map((j) => j.graph)).toEqual(['ASSISTANCE']);
});
