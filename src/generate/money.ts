// Amounts in whole fen (integers), and the overpayment arithmetic of RULES.md
// done exactly: a monthly equivalent is a fraction (amount / 3, / 6, / 12), so
// it is carried as numerator and denominator and rounded once, half up, at
// the end. No float ever touches an expected amount.
import { formatFen } from '../demo/money';
import type { Frequency } from '../demo/types';
import { maxDate, minDate, monthIndex, monthStart } from './dates';

export { formatFen };

/** "1014.00" → 101400. */
export function toFen(amount: string): number {
  const [yuan, cents = ''] = amount.split('.');
  return Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
}

/** A monthly equivalent in fen: numerator / denominator. */
export interface Monthly {
  fen: number;
  per: number;
}

const PER_MONTH: Record<Exclude<Frequency, 'ONE_OFF'>, number> = { MONTHLY: 1, QUARTERLY: 3, PER_TERM: 6, ANNUAL: 12 };

export function monthlyEquivalent(amount: string, frequency: Frequency): Monthly {
  if (frequency === 'ONE_OFF') throw new RangeError('a ONE_OFF payment has no monthly equivalent');
  return { fen: toFen(amount), per: PER_MONTH[frequency] };
}

export const smaller = (a: Monthly, b: Monthly): Monthly => (a.fen * b.per <= b.fen * a.per ? a : b);

/** monthly × months, rounded half up to whole fen, as "0.00" text. */
export function times(monthly: Monthly, months: number): string {
  const numerator = monthly.fen * months;
  return formatFen(Math.floor((2 * numerator + monthly.per) / (2 * monthly.per)));
}

/**
 * Calendar months that the period [start, end] touches, counting only days up
 * to D (null end: open-ended); 0 when it starts after D.
 */
export function monthsTouchedUpTo(start: string, end: string | null, asOf: string): number {
  const last = end === null ? asOf : minDate(end, asOf);
  return start > last ? 0 : monthIndex(last) - monthIndex(start) + 1;
}

/** The overlap of two inclusive periods (null end: open-ended), or null when they share no day. */
export function overlap(
  a: { startDate: string; endDate: string | null },
  b: { startDate: string; endDate: string | null },
): { start: string; end: string | null } | null {
  const start = maxDate(a.startDate, b.startDate);
  const end = a.endDate === null ? b.endDate : b.endDate === null ? a.endDate : minDate(a.endDate, b.endDate);
  return end !== null && end < start ? null : { start, end };
}

/** Months of the record's period after the death month, up to D and the record's end (D6). */
export function monthsAfterDeath(deathDate: string, record: { startDate: string; endDate: string | null }, asOf: string): number {
  return monthsTouchedUpTo(maxDate(monthStart(deathDate, 1), record.startDate), record.endDate, asOf);
}

/**
 * D1, D2, D4, D5: the smaller monthly equivalent times the calendar months the
 * overlap touches up to D ("0.00" when the overlap starts after D).
 */
export function pairOverpayment(
  a: { amount: string; frequency: Frequency; startDate: string; endDate: string | null },
  b: { amount: string; frequency: Frequency; startDate: string; endDate: string | null },
  asOf: string,
): string {
  const common = overlap(a, b);
  if (!common) throw new RangeError('the two records do not overlap: no duplicate to price');
  const months = monthsTouchedUpTo(common.start, common.end, asOf);
  return times(smaller(monthlyEquivalent(a.amount, a.frequency), monthlyEquivalent(b.amount, b.frequency)), months);
}
