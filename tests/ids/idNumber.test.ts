import { checkCharacter, maskIdNumber, parseIdNumber, personKey } from '../../src/lib/ids';

// Pinned so the "future date" rule does not depend on when the suite runs.
const TODAY = { today: '2026-06-30' };
const withCheck = (first17: string): string => first17 + checkCharacter(first17);

describe('checkCharacter (ISO 7064 MOD 11-2)', () => {
  it('gives X for the published sample 11010519491231002X', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('gives the hand-computed check digit for a Chengdu number', () => {
    expect(checkCharacter('51010419900307001')).toBe('5');
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => checkCharacter('5101041990030700')).toThrow(RangeError);
    expect(() => checkCharacter('5101041990030700A')).toThrow(RangeError);
  });
});

describe('parseIdNumber accepts', () => {
  it('a valid number and derives birth date, sex and region', () => {
    expect(parseIdNumber('510104199003070015', TODAY)).toEqual({
      ok: true,
      normalized: '510104199003070015',
      birthDate: '1990-03-07',
      sex: 'MALE',
      regionCode: '510104',
    });
  });

  it('the published sample ending in X', () => {
    const result = parseIdNumber('11010519491231002X', TODAY);
    expect(result).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'FEMALE', regionCode: '110105' });
  });

  it('a lower-case x and normalises it to X', () => {
    expect(parseIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true, normalized: '11010519491231002X' });
  });

  it('29 February of a leap year', () => {
    expect(parseIdNumber('51010420000229002X', TODAY)).toMatchObject({ ok: true, birthDate: '2000-02-29' });
  });
});

describe('parseIdNumber derives sex from the 17th digit', () => {
  it('odd is MALE, even is FEMALE', () => {
    expect(parseIdNumber(withCheck('51010419900307001'), TODAY)).toMatchObject({ sex: 'MALE' });
    expect(parseIdNumber(withCheck('51010419900307002'), TODAY)).toMatchObject({ sex: 'FEMALE' });
    expect(parseIdNumber(withCheck('51010419900307009'), TODAY)).toMatchObject({ sex: 'MALE' });
    expect(parseIdNumber(withCheck('51010419900307000'), TODAY)).toMatchObject({ sex: 'FEMALE' });
  });
});

describe('parseIdNumber rejects, with a distinct reason', () => {
  const reasonOf = (raw: string): string => {
    const result = parseIdNumber(raw, TODAY);
    if (result.ok) throw new Error('expected a rejection');
    return result.reason;
  };

  it('a wrong check character and names the expected one', () => {
    expect(reasonOf('110105194912310023')).toBe('check character is 3, expected X');
  });

  it('17 characters', () => {
    expect(reasonOf('11010519491231002')).toBe('must be 18 characters, got 17');
  });

  it('19 characters', () => {
    expect(reasonOf('11010519491231002X1')).toBe('must be 18 characters, got 19');
  });

  it('a non-digit in the first 17 characters', () => {
    expect(reasonOf('1101051949123100AX')).toBe('must be 17 digits followed by a digit or X');
    expect(reasonOf('X10105194912310021')).toBe('must be 17 digits followed by a digit or X');
  });

  it('a check character other than a digit or X', () => {
    expect(reasonOf('11010519491231002Y')).toBe('must be 17 digits followed by a digit or X');
  });

  it('surrounding spaces', () => {
    expect(reasonOf(' 11010519491231002X')).toBe('must not have leading or trailing spaces');
  });

  it('30 February', () => {
    expect(reasonOf(withCheck('51010420260230001'))).toBe('birth date 20260230 in positions 7-14 is not a real date');
  });

  it('31 February 1999', () => {
    expect(reasonOf(withCheck('51010419990231001'))).toBe('birth date 19990231 in positions 7-14 is not a real date');
  });

  it('29 February of a non-leap year', () => {
    expect(reasonOf(withCheck('51010420010229001'))).toBe('birth date 20010229 in positions 7-14 is not a real date');
  });

  it('month 13 and day 00', () => {
    expect(reasonOf(withCheck('51010419991301001'))).toMatch(/is not a real date$/);
    expect(reasonOf(withCheck('51010419990100001'))).toMatch(/is not a real date$/);
  });

  it('a birth year before 1900', () => {
    expect(reasonOf(withCheck('51010418991231001'))).toBe('birth date 18991231 in positions 7-14 is before 1900');
  });

  it('a birth date after today', () => {
    expect(reasonOf(withCheck('51010420260701001'))).toBe('birth date 20260701 in positions 7-14 is in the future');
    expect(parseIdNumber(withCheck('51010420260630001'), TODAY).ok).toBe(true);
  });

  it('a future birth date relative to the real clock when no date is pinned', () => {
    expect(parseIdNumber(withCheck('51010421001231001')).ok).toBe(false);
  });

  it('non-string input coming from untyped JSON', () => {
    expect(parseIdNumber(12345 as unknown as string).ok).toBe(false);
  });

  it('without ever repeating the full number in the reason', () => {
    const bad = ['110105194912310023', withCheck('51010419990231001'), '1101051949123100AX', '11010519491231002X1'];
    for (const raw of bad) expect(reasonOf(raw)).not.toContain(raw.slice(0, 17));
  });
});

describe('maskIdNumber', () => {
  it('keeps the first and last 4 characters with 10 stars between', () => {
    expect(maskIdNumber('51010419900307123X')).toBe('5101**********123X');
    expect(maskIdNumber('51010419900307123X')).toHaveLength(18);
  });

  it('refuses something that is not 18 characters', () => {
    expect(() => maskIdNumber('5101')).toThrow(RangeError);
  });
});

describe('personKey', () => {
  const id = '11010519491231002X';

  it('is 64 lower-case hex characters', () => {
    expect(personKey(id, 'pepper-a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic for the same number and pepper', () => {
    expect(personKey(id, 'pepper-a')).toBe(personKey(id, 'pepper-a'));
  });

  it('depends on the pepper', () => {
    expect(personKey(id, 'pepper-a')).not.toBe(personKey(id, 'pepper-b'));
  });

  it('depends on the number', () => {
    expect(personKey(id, 'pepper-a')).not.toBe(personKey('510104199003070015', 'pepper-a'));
  });

  it('matches an independently computed HMAC-SHA256 (key = pepper, message = number)', () => {
    // openssl: printf '11010519491231002X' | openssl dgst -sha256 -hmac 'pepper-a'
    expect(personKey(id, 'pepper-a')).toBe(KNOWN_HMAC);
  });

  it('refuses an empty pepper and a non-normalised number', () => {
    expect(() => personKey(id, '')).toThrow(RangeError);
    expect(() => personKey('11010519491231002x', 'pepper-a')).toThrow(RangeError);
  });
});

const KNOWN_HMAC = 'ca6f3bc3e6df43bd2a2b8179ec90df12fde5b5e49f49d234c246b3546285dae5';
