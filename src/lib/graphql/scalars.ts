// Scalars every subgraph shares. Identical definitions in each subgraph let the
// supergraph compose them.
import { GraphQLError, Kind } from 'graphql';
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
