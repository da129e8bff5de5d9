// Calendar arithmetic on YYYY-MM-DD strings, in UTC so that no time zone or
// daylight-saving change can move a date. Every planted case is placed
// relative to the as-of date D, so the same cases work for any D.

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const utc = (d: string): number => Date.parse(`${d}T00:00:00Z`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (d: string, days: number): string => iso(utc(d) + days * DAY_MS);

/** First day of d's month, `months` months later (negative: earlier). */
export function monthStart(d: string, months = 0): string {
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7)) - 1 + months;
  return iso(Date.UTC(year, month, 1));
}

/** Last day of d's month, `months` months later. */
export const monthEnd = (d: string, months = 0): string => addDays(monthStart(d, months + 1), -1);

/** Month number counted from year 0, so two dates' difference is whole months. */
export const monthIndex = (d: string): number => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

export const yearOf = (d: string): number => Number(d.slice(0, 4));
export const yearStart = (year: number): string => `${year}-01-01`;
export const yearEnd = (year: number): string => `${year}-12-31`;

export const minDate = (a: string, b: string): string => (a < b ? a : b);
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

/**
 * Birth date of someone who is `age` whole years old on D: `birthdayOnD`
 * puts the birthday exactly on D (they have just turned `age`), otherwise the
 * birthday is tomorrow (they turn `age + 1` tomorrow): the two ends of the age.
 * A 29 February birthday in a common year falls back to the 28th.
 */
export function birthDateForAge(asOf: string, age: number, birthdayOnD: boolean): string {
  if (birthdayOnD) return sameDayYearsBefore(asOf, age);
  return addDays(sameDayYearsBefore(asOf, age + 1), 1);
}

function sameDayYearsBefore(d: string, years: number): string {
  const year = yearOf(d) - years;
  const month = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(day, last))}`;
}
