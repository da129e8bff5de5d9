// Which statements are prepared under a name, and under which.
import { MAX_NAMED_PARAMETERS, preparedStatementName } from './preparedStatements';

test('the same text gets the same name, another text another, whatever the values', () => {
  const a = preparedStatementName({ sql: 'SELECT $1', args: [1] });
  expect(a).toMatch(/^hub_[0-9a-f]{24}$/);
  expect(preparedStatementName({ sql: 'SELECT $1', args: ['other'] })).toBe(a);
  expect(preparedStatementName({ sql: 'SELECT $1 + 1', args: [1] })).not.toBe(a);
});

test('a statement with a long parameter list (an IN list of any length) is sent unnamed, so prepared statements stay few', () => {
  const args = (n: number) => Array.from({ length: n }, (_, i) => i);
  expect(preparedStatementName({ sql: 'x', args: args(MAX_NAMED_PARAMETERS) })).toBeDefined();
  expect(preparedStatementName({ sql: 'x', args: args(MAX_NAMED_PARAMETERS + 1) })).toBeUndefined();
});
