// Resident identity numbers (GB 11643-1999). Every reason returned here may end
// up in an import report or a log, so none of them repeats the full number.

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string /* YYYY-MM-DD */; sex: 'MALE' | 'FEMALE'; regionCode: string }
  | { ok: false; reason: string };

export interface ParseIdNumberOptions {
  /** YYYY-MM-DD; defaults to today in China Standard Time. Lets tests pin "today". */
  today?: string;
}

// ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_YEAR = 1900;

export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('checkCharacter needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

export function parseIdNumber(raw: string, options: ParseIdNumberOptions = {}): IdNumberResult {
  // Input comes from JSON and files, so the static type is not a guarantee.
  if (typeof raw !== 'string') return fail('must be a string of 18 characters');
  if (raw.trim() !== raw) return fail('must not have leading or trailing spaces');
  const length = [...raw].length;
  if (length !== 18) return fail(`must be 18 characters, got ${length}`);
  if (!/^\d{17}[\dXx]$/.test(raw)) return fail('must be 17 digits followed by a digit or X');

  const normalized = raw.toUpperCase();
  const dateProblem = birthDateProblem(normalized.slice(6, 14), options.today ?? todayInChina());
  if (dateProblem) return fail(dateProblem);

  const expected = checkCharacter(normalized.slice(0, 17));
  const actual = normalized.slice(17);
  if (actual !== expected) return fail(`check character is ${actual}, expected ${expected}`);

  const digits = normalized.slice(6, 14);
  return {
    ok: true,
    normalized,
    birthDate: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`,
    sex: Number(normalized[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    regionCode: normalized.slice(0, 6),
  };
}

/** Keeps the first and last 4 characters: enough to tell records apart on screen, not to identify. */
export function maskIdNumber(normalized: string): string {
  if (normalized.length !== 18) throw new RangeError('maskIdNumber needs an 18-character number');
  return `${normalized.slice(0, 4)}${'*'.repeat(10)}${normalized.slice(14)}`;
}

function birthDateProblem(yyyymmdd: string, today: string): string | undefined {
  const where = `birth date ${yyyymmdd} in positions 7-14`;
  if (!isRealDate(yyyymmdd)) return `${where} is not a real date`;
  if (Number(yyyymmdd.slice(0, 4)) < EARLIEST_BIRTH_YEAR) return `${where} is before ${EARLIEST_BIRTH_YEAR}`;
  if (yyyymmdd > today.replaceAll('-', '')) return `${where} is in the future`;
  return undefined;
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids DST surprises.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

// Numbers are issued in China, so "today" is the date in UTC+8, not the server's zone.
// Kept for the day it names (an import reads a million numbers; the clock may also go back, as in tests).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
let today = { from: 0, until: 0, date: '' };

function todayInChina(): string {
  const now = Date.now();
  if (now < today.from || now >= today.until) {
    const from = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
    today = { from, until: from + DAY_MS, date: new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10) };
  }
  return today.date;
}

function fail(reason: string): IdNumberResult {
  return { ok: false, reason };
}
