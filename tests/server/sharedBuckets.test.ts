// Two gateway replicas share their callers' cost buckets through Redis (the
// real server on this machine, HUB_REDIS_URL): what a caller spends through
// one is gone at the other, so two replicas do not give twice the budget. The
// twin: without Redis each replica keeps its own. Redis out of reach lets
// operations through.
import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/hub';

const REDIS_URL = process.env.HUB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BUDGET = { HUB_RATE_LIMIT_POINTS: '60', HUB_RATE_LIMIT_RESTORE_PER_SECOND: '1' };
const QUERY = `{ regions(first: 10) { edges { node { code } } } }`;

interface Cost {
  requestedQueryCost: number;
  throttleStatus: { currentlyAvailable: number };
}

async function ask(hub: TestHub, token: string): Promise<{ status: number; cost: Cost }> {
  const { status, body } = await hub.graphql(QUERY, { token });
  return { status, cost: body.extensions?.cost as Cost };
}

async function replicas(env: NodeJS.ProcessEnv): Promise<[TestHub, TestHub]> {
  return [await startTestHub({ env: { ...BUDGET, ...env } }), await startTestHub({ env: { ...BUDGET, ...env } })];
}

test('with HUB_REDIS_URL, what a caller spends at one replica is gone at the other, until the bucket runs dry', async () => {
  const [a, b] = await replicas({ HUB_REDIS_URL: REDIS_URL });
  try {
    // A caller of its own: other runs on the same Redis never share its bucket.
    const token = await a.token({ sub: `shared-${randomUUID()}`, role: 'ADMIN', purpose: 'shared buckets test' });
    const first = await ask(a, token);
    const cost = first.cost.requestedQueryCost;
    expect(first.cost.throttleStatus.currentlyAvailable).toBe(60 - cost);
    const second = await ask(b, token);
    // Spent at a, seen at b (a point or two may have flowed back meanwhile).
    expect(second.cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(60 - 2 * cost);
    expect(second.cost.throttleStatus.currentlyAvailable).toBeLessThan(60 - cost);
    let last = second;
    for (let i = 0; i < 10 && last.status === 200; i++) last = await ask(i % 2 ? a : b, token);
    expect(last.status).toBe(429);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('without it, each replica keeps its own buckets: the other one starts full', async () => {
  const [a, b] = await replicas({});
  try {
    const token = await a.token({ sub: `own-${randomUUID()}`, role: 'ADMIN', purpose: 'shared buckets test' });
    const first = await ask(a, token);
    const second = await ask(b, token);
    expect(second.cost.throttleStatus.currentlyAvailable).toBe(first.cost.throttleStatus.currentlyAvailable);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('with Redis out of reach, operations are let through', async () => {
  const hub = await startTestHub({ env: { ...BUDGET, HUB_REDIS_URL: 'redis://127.0.0.1:9' } });
  try {
    const token = await hub.token({ sub: `away-${randomUUID()}`, role: 'ADMIN', purpose: 'shared buckets test' });
    const { status, body } = await hub.graphql(QUERY, { token });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.regions.edges).toBeDefined();
  } finally {
    await hub.stop();
  }
});
