// Money is yuan with exactly two decimals, end to end: NUMERIC(12,2) in the
// database, a decimal string in GraphQL and in files, never a float.
import { Decimal } from '@prisma/client/runtime/client';

const MONEY_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;

export type MoneyInput = string;

export class MoneyFormatError extends Error {}

/** Validates an exchange amount ("1014.00", "520", "0.5") and returns it with two decimals. */
export function parseMoney(raw: unknown): string {
  if (typeof raw !== 'string') {
    throw new MoneyFormatError('must be a decimal string in yuan such as "1014.00", not a number');
  }
  if (raw.startsWith('-')) throw new MoneyFormatError('must not be negative');
  if (!MONEY_PATTERN.test(raw)) {
    throw new MoneyFormatError(`must be a decimal string with at most 2 decimals, got ${JSON.stringify(raw)}`);
  }
  return new Decimal(raw).toFixed(2);
}

/** Formats a stored amount with two decimals (Prisma's Decimal#toString drops trailing zeros). */
export function formatMoney(value: Decimal | string | number): string {
  return new Decimal(value).toFixed(2);
}

export { Decimal };
