// Calendar arithmetic for the assistance records, on YYYY-MM-DD strings in UTC
// so the output never depends on the machine's time zone.
import type { Rng } from './random';

/**
 * The demo set is an extract taken on this day: every payment and start date
 * is on or before it, and deaths (October at the latest) are before it.
 */
export const AS_OF = '2026-11-20';

const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');
const toDays = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDays = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function addDays(date: string, days: number): string {
  return fromDays(toDays(date) + days);
}

/** Last day of the date's month (end of a monthly payment period). */
export function monthEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return fromDays(Date.UTC(year, month, 0) / DAY_MS);
}

/** A day in [from, to], both inclusive. */
export function dayBetween(rng: Rng, from: string, to: string): string {
  return fromDays(rng.int(toDays(from), toDays(to)));
}

/** The first of a month in [from, to] (YYYY-MM each): monthly payments start on the 1st. */
export function monthStartBetween(rng: Rng, from: string, to: string): string {
  const index = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
  const picked = rng.int(index(from), index(to));
  return isoDate(Math.floor(picked / 12), (picked % 12) + 1, 1);
}

/** Whole years from an ID number's birth date to `date`. */
export function ageOn(idNumber: string, date: string): number {
  const birth = idNumber.slice(6, 14);
  const [year, monthDay] = [Number(date.slice(0, 4)), date.slice(5, 7) + date.slice(8, 10)];
  return year - Number(birth.slice(0, 4)) - (monthDay < birth.slice(4) ? 1 : 0);
}

/** School terms of 2026 as the education bureaus pay them (PER_TERM). */
export const TERMS = {
  spring: { code: '2026-SPRING', start: '2026-03-02', end: '2026-07-10' },
  autumn: { code: '2026-AUTUMN', start: '2026-09-01', end: '2027-01-22' },
} as const;
