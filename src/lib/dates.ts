// Calendar dates (no time, no zone). PostgreSQL DATE columns arrive through
// Prisma as JavaScript Dates at UTC midnight; everything else uses YYYY-MM-DD.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export class DateFormatError extends Error {}

/** True when y-m-d is a real calendar date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Validates an ISO calendar date string and returns it unchanged. */
export function parseDate(raw: unknown): string {
  if (typeof raw !== 'string') throw new DateFormatError('must be a date string YYYY-MM-DD');
  const match = DATE_PATTERN.exec(raw);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new DateFormatError(`must be a real date YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** The Date that Prisma stores for a DATE column. */
export function toDbDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

export function formatDate(value: Date | string): string {
  return typeof value === 'string' ? parseDate(value.slice(0, 10)) : value.toISOString().slice(0, 10);
}

/** Today's calendar date in China (UTC+8), where the hub's users are. */
export function todayIso(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whole years from birth to `asOf` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, asOf: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  const hadBirthday = am > bm || (am === bm && ad >= bd);
  return ay - by - (hadBirthday ? 0 : 1);
}
