// The contract between the simulator's data generator (and scenario loader) and its HTTP server.
// Every payload is exactly the AccessLink v3 JSON object the real API would serve for that record,
// in its fullest form (exercise with samples, zones, route; activity with its `samples` block).
// The server strips optional parts according to query flags and applies visibility windows.

export type IsoDate = string; // YYYY-MM-DD, the user's local calendar date

export type SimDataType =
  | 'sleep'
  | 'nightlyRecharge'
  | 'activity'
  | 'exercise'
  | 'cardioLoad'
  | 'continuousHeartRate'
  | 'sleepwiseAlertness'
  | 'sleepwiseBedtime'
  | 'bodyTemperature'
  | 'skinTemperature'
  | 'skinContacts'
  | 'ecg'
  | 'spo2';

/** Every dated data type, in the order payloads and ground truth list them. */
export const SIM_DATA_TYPES: readonly SimDataType[] = [
  'sleep',
  'nightlyRecharge',
  'activity',
  'exercise',
  'cardioLoad',
  'continuousHeartRate',
  'sleepwiseAlertness',
  'sleepwiseBedtime',
  'bodyTemperature',
  'skinTemperature',
  'skinContacts',
  'ecg',
  'spo2',
];

export type JsonObject = { [key: string]: unknown };

export interface SimRecord {
  /** Natural key within (user, type): the date for daily types, the hashed id for exercises,
   *  `test_time` for ECG/SpO2, the start time for body temperature / skin contacts / SleepWise periods. */
  key: string;
  /** Local calendar date the record belongs to (used for date filters and visibility windows). */
  date: IsoDate;
  /** Instant (ISO-8601 UTC) at which the record reaches Polar Flow; it is invisible before that. */
  uploadedAt: string;
  /** The AccessLink payload, fullest form. */
  payload: JsonObject;
}

export interface SimIllnessEpisode {
  start: IsoDate;
  end: IsoDate; // inclusive
}

export interface SimUserDataset {
  /** Polar user id (`x_user_id`, `polar-user-id`). */
  polarUserId: number;
  /** `GET /v3/users/{id}` user object (hyphenated keys), without `member-id`/`registration-date`,
   *  which the server fills in at registration. */
  userInfo: JsonObject;
  /** `GET /v3/users/physical-info` history (snake_case), oldest first; the last is current. */
  physicalInfo: SimRecord[];
  records: Record<SimDataType, SimRecord[]>;
  /** Ground truth the tests use: dates of generated illness episodes, off-wrist gaps, etc. */
  truth: {
    illnessEpisodes: SimIllnessEpisode[];
    missingNights: IsoDate[];
    timeZoneChanges: { date: IsoDate; offsetMinutes: number }[];
    /** UTC offset in effect on `from` (timeZoneChanges lists the changes on later dates). */
    initialOffsetMinutes?: number;
    /** Dates with no record at all except cardio load (watch not worn; also listed in missingNights). */
    noDataDays?: IsoDate[];
    /** Off-wrist intervals in local wall-clock time of `date` (end exclusive, "24:00:00" = end of day):
     *  gaps in continuous HR and skin contact. Exercise time is not off-wrist. */
    offWristGaps?: { date: IsoDate; start: string; end: string }[];
  };
}

export interface GeneratorOptions {
  seed: number;
  /** 0-based index of the user within the simulated population. */
  userIndex: number;
  /** Inclusive date range to generate. Generation is prefix-stable: the records for a date do not
   *  depend on `to`, so extending the range (the clock advancing) never changes earlier records. */
  from: IsoDate;
  to: IsoDate;
  /** Build every payload up front. By default payloads are built on first access of `payload`
   *  (same values either way); metadata (key, date, uploadedAt) is always computed up front. */
  materialize?: boolean;
}
