// The renderings of a condition refuse what they cannot express, and the
// in-memory check refuses a row that lacks what the rule reads.
import { and, ALL, is, matches, NONE, not, NotRenderable, oneOf, or, someOverlaps, startsWith, toPrisma, toSql } from './condition';

test('and/or/not simplify around ALL and NONE', () => {
  const c = startsWith('regionCode', ['5101']);
  expect(and(ALL, c)).toBe(c);
  expect(and(c, NONE)).toBe(NONE);
  expect(or(NONE, c)).toBe(c);
  expect(or(c, ALL)).toBe(ALL);
  expect(not(ALL)).toBe(NONE);
  expect(startsWith('regionCode', [])).toBe(NONE);
});

test('a row missing a field or relation the rule reads is an error, never a silent pass or fail', () => {
  expect(() => matches(startsWith('regionCode', ['51']), {})).toThrow(/no field regionCode/);
  expect(() => matches(is('household', ALL), { regionCode: '510104' })).toThrow(/no relation household/);
});

test('null fields fail every test, and NOT of a test keeps them (two-valued logic)', () => {
  expect(matches(oneOf('program', ['DIBAO']), { program: null })).toBe(false);
  expect(matches(not(oneOf('program', ['DIBAO'])), { program: null })).toBe(true);
});

test('array prefix overlap has no Prisma form; relations have no SQL form unless the model of the table is given', () => {
  expect(() => toPrisma(someOverlaps('regionCodes', ['5101']), 'CharityProgram')).toThrow(NotRenderable);
  expect(() => toSql(is('household', ALL), 'r')).toThrow(NotRenderable);
  expect(matches(someOverlaps('regionCodes', ['5101']), { regionCodes: ['51'] })).toBe(true);
  expect(matches(someOverlaps('regionCodes', ['5101']), { regionCodes: ['510104'] })).toBe(true);
  expect(matches(someOverlaps('regionCodes', ['5101']), { regionCodes: ['5113'] })).toBe(false);
});

test('NONE in Prisma is a condition no row meets (an empty OR would match every row)', () => {
  expect(toPrisma(NONE, 'Household')).toEqual({ sourceId: { in: [] } });
});
