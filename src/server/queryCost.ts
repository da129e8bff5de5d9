// The requested cost of an operation, computed from the operation and the
// schema before anything runs (in the spirit of Shopify's and GitHub's
// GraphQL APIs): every field costs 1, and what is selected inside a list is
// paid once per item the list may hold.
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import {
  getNamedType,
  getNullableType,
  isListType,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graphql/builder';

export interface CostedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Throws graphql-query-complexity's error when the arguments cannot be read (bad variables). */
export function requestedQueryCost({ schema, document, variables, operationName }: CostedOperation): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [fieldCost] });
}

function fieldCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  // The schema is in memory: introspection does no database work, and its
  // nested lists (types → fields → args) would otherwise price the
  // playground's own schema query out of any budget.
  if (field.name === '__schema' || field.name === '__type') return 1;
  if (type.name.startsWith('__')) return 0;
  return 1 + itemsPerList(type, field, args) * childComplexity;
}

/** How many times a field's selection is paid: its page size for a connection, an assumed size for a plain list. */
function itemsPerList(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  if (getNamedType(field.type).name.endsWith('Connection')) return pageSize(args);
  // A connection's edges and nodes are the page already paid for by the connection field.
  if (parent.name.endsWith('Connection') && (field.name === 'edges' || field.name === 'nodes')) return 1;
  // A list without paging arguments (a region's children, a person's records)
  // is assumed to hold a default page: the schema gives no better bound.
  return isListType(getNullableType(field.type)) ? DEFAULT_PAGE_SIZE : 1;
}

/** first, else last, else the default page; never more than the largest page the server returns. */
function pageSize(args: Record<string, unknown>): number {
  const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(asked, 0), MAX_PAGE_SIZE);
}
