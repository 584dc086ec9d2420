// Shared result envelope (SPEC §0 "Gating") and small enums used across the analytics modules.

export const AnalyticsStatus = {
  OK: 'OK',
  /** Too little history so far (the user has not had the device long enough for the window). */
  CALIBRATING: 'CALIBRATING',
  /** History is long enough but the current window is too sparse. */
  INSUFFICIENT_WINDOW: 'INSUFFICIENT_WINDOW',
  NO_DATA: 'NO_DATA',
} as const;
export type AnalyticsStatus = (typeof AnalyticsStatus)[keyof typeof AnalyticsStatus];

export const ValueSource = {
  /** A Polar score passed through unchanged (SPEC §8). */
  POLAR: 'POLAR',
  /** Computed here. */
  LOCAL: 'LOCAL',
} as const;
export type ValueSource = (typeof ValueSource)[keyof typeof ValueSource];

/** Every analytics field: value is null unless status is OK (SPEC §0). */
export interface Gated<T> {
  status: AnalyticsStatus;
  source: ValueSource;
  value: T | null;
}

export function ok<T>(value: T, source: ValueSource = ValueSource.LOCAL): Gated<T> {
  return { status: AnalyticsStatus.OK, source, value };
}

export function notOk<T>(status: Exclude<AnalyticsStatus, 'OK'>, source: ValueSource = ValueSource.LOCAL): Gated<T> {
  return { status, source, value: null };
}

/** NO_DATA when nothing was seen, CALIBRATING while history is shorter than needed, else INSUFFICIENT_WINDOW. */
export function shortfallStatus(validInWindow: number, historyDays: number, historyDaysNeeded: number): Exclude<AnalyticsStatus, 'OK'> {
  if (validInWindow === 0 && historyDays === 0) return AnalyticsStatus.NO_DATA;
  return historyDays < historyDaysNeeded ? AnalyticsStatus.CALIBRATING : AnalyticsStatus.INSUFFICIENT_WINDOW;
}

export class AnalyticsInputError extends Error {
  override readonly name = 'AnalyticsInputError';
  constructor(
    message: string,
    readonly date?: string,
  ) {
    super(message);
  }
}
