// Amounts are kept as integer fen (cents) and only formatted at the edge, so no
// float rounding can leak into the exchange objects.

export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a non-negative whole fen amount: ${fen}`);
  const yuan = Math.floor(fen / 100);
  return `${yuan}.${String(fen % 100).padStart(2, '0')}`;
}

/** fen × numerator / denominator, rounded up to a whole yuan. */
export function scaleUpToYuan(fen: number, numerator: number, denominator: number): number {
  const perYuan = 100 * denominator;
  return Math.ceil((fen * numerator) / perYuan) * 100;
}
