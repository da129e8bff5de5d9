// The requested cost of an operation, computed from the operation and the
// schema before anything runs (in the spirit of Shopify's and GitHub's
// GraphQL APIs): every field costs 1, and what is selected inside a list is
// paid once per item the list may hold.
//
// How many items a list may hold is declared in the schema, where each field
// is declared, with Apollo Federation's demand-control directives
// (https://specs.apollo.dev/cost/v0.1, federation v2.9): `@listSize` on every
// list (an assumed size, or the slicing arguments `first`/`last` of a
// connection and the `edges` they size) and `@cost(weight:)` where a field
// costs other than 1. They compose into the supergraph, where Apollo Router's
// demand control reads them too; the gateway hands the supergraph to
// `costDirectivesOf` and the estimator below reads them from there.
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isInterfaceType,
  isListType,
  isObjectType,
  parse,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graphql/builder';

/** `@listSize(assumedSize, slicingArguments, sizedFields, requireOneSlicingArgument)` of one field. */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument?: boolean;
}

/** The demand-control directives of a schema, by schema coordinate (`Type.field`, `Type`, `Type.field(arg:)`). */
export interface CostDirectives {
  listSizes: ReadonlyMap<string, ListSize>;
  weights: ReadonlyMap<string, number>;
}

export const NO_COST_DIRECTIVES: CostDirectives = { listSizes: new Map(), weights: new Map() };

export interface CostedOperation {
  /** The schema the operation is validated against (on the gateway: the API schema, which has no directives). */
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** From `costDirectivesOf(supergraphSdl)`; without them every list is assumed to hold a default page. */
  directives?: CostDirectives;
}

const COST_SPEC = 'https://specs.apollo.dev/cost/';
const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/';

/**
 * Reads `@listSize` and `@cost` from a supergraph's (or subgraph's) SDL, under
 * the names its `@link` gives them (imported: `@listSize`; not imported:
 * `@cost__listSize`, `@federation__listSize`; the cost spec's own `@cost`:
 * `@cost`). A document without such a link is read by the plain names.
 */
export function costDirectivesOf(sdl: string | DocumentNode): CostDirectives {
  const document = typeof sdl === 'string' ? parse(sdl) : sdl;
  const names = directiveNames(document);
  const listSizes = new Map<string, ListSize>();
  const weights = new Map<string, number>();
  const weightOf = (directives: readonly DirectiveNode[] | undefined): number | undefined => {
    const cost = directives?.find((d) => names.cost.has(d.name.value));
    const weight = cost && argumentsOf(cost).weight;
    return typeof weight === 'number' ? weight : undefined;
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    const typeWeight = weightOf(definition.directives);
    if (typeWeight !== undefined) weights.set(typeName, typeWeight);
    const fields = 'fields' in definition ? (definition.fields ?? []) : [];
    for (const field of fields) {
      const coordinate = `${typeName}.${field.name.value}`;
      const fieldWeight = weightOf(field.directives);
      if (fieldWeight !== undefined) weights.set(coordinate, fieldWeight);
      for (const arg of 'arguments' in field ? (field.arguments ?? []) : []) {
        const argWeight = weightOf(arg.directives);
        if (argWeight !== undefined) weights.set(`${coordinate}(${arg.name.value}:)`, argWeight);
      }
      const listSize = field.directives?.find((d) => names.listSize.has(d.name.value));
      if (listSize) listSizes.set(coordinate, argumentsOf(listSize) as ListSize);
    }
  }
  return { listSizes, weights };
}

/** Throws graphql-query-complexity's error when the arguments cannot be read (bad variables). */
export function requestedQueryCost({ schema, document, variables, operationName, directives = NO_COST_DIRECTIVES }: CostedOperation): number {
  const estimator = new Estimator(schema, document, directives, coercedVariables(schema, document, variables, operationName));
  return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator.fieldCost] });
}

