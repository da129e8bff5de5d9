// One leaky bucket of cost points per caller, in this process's memory. A
// bucket starts full, an operation takes its requested cost out, and points
// flow back at a steady rate up to the capacity. A full bucket is the same as
// no bucket, so full ones are forgotten.
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

/** Above this many remembered callers, full buckets are swept away. */
const SWEEP_ABOVE = 10_000;

export class CostBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  /** Takes `cost` points from the caller's bucket if it holds them all; otherwise takes nothing. */
  take(caller: string, cost: number): Withdrawal {
    const now = Date.now();
    const available = this.availableAt(caller, now);
    if (cost > available) {
      const missing = cost - available;
      return {
        taken: false,
        status: this.statusOf(available),
        retryAfterSeconds: Math.max(1, Math.ceil(missing / this.limit.restorePerSecond)),
        neverFits: cost > this.limit.points,
      };
    }
    this.buckets.set(caller, { available: available - cost, updatedAt: now });
    if (this.buckets.size > SWEEP_ABOVE) this.forgetFull(now);
    return { taken: true, status: this.statusOf(available - cost) };
  }

  status(caller: string): ThrottleStatus {
    return this.statusOf(this.availableAt(caller, Date.now()));
  }

  private availableAt(caller: string, now: number): number {
    const bucket = this.buckets.get(caller);
    if (!bucket) return this.limit.points;
    const restored = ((now - bucket.updatedAt) / 1000) * this.limit.restorePerSecond;
    return Math.min(this.limit.points, bucket.available + restored);
  }

  private statusOf(available: number): ThrottleStatus {
    return {
      maximumAvailable: this.limit.points,
      currentlyAvailable: Math.floor(available),
      restoreRate: this.limit.restorePerSecond,
    };
  }

  private forgetFull(now: number): void {
    for (const caller of this.buckets.keys()) {
      if (this.availableAt(caller, now) >= this.limit.points) this.buckets.delete(caller);
    }
  }
}
