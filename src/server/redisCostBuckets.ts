// The cost buckets in Redis, shared by every replica of a gateway (or of a
// subgraph served alone): with buckets in each process's memory, two replicas
// would give every caller twice the budget. One Lua script reads, refills and
// takes atomically, on Redis's own clock, so that replicas' clocks do not
// matter; a bucket expires once it would be full again (a full bucket is the
// same as none).
//
// Redis out of reach: the operation is let through and the failure logged.
// The budget protects the hub's capacity; refusing every caller while Redis is
// down would turn its outage into the hub's.
import Redis from 'ioredis';
import type { RateLimit } from '../lib/config';
import type { Logger } from '../lib/logger';
import { refusedWithdrawal, throttleStatus, type CostStore, type ThrottleStatus, type Withdrawal } from './costBuckets';

/** KEYS[1]: the bucket; ARGV: capacity, restore per second, cost (0: only read). Returns { taken, available as text }. */
const TAKE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'available', 'at')
local available = capacity
if bucket[1] then
  available = math.min(capacity, tonumber(bucket[1]) + (now - tonumber(bucket[2])) / 1000 * rate)
end
if cost > available then return {0, tostring(available)} end
if cost > 0 then
  available = available - cost
  redis.call('HSET', KEYS[1], 'available', tostring(available), 'at', now)
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - available) / rate * 1000) + 1000)
end
return {1, tostring(available)}
`;

interface BucketCommands {
  takeCost(key: string, capacity: number, rate: number, cost: number): Promise<[number, string]>;
}

export class RedisCostBuckets implements CostStore {
  private readonly redis: Redis & BucketCommands;

  constructor(
    url: string,
    private readonly limit: RateLimit,
    private readonly logger: Logger,
    /** Keys are `${prefix}${caller}`: several hubs (or test runs) may share one Redis. */
    private readonly prefix = 'assist-hub:cost:',
  ) {
    // Fail fast while Redis is away rather than queue every request behind a reconnect.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }) as Redis & BucketCommands;
    this.redis.defineCommand('takeCost', { numberOfKeys: 1, lua: TAKE });
    this.redis.on('error', (error) => this.logger.warn({ error: error.message }, 'redis for cost buckets'));
  }

  async take(caller: string, cost: number): Promise<Withdrawal> {
    const available = await this.call(caller, cost);
    if (available === null) return { taken: true, status: throttleStatus(this.limit, this.limit.points) };
    if (!available.taken) return refusedWithdrawal(this.limit, available.points, cost);
    return { taken: true, status: throttleStatus(this.limit, available.points) };
  }

  async status(caller: string): Promise<ThrottleStatus> {
    const available = await this.call(caller, 0);
    return throttleStatus(this.limit, available?.points ?? this.limit.points);
  }

  close(): Promise<void> {
    return this.redis.quit().then(() => undefined, () => this.redis.disconnect());
  }

  private async call(caller: string, cost: number): Promise<{ taken: boolean; points: number } | null> {
    try {
      const [taken, points] = await this.redis.takeCost(`${this.prefix}${caller}`, this.limit.points, this.limit.restorePerSecond, cost);
      return { taken: taken === 1, points: Number(points) };
    } catch (error) {
      this.logger.error({ error: (error as Error).message, caller }, 'cost bucket unavailable: operation let through');
      return null;
    }
  }
}
