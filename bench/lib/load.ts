// Load generation: autocannon at a fixed concurrency against one server, per-response latencies
// recorded exactly (p50/p95/p99), the server's RSS polled from /proc while it runs; repeated runs
// are summarised by their median.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { median, percentile, round } from './stats.js';

export interface Target {
  name: string;
  url: string;
  pid: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Errors the server logged so far (GraphQL errors answer 200, so autocannon cannot see them). */
  serverErrors?: () => number;
}

export interface RunFigures {
  requestsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  requests: number;
  /** Transport errors + timeouts + non-2xx + error lines the server logged during the run. */
  errors: number;
  /** Peak RSS of the server process during this run (MiB). */
  peakRssMiB: number;
  bytesPerResponse: number;
}

export interface LoadSummary extends RunFigures {
  runs: RunFigures[];
  /** The server's VmHWM (peak RSS since it started) after the last run, MiB. */
  vmHwmMiB: number;
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

export async function loadOnce(target: Target, options: { seconds: number; connections: number }): Promise<RunFigures> {
  const latencies: number[] = [];
  let bytes = 0;
  let peakKiB = statusKiB(target.pid, 'VmRSS');
  const poll = setInterval(() => {
    const rss = statusKiB(target.pid, 'VmRSS');
    if (rss > peakKiB || Number.isNaN(peakKiB)) peakKiB = rss;
  }, 100);
  const instance = autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.seconds,
    method: target.method,
    timeout: 30,
    ...(target.headers ? { headers: target.headers } : {}),
    ...(target.body ? { body: target.body } : {}),
  });
  instance.on('response', (_client, _status, resBytes, responseTime) => {
    latencies.push(responseTime);
    bytes += resBytes;
  });
  const errorsBefore = target.serverErrors?.() ?? 0;
  const result = await instance;
  clearInterval(poll);
  // Let the server finish logging the last requests before counting its errors.
  await new Promise((r) => setTimeout(r, 200));
  const serverErrors = (target.serverErrors?.() ?? 0) - errorsBefore;
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    requestsPerSec: round(latencies.length / (result.duration || options.seconds), 1),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    meanMs: round(mean),
    requests: latencies.length,
    errors: result.errors + result.timeouts + result.non2xx + serverErrors,
    peakRssMiB: round(peakKiB / 1024, 1),
    bytesPerResponse: Math.round(bytes / Math.max(1, latencies.length)),
  };
}

export function summarize(runs: RunFigures[], pid: number): LoadSummary {
  const m = (key: keyof RunFigures) => round(median(runs.map((r) => r[key])), key === 'requestsPerSec' ? 1 : 2);
  return {
    requestsPerSec: m('requestsPerSec'),
    p50Ms: m('p50Ms'),
    p95Ms: m('p95Ms'),
    p99Ms: m('p99Ms'),
    meanMs: m('meanMs'),
    requests: runs.reduce((a, r) => a + r.requests, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    peakRssMiB: m('peakRssMiB'),
    bytesPerResponse: m('bytesPerResponse'),
    runs,
    vmHwmMiB: round(statusKiB(pid, 'VmHWM') / 1024, 1),
  };
}

/**
 * Measures several targets `runs` times each, interleaved (A B C A B C …) so a change in machine
 * load during the benchmark hits every target alike. A short warm-up run per target comes first.
 */
export async function compareTargets(
  targets: Target[],
  options: { runs: number; seconds: number; connections: number; warmupSeconds: number; log?: (line: string) => void },
): Promise<Record<string, LoadSummary>> {
  const runs = new Map<string, RunFigures[]>(targets.map((t) => [t.name, []]));
  for (const target of targets) if (options.warmupSeconds > 0) await loadOnce(target, { seconds: options.warmupSeconds, connections: options.connections });
  for (let i = 0; i < options.runs; i++) {
    for (const target of targets) {
      const figures = await loadOnce(target, options);
      runs.get(target.name)!.push(figures);
      options.log?.(
        `    ${target.name.padEnd(28)} run ${i + 1}/${options.runs}: ${figures.requestsPerSec} req/s, p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, p99 ${figures.p99Ms} ms, errors ${figures.errors}, peak RSS ${figures.peakRssMiB} MiB`,
      );
    }
  }
  return Object.fromEntries(targets.map((t) => [t.name, summarize(runs.get(t.name)!, t.pid)]));
}
