import type { JsonObject, SimRecord } from '../dataset.js';
import { isoInstant, makeRecord, midnightEpoch, wants, type Ctx } from './context.js';
import type { LatentDay } from './timeline.js';
import { clamp, round1 } from './time.js';

const ECG_HZ = 130;
const ECG_SECONDS = 30;

function level(ratio: number, prefix: string): string {
  return ratio < 0.8 ? `${prefix}BELOW_USUAL` : ratio > 1.2 ? `${prefix}ABOVE_USUAL` : `${prefix}USUAL`;
}

function ecgPayload(ctx: Ctx, ld: LatentDay, testTime: number): JsonObject {
  const p = ctx.profile;
  const r = ctx.streams.rng('ecg', ld.day);
  const hr = Math.round(ld.rhr + 9 + 4 * ld.illness + r.normal(0, 3));
  const rri = 60000 / hr;
  const hrv = round1(ld.hrv * r.uniform(0.75, 1.0));
  const samples: { recording_time_delta_ms: number; amplitude_mv: number }[] = [];
  let beat = r.uniform(0, rri) - rri;
  let rr = rri;
  for (let i = 0; i < ECG_HZ * ECG_SECONDS; i++) {
    const t = (i * 1000) / ECG_HZ;
    if (t > beat + rr) {
      beat += rr;
      rr = rri + r.normal(0, hrv * 0.6);
    }
    // P wave, QRS complex and T wave as Gaussian bumps relative to the beat onset.
    const x = t - beat;
    const v =
      0.12 * Math.exp(-(((x - 80) / 22) ** 2)) +
      1.1 * Math.exp(-(((x - 200) / 9) ** 2)) -
      0.22 * Math.exp(-(((x - 218) / 8) ** 2)) +
      0.28 * Math.exp(-(((x - 420) / 45) ** 2)) +
      r.normal(0, 0.008);
    samples.push({ recording_time_delta_ms: Math.round(t), amplitude_mv: Math.round(v * 1000) / 1000 });
  }
  const quality: { recording_time_delta_ms: number; quality_level: string }[] = [];
  for (let s = 0; s <= ECG_SECONDS; s++) {
    quality.push({ recording_time_delta_ms: s * 1000, quality_level: r.chance(0.95) ? 'ECG_QUALITY_HIGH' : 'ECG_QUALITY_LOW' });
  }
  const systolic = round1(r.uniform(195, 245));
  return {
    source_device_id: p.deviceId,
    test_time: testTime,
    time_zone_offset: ld.offset,
    average_heart_rate_bpm: hr,
    heart_rate_variability_ms: hrv,
    heart_rate_variability_level: level(hrv / (p.hrvBase * 0.87), 'ECG_HRV_LEVEL_'),
    rri_ms: round1(rri),
    pulse_transit_time_systolic_ms: systolic,
    pulse_transit_time_diastolic_ms: round1(systolic + r.uniform(25, 45)),
    pulse_transit_time_quality_index: round1(r.uniform(55, 96)),
    samples,
    quality_measurements: quality,
  };
}

function spo2Payload(ctx: Ctx, ld: LatentDay, testTime: number): JsonObject {
  const p = ctx.profile;
  const r = ctx.streams.rng('spo2', ld.day);
  const passed = r.chance(0.86);
  const status = passed
    ? 'SPO2_TEST_PASSED'
    : r.pick([
        'SPO2_TEST_INCONCLUSIVE_TOO_LOW_QUALITY_IN_SAMPLES',
        'SPO2_TEST_INCONCLUSIVE_TOO_LOW_OVERALL_QUALITY',
        'SPO2_TEST_INCONCLUSIVE_TOO_MANY_MISSING_SAMPLES',
      ]);
  const altitude = round1(ld.city.altitude + r.normal(0, 4));
  const spo2 = Math.round(clamp(98 - altitude / 900 - 2.5 * ld.illness + r.normal(0, 0.9), 85, 100));
  const hrv = round1(ld.hrv * r.uniform(0.75, 1.0));
  return {
    source_device_id: p.deviceId,
    test_time: testTime,
    time_zone_offset: ld.offset,
    test_status: status,
    blood_oxygen_percent: passed ? spo2 : 0,
    spo2_class: passed ? (spo2 >= 95 ? 'SPO2_CLASS_NORMAL' : spo2 >= 90 ? 'SPO2_CLASS_LOW' : 'SPO2_CLASS_VERY_LOW') : 'SPO2_CLASS_UNKNOWN',
    spo2_value_deviation_from_baseline: passed ? (spo2 < 95 ? 'DEVIATION_BELOW_USUAL' : 'DEVIATION_USUAL') : 'DEVIATION_NO_BASELINE',
    spo2_quality_average_percent: round1(passed ? r.uniform(70, 98) : r.uniform(20, 55)),
    average_heart_rate_bpm: Math.round(ld.rhr + 9 + 4 * ld.illness + r.normal(0, 3)),
    heart_rate_variability_ms: passed ? hrv : 0,
    spo2_hrv_deviation_from_baseline: passed ? level(hrv / (p.hrvBase * 0.87), 'DEVIATION_') : 'DEVIATION_NO_BASELINE',
    altitude_meters: altitude,
  };
}

/** ECG and SpO2 spot tests the user takes on some days (test_time in epoch seconds). */
export function biosensingRecords(ctx: Ctx, ld: LatentDay): { ecg: SimRecord[]; spo2: SimRecord[] } {
  const p = ctx.profile;
  const r = ctx.streams.rng('biosensing', ld.day);
  const out = { ecg: [] as SimRecord[], spo2: [] as SimRecord[] };
  const midnight = midnightEpoch(ld.day, ld.offset);
  const awakeFrom = ld.night.endSec + 600;
  if (r.chance(p.ecgPerDay)) {
    const testTime = midnight + r.int(awakeFrom, Math.max(awakeFrom + 60, 21 * 3600));
    const upload = testTime + r.int(60, 900);
    if (wants(ctx, 'ecg')) out.ecg.push(makeRecord(ctx, String(testTime), ld.date, isoInstant(upload), () => ecgPayload(ctx, ld, testTime)));
  }
  if (r.chance(p.spo2PerDay)) {
    const testTime = midnight + r.int(awakeFrom, Math.max(awakeFrom + 60, 22 * 3600));
    const upload = testTime + r.int(60, 900);
    if (wants(ctx, 'spo2')) out.spo2.push(makeRecord(ctx, String(testTime), ld.date, isoInstant(upload), () => spo2Payload(ctx, ld, testTime)));
  }
  return out;
}
