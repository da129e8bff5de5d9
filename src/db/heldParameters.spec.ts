// References stand in for their text only while the statement using them runs.
import { passHeldParameters, withHeldParameter } from './heldParameters';

const query = (args: unknown[]) => ({ sql: 'SELECT $1, $2', args, argTypes: [] }) as unknown as Parameters<typeof passHeldParameters>[0];

test('the driver gets the held text in place of its reference, other parameters as they were', async () => {
  await withHeldParameter('{"a": "x"}', async (reference) => {
    expect(reference).not.toContain('"a"');
    expect(passHeldParameters(query([reference, 7])).args).toEqual(['{"a": "x"}', 7]);
  });
});

test('a statement without references is handed on untouched', () => {
  const q = query(['plain', 1]);
  expect(passHeldParameters(q)).toBe(q);
});

test('once its statement settled, failed or not, a reference holds nothing and says so', async () => {
  let kept = '';
  await expect(
    withHeldParameter('text', async (reference) => {
      kept = reference;
      throw new Error('the statement failed');
    }),
  ).rejects.toThrow('the statement failed');
  expect(() => passHeldParameters(query([kept]))).toThrow(/no longer held/);
});