class Estimator {
  /**
   * Lists sized by the field that returns their type (a connection's `edges`),
   * as `Type.field`: only where every field returning the type names them in
   * its `sizedFields`; any other list is sized on its own.
   */
  private readonly sizedByParent: ReadonlySet<string>;
  /** What is selected inside each field node, per parent type: a connection pays its `edges`' items once per item. */
  private readonly inner = new WeakMap<FieldNode, Map<string, number>>();

  constructor(
    schema: GraphQLSchema,
    private readonly document: DocumentNode,
    private readonly directives: CostDirectives,
    private readonly variables: Record<string, unknown> | undefined,
  ) {
    this.sizedByParent = sizedByParentOf(schema, directives);
  }

  readonly fieldCost: ComplexityEstimator = ({ type, field, node, args, childComplexity }) => {
    let byType = this.inner.get(node);
    if (!byType) this.inner.set(node, (byType = new Map()));
    byType.set(type.name, childComplexity);
    return this.cost(type, field, node, args, childComplexity);
  };

  /**
   * A field costs its weight (1 unless `@cost` says otherwise) once, plus what
   * is selected inside it once per item: a list is resolved once, its items
   * each. A connection's page is its `edges`' items.
   */
  private cost(
    type: GraphQLCompositeType,
    field: GraphQLField<unknown, unknown>,
    node: FieldNode,
    args: Record<string, unknown>,
    childComplexity: number,
  ): number {
    // The schema is in memory: introspection does no database work, and its
    // nested lists (types → fields → args) would otherwise price the
    // playground's own schema query out of any budget.
    if (field.name === '__schema' || field.name === '__type') return 1;
    if (type.name.startsWith('__')) return 0;
    const coordinate = `${type.name}.${field.name}`;
    const own = this.weight(coordinate, getNamedType(field.type).name) + this.argumentWeights(coordinate, node);
    // A gateway's entity fetch (a subgraph served alone): as many entities as representations sent, not a default page.
    if (coordinate === 'Query._entities' && Array.isArray(args.representations)) return own + args.representations.length * childComplexity;
    const listSize = this.directives.listSizes.get(coordinate);
    if (listSize?.sizedFields?.length) {
      const items = itemsOf(listSize, args);
      const returned = getNamedType(field.type);
      // An abstract type's selection is priced per possible type by the engine: all of it is paid per item.
      if (isAbstractType(returned)) return own + items * childComplexity;
      // The sized lists are in childComplexity with their items once (below): the other items are added here.
      const sized = new Set(listSize.sizedFields.filter((name) => this.sizedByParent.has(`${returned.name}.${name}`)));
      const perItem = this.sizedInner(node.selectionSet, returned.name, sized, new Set());
      return own + childComplexity + (items - 1) * perItem;
    }
    // A connection's `edges`: once here, the rest of the page by the connection field.
    if (this.sizedByParent.has(coordinate)) return own + childComplexity;
    if (!isListType(getNullableType(field.type))) return own + childComplexity;
    return own + itemsOf(listSize, args) * childComplexity;
  }

  /** `@cost` of the field, else of the type it returns, else 1. */
  private weight(coordinate: string, returnedType: string): number {
    return this.directives.weights.get(coordinate) ?? this.directives.weights.get(returnedType) ?? 1;
  }

  /** `@cost` of each argument the operation passes. */
  private argumentWeights(coordinate: string, node: FieldNode): number {
    let sum = 0;
    for (const arg of node.arguments ?? []) sum += this.directives.weights.get(`${coordinate}(${arg.name.value}:)`) ?? 0;
    return sum;
  }

  /** What one item of the sized lists (a connection's `edges`) selected here costs, as the engine counted it. */
  private sizedInner(selectionSet: SelectionSetNode | undefined, typeName: string, sizedFields: Set<string>, fragments: Set<string>): number {
    let sum = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (sizedFields.has(selection.name.value)) sum += this.inner.get(selection)?.get(typeName) ?? 0;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || selection.typeCondition.name.value === typeName) {
          sum += this.sizedInner(selection.selectionSet, typeName, sizedFields, fragments);
        }
      } else {
        const name = selection.name.value;
        const fragment = this.document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
        if (fragment?.kind !== Kind.FRAGMENT_DEFINITION || fragments.has(name) || fragment.typeCondition.name.value !== typeName) continue;
        sum += this.sizedInner(fragment.selectionSet, typeName, sizedFields, new Set([...fragments, name]));
      }
    }
    return sum;
  }

  /** As the engine decides: `@skip(if: true)` and `@include(if: false)` leave a selection out. */
  private included(selection: SelectionSetNode['selections'][number]): boolean {
    const skip = getDirectiveValues(GraphQLSkipDirective, selection, this.variables);
    const include = getDirectiveValues(GraphQLIncludeDirective, selection, this.variables);
    return skip?.if !== true && include?.if !== false;
  }
}

