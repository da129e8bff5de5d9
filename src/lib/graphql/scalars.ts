// Scalars every subgraph shares. Identical definitions in each subgraph let the
// supergraph compose them.
import { GraphQLError, Kind, valueFromASTUntyped as valueFromAstUntyped } from 'graphql';
import type SchemaBuilder from '@pothos/core';
import { formatDate, parseDate, DateFormatError } from '../dates';
import { formatMoney, parseMoney, MoneyFormatError } from '../money';
import type { HubSchemaTypes } from './builder';

function asInputError(error: unknown, scalar: string): never {
  if (error instanceof DateFormatError || error instanceof MoneyFormatError) {
    throw new GraphQLError(`${scalar} ${error.message}`);
  }
  throw error;
}

export function addScalars(builder: PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<HubSchemaTypes>>) {
  builder.scalarType('Date', {
    description: 'A calendar date, YYYY-MM-DD (no time, no zone).',
    serialize: (value) => formatDate(value as Date | string),
    parseValue: (value) => {
      try {
        return parseDate(value);
      } catch (error) {
        return asInputError(error, 'Date');
      }
    },
    parseLiteral: (node) => {
      if (node.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD');
      try {
        return parseDate(node.value);
      } catch (error) {
        return asInputError(error, 'Date');
      }
    },
  });
  builder.scalarType('DateTime', {
    description: 'A moment in time, ISO 8601 with zone, e.g. 2026-03-02T08:15:00.000Z (for when data arrived, not for policy dates).',
    serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
    parseValue: (value) => {
      const date = new Date(String(value));
      if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 timestamp');
      return date;
    },
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
    parseValue: (value) => {
      try {
        return parseMoney(value);
      } catch (error) {
        return asInputError(error, 'Money');
      }
    },
    parseLiteral: (node) => {
      if (node.kind !== Kind.STRING) throw new GraphQLError('Money must be a decimal string such as "1014.00"');
      try {
        return parseMoney(node.value);
      } catch (error) {
        return asInputError(error, 'Money');
      }
    },
  });
}

export type { SchemaBuilder };
