// Where events may be POSTed: the rule of DCI callbacks (src/dci/callbacks.ts), said once more for webhooks.
// And until when a subscription is sent events.
import { callbackUrlProblem, subscriptionExpiry } from './subscriptions';

test('outside production: http or https anywhere when no origin is registered', () => {
  expect(callbackUrlProblem('http://127.0.0.1:9/hook', [], false)).toBeNull();
  expect(callbackUrlProblem('https://mca.example/hook', [], false)).toBeNull();
  expect(callbackUrlProblem('ftp://mca.example/hook', [], false)).toMatch(/http or https/);
  expect(callbackUrlProblem('mca.example/hook', [], false)).toMatch(/URL/);
});

test('in production: https only, and only to a registered origin', () => {
  expect(callbackUrlProblem('https://mca.example/hook', [], true)).toMatch(/no registered callback origins/);
  expect(callbackUrlProblem('http://mca.example/hook', ['http://mca.example'], true)).toMatch(/must be https/);
  expect(callbackUrlProblem('https://mca.example/hook', ['https://mca.example'], true)).toBeNull();
});

test('with origins registered, the URL\'s origin must be one of them (scheme, host and port)', () => {
  const origins = ['http://127.0.0.1:9'];
  expect(callbackUrlProblem('http://127.0.0.1:9/hook', origins, false)).toBeNull();
  expect(callbackUrlProblem('http://127.0.0.1:10/hook', origins, false)).toMatch(/127\.0\.0\.1:10 is not one of your registered callback origins/);
  expect(callbackUrlProblem('https://127.0.0.1:9/hook', origins, false)).toMatch(/not one of/);
});

test('a token\'s subscription ends at the token\'s exp; an API key\'s, or a token\'s issued for one, has no end of its own', () => {
  const exp = 1_800_000_000;
  expect(subscriptionExpiry({ until: exp, apiKeyCaller: false })).toEqual(new Date(exp * 1000));
  expect(subscriptionExpiry({ until: exp, apiKeyCaller: true })).toBeNull();
  expect(subscriptionExpiry({ until: null, apiKeyCaller: false })).toBeNull();
});
