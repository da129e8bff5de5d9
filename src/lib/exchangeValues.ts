// Zod checks of the exchange format's common values (EXCHANGE.md, Common
// rules): dates, money and enum values, with reasons a person sending the file
// can act on. Ingestion's fields (src/ingest/fields.ts) and the departments'
// detail fields (src/departments) both use them.
import { z } from 'zod';
import { DateFormatError, parseDate } from './dates';
import { MoneyFormatError, parseMoney } from './money';

/** A refinement that turns a parser's exception into a zod issue with its message. */
function parsedWith<T>(parse: (raw: unknown) => T, known: new (...args: never[]) => Error) {
  return z.unknown().transform((raw, ctx) => {
    if (raw === undefined) {
      ctx.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof known)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });
}

export const isoDate = parsedWith(parseDate, DateFormatError);
export const money = parsedWith(parseMoney, MoneyFormatError);

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}
