// Zod building blocks for exchange fields (EXCHANGE.md, Common rules), with
// reasons a person sending the file can act on; dates, money and enum values
// are checked as the departments' detail fields check them (src/lib/exchangeValues.ts).
import { z } from 'zod';
import { parseIdNumber } from '../lib/ids';

export { isoDate, money, oneOf } from '../lib/exchangeValues';

export const regionCode = z
  .string({ error: 'must be a 6-digit region code (GB/T 2260) as a string' })
  .regex(/^\d{6}$/, { error: 'must be a 6-digit region code (GB/T 2260), e.g. 510104' });

/** A resident ID number, normalised; the plain number never leaves this transform except as its key. */
export const idNumber = z.string({ error: 'must be an 18-character ID number as a string' }).transform((raw, ctx) => {
  const parsed = parseIdNumber(raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  }
  return parsed;
});

export const year = z
  .number({ error: 'must be a year as a number, e.g. 2026' })
  .int({ error: 'must be a whole year' })
  .min(2000, { error: 'must be 2000 or later' })
  .max(2100, { error: 'must be 2100 or earlier' });

/** A sending system's own identifier (household sourceId, sourceRecordId, expense sourceId). */
export const sourceId = z
  .string({ error: 'must be the id in the sending system, as a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:\/-]{0,63}$/, { error: 'must be 1-64 letters, digits, _ . : / or -' });
