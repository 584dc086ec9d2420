// Benchmark: all analytics of one user with 5 years of synthetic daily data, in-process.
// Target ≤ 50 ms (median of repeated runs). Run: npx tsx bench/analytics.ts

import { performance } from 'node:perf_hooks';
import { computeUserAnalytics } from '../src/analytics/index.js';
import { syntheticDays } from '../test/analytics/synthetic.js';

const DAYS = 5 * 365;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = 30;
const TARGET_MS = 50;

const input = { days: syntheticDays({ days: DAYS, seed: 42, missingNightRate: 0.1 }) };

let checksum = 0;
for (let i = 0; i < WARMUP_RUNS; i++) checksum += computeUserAnalytics(input).days.length;

/** A fixed CPU-bound loop: its time shows how busy the machine was while measuring. */
function referenceLoopMs(): number {
  const start = performance.now();
  const buffer = new Float64Array(1e7);
  for (let i = 0; i < buffer.length; i++) buffer[i] = Math.sqrt(i);
  return performance.now() - start;
}

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const medianOf = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
};

const referenceBefore = referenceLoopMs();
const timings: number[] = [];
const cpuTimings: number[] = [];
for (let i = 0; i < MEASURED_RUNS; i++) {
  const cpuStart = cpuMs();
  const start = performance.now();
  const result = computeUserAnalytics(input);
  timings.push(performance.now() - start);
  cpuTimings.push(cpuMs() - cpuStart);
  checksum += result.days.length;
}
const referenceAfter = referenceLoopMs();
timings.sort((a, b) => a - b);
const median = medianOf(timings);
const result = computeUserAnalytics(input);
const last = result.days[result.days.length - 1]!;

console.log(`analytics benchmark: ${DAYS} days (5 years) of one user, ${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up`);
console.log(`  median ${median.toFixed(2)} ms   min ${timings[0]!.toFixed(2)} ms   max ${timings[MEASURED_RUNS - 1]!.toFixed(2)} ms   target ≤ ${TARGET_MS} ms   ${median <= TARGET_MS ? 'OK' : 'OVER TARGET'}`);
console.log(`  CPU time median ${medianOf(cpuTimings).toFixed(2)} ms; machine load check: reference loop ${referenceBefore.toFixed(0)} / ${referenceAfter.toFixed(0)} ms (higher = busier machine)`);
console.log(`  last day ${last.date}: readiness ${last.readiness.value?.score ?? last.readiness.status}, CTL ${last.trainingLoad.ctl.value?.toFixed(1)}, anomalies ${last.anomalies.length}, checksum ${checksum}`);
