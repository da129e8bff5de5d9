// One leaky bucket of cost points per caller. A bucket starts full, an
// operation takes its requested cost out, and points flow back at a steady
// rate up to the capacity. A full bucket is the same as no bucket, so full
// ones are forgotten. Kept in this process's memory (one process), or in
// Redis (src/server/redisCostBuckets.ts) when replicas must share them.
import type { RateLimit } from '../lib/config';

/** What every answer reports in `extensions.cost.throttleStatus`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export type Withdrawal =
  | { taken: true; status: ThrottleStatus }
  | { taken: false; status: ThrottleStatus; retryAfterSeconds: number; neverFits: boolean };

interface Bucket {
  available: number;
  updatedAt: number;
}

/** Where the buckets are kept. */
export interface CostStore {
  /** Takes `cost` points from the caller's bucket if it holds them all; otherwise takes nothing. */
  take(caller: string, cost: number): Promise<Withdrawal>;
  status(caller: string): Promise<ThrottleStatus>;
}

/** Above this many remembered callers, full buckets are swept away. */
const SWEEP_ABOVE = 10_000;

/** The buckets of one process. */
export class CostBuckets implements CostStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  async take(caller: string, cost: number): Promise<Withdrawal> {
    const now = Date.now();
    const available = this.availableAt(caller, now);
    if (cost > available) return refusedWithdrawal(this.limit, available, cost);
    this.buckets.set(caller, { available: available - cost, updatedAt: now });
    if (this.buckets.size > SWEEP_ABOVE) this.forgetFull(now);
    return { taken: true, status: throttleStatus(this.limit, available - cost) };
  }

  async status(caller: string): Promise<ThrottleStatus> {
    return throttleStatus(this.limit, this.availableAt(caller, Date.now()));
  }

  private availableAt(caller: string, now: number): number {
    const bucket = this.buckets.get(caller);
    if (!bucket) return this.limit.points;
    const restored = ((now - bucket.updatedAt) / 1000) * this.limit.restorePerSecond;
    return Math.min(this.limit.points, bucket.available + restored);
  }

  private forgetFull(now: number): void {
    for (const caller of this.buckets.keys()) {
      if (this.availableAt(caller, now) >= this.limit.points) this.buckets.delete(caller);
    }
  }
}

export function throttleStatus(limit: RateLimit, available: number): ThrottleStatus {
  return { maximumAvailable: limit.points, currentlyAvailable: Math.floor(available), restoreRate: limit.restorePerSecond };
}

/** A withdrawal refused: the bucket holds `available`, the operation costs more. */
export function refusedWithdrawal(limit: RateLimit, available: number, cost: number): Withdrawal {
  return {
    taken: false,
    status: throttleStatus(limit, available),
    retryAfterSeconds: Math.max(1, Math.ceil((cost - available) / limit.restorePerSecond)),
    neverFits: cost > limit.points,
  };
}
