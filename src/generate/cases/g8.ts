// G8 TEKUN_STANDARD_BELOW_POLICY: the 特困 standard of a region, area and
// year(D) is below 1.3 × its 低保 standard, both registered for that exact
// region. The cases live in the standards table (registry.ts).
import { TEKUN_BELOW_POLICY, TEKUN_STANDARD_NEAR_MISSES } from '../registry';
import type { World } from '../world';

export function plantG8(w: World): void {
  for (const gap of TEKUN_BELOW_POLICY) w.expectRegionGap(gap.regionCode, gap.area, gap.note);
  for (const note of TEKUN_STANDARD_NEAR_MISSES) w.nearMiss('G8', note);
}
