// Benchmark: all analytics of one user with 5 years of synthetic daily data, in-process.
// Target ≤ 50 ms (median of repeated runs). Run: npx tsx bench/analytics.ts
// bench/run.ts calls runAnalyticsBench() (scenario 3).

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { computeUserAnalytics } from '../src/analytics/index.js';
import { syntheticDays } from '../test/analytics/synthetic.js';

const DAYS = 5 * 365;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = 30;
export const TARGET_MS = 50;

export interface AnalyticsBenchResult {
  days: number;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  cpuMedianMs: number;
  /** Time of a fixed CPU loop before/after: higher = busier machine. */
  referenceLoopMs: [number, number];
  lastDay: { date: string; readiness: string | number; ctl: number | undefined; anomalies: number };
  checksum: number;
}

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

export function runAnalyticsBench(options: { days?: number; warmupRuns?: number; runs?: number } = {}): AnalyticsBenchResult {
  const days = options.days ?? DAYS;
  const warmupRuns = options.warmupRuns ?? WARMUP_RUNS;
  const measuredRuns = options.runs ?? MEASURED_RUNS;
  const input = { days: syntheticDays({ days, seed: 42, missingNightRate: 0.1 }) };

  let checksum = 0;
  for (let i = 0; i < warmupRuns; i++) checksum += computeUserAnalytics(input).days.length;

  const referenceBefore = referenceLoopMs();
  const timings: number[] = [];
  const cpuTimings: number[] = [];
  for (let i = 0; i < measuredRuns; i++) {
    const cpuStart = cpuMs();
    const start = performance.now();
    const result = computeUserAnalytics(input);
    timings.push(performance.now() - start);
    cpuTimings.push(cpuMs() - cpuStart);
    checksum += result.days.length;
  }
  const referenceAfter = referenceLoopMs();
  timings.sort((a, b) => a - b);
  const result = computeUserAnalytics(input);
  const last = result.days[result.days.length - 1]!;
  return {
    days,
    runs: measuredRuns,
    medianMs: medianOf(timings),
    minMs: timings[0]!,
    maxMs: timings[measuredRuns - 1]!,
    cpuMedianMs: medianOf(cpuTimings),
    referenceLoopMs: [referenceBefore, referenceAfter],
    lastDay: { date: last.date, readiness: last.readiness.value?.score ?? last.readiness.status, ctl: last.trainingLoad.ctl.value ?? undefined, anomalies: last.anomalies.length },
    checksum,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = runAnalyticsBench();
  console.log(`analytics benchmark: ${r.days} days (5 years) of one user, ${r.runs} runs after ${WARMUP_RUNS} warm-up`);
  console.log(`  median ${r.medianMs.toFixed(2)} ms   min ${r.minMs.toFixed(2)} ms   max ${r.maxMs.toFixed(2)} ms   target ≤ ${TARGET_MS} ms   ${r.medianMs <= TARGET_MS ? 'OK' : 'OVER TARGET'}`);
  console.log(`  CPU time median ${r.cpuMedianMs.toFixed(2)} ms; machine load check: reference loop ${r.referenceLoopMs[0].toFixed(0)} / ${r.referenceLoopMs[1].toFixed(0)} ms (higher = busier machine)`);
  console.log(`  last day ${r.lastDay.date}: readiness ${r.lastDay.readiness}, CTL ${r.lastDay.ctl?.toFixed(1)}, anomalies ${r.lastDay.anomalies}, checksum ${r.checksum}`);
}
