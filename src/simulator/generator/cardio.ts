import type { SimRecord } from '../dataset.js';
import type { Ctx } from './context.js';
import type { Timeline } from './timeline.js';
import { round1, round2 } from './time.js';

export function loadStats(tl: Timeline, day: number): { strain: number; tolerance: number; ratio: number } {
  let s7 = 0;
  let s28 = 0;
  for (let k = 0; k < 28; k++) {
    const l = tl.get(day - k).load;
    s28 += l;
    if (k < 7) s7 += l;
  }
  const strain = round1(s7 / 7);
  const tolerance = round1(s28 / 28);
  return { strain, tolerance, ratio: tolerance > 0 ? round2(strain / tolerance) : 0 };
}

function baseStatus(ratio: number, tolerance: number): string {
  if (tolerance <= 0) return 'LOAD_STATUS_NOT_AVAILABLE';
  if (ratio < 0.7) return 'DETRAINING';
  if (ratio < 0.95) return 'MAINTAINING';
  if (ratio < 1.35) return 'PRODUCTIVE';
  if (ratio < 1.6) return 'PRODUCTIVE_ALMOST_OVERREACHING';
  return 'OVERREACHING';
}

export function cardioLoadRecord(ctx: Ctx, day: number, uploadedAt: string): SimRecord {
  const tl = ctx.timeline;
  const ld = tl.get(day);
  const { strain, tolerance, ratio } = loadStats(tl, day);
  let status = baseStatus(ratio, tolerance);
  if (status !== 'OVERREACHING' && status !== 'LOAD_STATUS_NOT_AVAILABLE') {
    const prev = loadStats(tl, day - 1);
    const prevStatus = baseStatus(prev.ratio, prev.tolerance);
    if (prevStatus === 'OVERREACHING') status = ratio >= 0.95 ? 'PRODUCTIVE_DROPPED_FROM_OVERREACHING' : 'RECOVERY_AFTER_OVERREACHING';
  }
  // Levels relative to the average session load of the last 90 days.
  let sum = 0;
  let count = 0;
  for (let k = 0; k < 90; k++) {
    for (const s of tl.get(day - k).sessions) {
      sum += s.load;
      count++;
    }
  }
  const unit = round1((count ? sum / count : ctx.profile.typicalSessionLoad) / 2.5);
  return {
    key: ld.date,
    date: ld.date,
    uploadedAt,
    payload: {
      date: ld.date,
      cardio_load_status: status,
      cardio_load: ld.load,
      strain,
      tolerance,
      cardio_load_ratio: ratio,
      cardio_load_level: {
        very_low: unit,
        low: round1(unit * 2),
        medium: round1(unit * 3),
        high: round1(unit * 4),
        'very-high': round1(unit * 5),
      },
    },
  };
}