/** Per schema and directives (the gateway's API schema and supergraph change together, rarely). */
const sizedByParentCache = new WeakMap<GraphQLSchema, WeakMap<CostDirectives, ReadonlySet<string>>>();

function sizedByParentOf(schema: GraphQLSchema, directives: CostDirectives): ReadonlySet<string> {
  let bySchema = sizedByParentCache.get(schema);
  if (!bySchema) sizedByParentCache.set(schema, (bySchema = new WeakMap()));
  const cached = bySchema.get(directives);
  if (cached) return cached;
  // Type name → the sized fields every field returning it names.
  const sizedBy = new Map<string, Set<string>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const returned = getNamedType(field.type).name;
      const named = new Set(directives.listSizes.get(`${type.name}.${field.name}`)?.sizedFields ?? []);
      const before = sizedBy.get(returned);
      sizedBy.set(returned, before === undefined ? named : new Set([...before].filter((f) => named.has(f))));
    }
  }
  const sized = new Set<string>();
  for (const [typeName, fields] of sizedBy) for (const field of fields) sized.add(`${typeName}.${field}`);
  bySchema.set(directives, sized);
  return sized;
}

/**
 * How many items a list is paid for: the largest slicing argument given (never
 * more than the largest page the server returns), else its assumed size, else
 * (a list nobody sized) a default page.
 */
function itemsOf(listSize: ListSize | undefined, args: Record<string, unknown>): number {
  const sliced = (listSize?.slicingArguments ?? []).map((name) => args[name]).filter((v): v is number => typeof v === 'number');
  if (sliced.length > 0) return Math.min(Math.max(...sliced, 0), MAX_PAGE_SIZE);
  return listSize?.assumedSize ?? DEFAULT_PAGE_SIZE;
}

/** The names a document's `@link`s give `@listSize` and `@cost`. */
function directiveNames(document: DocumentNode): { listSize: Set<string>; cost: Set<string> } {
  const names = { listSize: new Set<string>(), cost: new Set<string>() };
  let linked = false;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const { url, as, import: imports } = argumentsOf(link) as { url?: string; as?: string; import?: unknown[] };
      if (typeof url !== 'string') continue;
      const spec = url.startsWith(COST_SPEC) ? 'cost' : url.startsWith(FEDERATION_SPEC) ? 'federation' : null;
      if (!spec) continue;
      linked = true;
      for (const directive of ['listSize', 'cost'] as const) {
        // A spec's directive of its own name (the cost spec's @cost) goes by the link's name, unprefixed.
        const unimported = directive === spec ? (as ?? spec) : `${as ?? spec}__${directive}`;
        names[directive].add(importedName(directive, imports) ?? unimported);
      }
    }
  }
  if (!linked) {
    names.listSize.add('listSize');
    names.cost.add('cost');
  }
  return names;
}

function importedName(directive: string, imports: unknown[] | undefined): string | undefined {
  for (const entry of imports ?? []) {
    if (entry === `@${directive}`) return directive;
    if (entry && typeof entry === 'object' && (entry as { name?: unknown }).name === `@${directive}`) {
      const as = (entry as { as?: unknown }).as;
      return typeof as === 'string' ? as.replace(/^@/, '') : directive;
    }
  }
  return undefined;
}

function argumentsOf(directive: DirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
}

/** The operation's variables as execution sees them, for `@skip` and `@include`; undefined when they do not fit (the engine reports that). */
function coercedVariables(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string) {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  return result.coerced;
}
