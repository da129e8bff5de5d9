// Scalars every subgraph shares. Identical definitions in each subgraph let the
// supergraph compose them.
//
// A bad value is the caller's mistake (ACCESS.md v2, Limits): every refusal
// carries BAD_USER_INPUT and the reason, so it keeps its code through the
// gateway and in production. A bad variable is refused by the subgraph that
// reads it, the message naming the variable ("Variable "$d" got invalid value
// … at "f.activeOn"; Date must be …"). A bad literal is refused earlier, by
// the gateway's validation (hubScalarLiteralsRule), naming the argument or
// input field: the supergraph only knows the scalars' names, not their rules.
import {
  getNamedType,
  GraphQLError,
  Kind,
  valueFromASTUntyped as valueFromAstUntyped,
  type ASTNode,
  type ASTVisitor,
  type GraphQLScalarType,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type SchemaBuilder from '@pothos/core';
import { formatDate, parseDate, DateFormatError } from '../lib/dates';
import { formatMoney, parseMoney, MoneyFormatError } from '../lib/money';
import type { HubSchemaTypes } from './builder';

function badValue(scalar: string, reason: string): GraphQLError {
  return new GraphQLError(`${scalar} ${reason}`, { extensions: { code: 'BAD_USER_INPUT', reason: `${scalar} ${reason}` } });
}

function asInputError(error: unknown, scalar: string): never {
  if (error instanceof DateFormatError || error instanceof MoneyFormatError) throw badValue(scalar, error.message);
  throw error;
}

interface ScalarInput<T> {
  parseValue: (value: unknown) => T;
  parseLiteral: (node: ValueNode) => T;
}

const DATE: ScalarInput<string> = {
  parseValue: (value) => {
    try {
      return parseDate(value);
    } catch (error) {
      return asInputError(error, 'Date');
    }
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw badValue('Date', 'must be a string YYYY-MM-DD');
    return DATE.parseValue(node.value);
  },
};

const DATE_TIME: ScalarInput<Date> = {
  parseValue: (value) => {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw badValue('DateTime', 'must be an ISO 8601 timestamp');
    return date;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw badValue('DateTime', 'must be an ISO 8601 timestamp');
    return DATE_TIME.parseValue(node.value);
  },
};

const MONEY: ScalarInput<string> = {
  parseValue: (value) => {
    try {
      return parseMoney(value);
    } catch (error) {
      return asInputError(error, 'Money');
    }
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw badValue('Money', 'must be a decimal string such as "1014.00"');
    return MONEY.parseValue(node.value);
  },
};

const HUB_SCALARS: Record<string, ScalarInput<unknown>> = { Date: DATE, DateTime: DATE_TIME, Money: MONEY };

export function addScalars(builder: PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<HubSchemaTypes>>) {
  builder.scalarType('Date', {
    description: 'A calendar date, YYYY-MM-DD (no time, no zone).',
    serialize: (value) => formatDate(value as Date | string),
    parseValue: DATE.parseValue,
    parseLiteral: DATE.parseLiteral,
  });
  builder.scalarType('DateTime', {
    description: 'A moment in time, ISO 8601 with zone, e.g. 2026-03-02T08:15:00.000Z (for when data arrived, not for policy dates).',
    serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
    parseValue: DATE_TIME.parseValue,
    parseLiteral: DATE_TIME.parseLiteral,
  });
  builder.scalarType('JSON', {
    description: 'Any JSON value; used for exchange objects (EXCHANGE.md), which are validated by the hub itself.',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (node) => valueFromAstUntyped(node),
  });
  builder.scalarType('Money', {
    description: 'An amount in yuan (CNY) as a decimal string with exactly two decimals, e.g. "1014.00". Never a float.',
    serialize: (value) => formatMoney(value as string),
    parseValue: MONEY.parseValue,
    parseLiteral: MONEY.parseLiteral,
  });
}

const LEAF_VALUES = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM]);

/**
 * Validation rule: a literal Date, DateTime or Money value that the hub's
 * scalar refuses is refused here, naming the argument or input field it was
 * given for (`activeOn: Date must be a real date …`). Needed where the schema
 * holds only the scalars' names (the gateway's supergraph); where the schema
 * has the hub's scalars, graphql-js's own rule already reports it.
 */
export function hubScalarLiteralsRule(context: ValidationContext): ASTVisitor {
  return {
    enter(node: ASTNode, _key, parent, _path, ancestors) {
      if (!LEAF_VALUES.has(node.kind)) return;
      const type = context.getInputType();
      const named = type ? (getNamedType(type) as GraphQLScalarType) : null;
      const scalar = named ? HUB_SCALARS[named.name] : undefined;
      if (!named || !scalar || named.parseLiteral === scalar.parseLiteral) return;
      try {
        scalar.parseLiteral(node as ValueNode);
      } catch (error) {
        const field = nameOf([...(ancestors as readonly (ASTNode | readonly ASTNode[])[]), parent as ASTNode]);
        const reason = (error as Error).message;
        context.reportError(
          new GraphQLError(`${field}: ${reason}`, { nodes: node, extensions: { code: 'BAD_USER_INPUT', field, reason } }),
        );
      }
    },
  };
}

/** The argument or input-object field a value is given for: the nearest named one above it. */
function nameOf(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i];
    if (ancestor && 'kind' in ancestor && (ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD)) return ancestor.name.value;
  }
  return 'value';
}

export type { SchemaBuilder };
