// Input of the analytics: one row per local calendar date for one user. Every metric is
// nullable/optional and a missing value is never read as 0 (SPEC §0), except the training load,
// where a day without exercise has load 0.

export interface DailyRecord {
  /** Local calendar date YYYY-MM-DD (sleep and Nightly Recharge: the wake-up day). */
  date: string;

  // Nightly Recharge (AccessLink field in brackets)
  /** RMSSD in ms [heart_rate_variability_avg]. Values ≤ 0 or non-finite are rejected. */
  rmssd?: number | null;
  /** Resting HR in bpm: Nightly Recharge [heart_rate_avg] (SPEC §5: pick one source and keep it). */
  restingHr?: number | null;
  /** [breathing_rate_avg], breaths/min. */
  breathingRate?: number | null;
  /** [ans_charge], −10…+10, Polar's own personalised score. */
  ansCharge?: number | null;
  /** [ans_charge_status] 1–5. */
  ansChargeStatus?: number | null;
  /** [nightly_recharge_status] 1–6. */
  nightlyRechargeStatus?: number | null;

  // Sleep
  /** [sleep_start_time], ISO-8601 with the UTC offset as Polar sends it. */
  sleepStart?: string | null;
  /** [sleep_end_time]. */
  sleepEnd?: string | null;
  lightSleepSeconds?: number | null;
  deepSleepSeconds?: number | null;
  remSleepSeconds?: number | null;
  unrecognizedSleepSeconds?: number | null;
  /** [total_interruption_duration]. */
  interruptionSeconds?: number | null;
  /** [sleep_score] 1–100. */
  sleepScore?: number | null;
  /** [sleep_charge] 1–5. */
  sleepCharge?: number | null;
  /** [sleep_goal]; the sleep need for debt. Falls back to options.sleep.defaultNeedMinutes. */
  sleepGoalSeconds?: number | null;
  /** [hypnogram]: "HH:MM" → stage (0 = wake … 5 = unknown), each stage lasting until the next key. */
  hypnogram?: Readonly<Record<string, number>> | null;

  // Daily activity
  steps?: number | null;
  calories?: number | null;

  // Training load
  /** Σ exercise cardio load (or TRIMP, one variant per series) of exercises starting this local day (SPEC §3.1). Missing = 0. */
  trainingLoad?: number | null;
  /** Polar daily cardio-load fields, passed through (SPEC §3.5). */
  polarCardioLoadStatus?: string | null;
  polarStrain?: number | null;
  polarTolerance?: number | null;
  polarCardioLoadRatio?: number | null;

  // Biosensing
  /** [sleep_time_skin_temperature_celsius]. */
  skinTemperature?: number | null;
  /** [deviation_from_baseline_celsius]. */
  skinTemperatureDeviation?: number | null;
  /** Daily SpO2 % [blood_oxygen_percent], only from tests with spo2_class SPO2_TEST_PASSED. */
  spo2?: number | null;
  /** [spo2_class] of that test, passed through. */
  spo2Class?: string | null;
}

export interface DailySeriesInput {
  /** Rows in any order; dates must be unique. Calendar gaps are missing days. */
  days: readonly DailyRecord[];
}
