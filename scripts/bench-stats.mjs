// The statistics behind the benchmark's verdicts. A target such as "≥ 0.95×
// raw JS" is decided on the per-repetition ratios, and on a shared machine
// their spread is often wider than the margin being tested. So a verdict is
// only "met" or "missed" when a confidence interval for the median ratio lies
// wholly on one side of the goal; otherwise it is "within noise", and more
// repetitions (BENCH_REPS) are what would decide it.
//
// The interval is the distribution-free one for a median: for n sorted
// samples, [x(k), x(n+1-k)] covers the true median with probability
// 1 - 2·P(B ≤ k-1), B ~ Binomial(n, 1/2). It assumes only that repetitions
// are independent draws, not that the noise is normal, which it is not here
// (other jobs on the machine make it skewed and bursty).

/** The median of `values`, or null when there are none. */
export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** P(B ≤ k) for B ~ Binomial(n, 1/2). */
function binomialCdf(n, k) {
  let term = 0.5 ** n; // P(B = 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term *= (n - i) / (i + 1);
  }
  return sum;
}

/**
 * A confidence interval for the median of `values`: the narrowest
 * order-statistic interval whose coverage is at least `level`, or the full
 * range when even that falls short (fewer than 6 samples for 95 %), with the
 * coverage it really has. Null for fewer than 2 samples.
 */
export function medianInterval(values, level = 0.95) {
  const n = values.length;
  if (n < 2) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let k = 1;
  while (k + 1 <= n + 1 - (k + 1) && 1 - 2 * binomialCdf(n, k) >= level) k++;
  return { low: sorted[k - 1], high: sorted[n - k], coverage: 1 - 2 * binomialCdf(n, k - 1) };
}

/**
 * Decides a target on per-repetition ratios: `ok(x)` says whether one ratio
 * meets the goal (it must be monotone, e.g. `x >= 0.95`). Returns 'met' or
 * 'missed' when the interval is on one side, 'within noise' when it spans
 * the goal, null when there is nothing to decide on.
 */
export function verdict(values, ok, level = 0.95) {
  if (values.length === 0) return null;
  const interval = medianInterval(values, level);
  if (interval === null) return ok(values[0]) ? 'met' : 'missed';
  const low = ok(interval.low);
  const high = ok(interval.high);
  if (low && high) return 'met';
  if (!low && !high) return 'missed';
  return 'within noise';
}
