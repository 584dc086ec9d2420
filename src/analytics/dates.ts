// Local calendar dates as integer day numbers (SPEC §0: windows are calendar days, DST days are
// still one day each). A day number is days since 1970-01-01 of the *local* date string; no time
// zone is involved because the date itself is already local.

import { AnalyticsInputError } from './types.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    value = value * 10 + c;
  }
  return value;
}

/** Parses "YYYY-MM-DD" at `offset` of `text` (hand-written: it runs for every day of every request). */
function parseDateAt(text: string, offset: number): number {
  const year = digits(text, offset, 4);
  const month = digits(text, offset + 5, 2);
  const day = digits(text, offset + 8, 2);
  if (text.charCodeAt(offset + 4) !== 45 || text.charCodeAt(offset + 7) !== 45 || !(month >= 1 && month <= 12)) return Number.NaN;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (!(day >= 1 && day <= monthDays)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

export function dayNumber(date: string): number {
  const day = date.length === 10 ? parseDateAt(date, 0) : Number.NaN;
  if (Number.isNaN(day)) throw new AnalyticsInputError(`invalid local date "${date}" (expected YYYY-MM-DD)`, date);
  return day;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function dateFromDayNumber(day: number): string {
  // Hinnant's civil_from_days
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (ISO 4)
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

interface ParsedTimestamp {
  localDay: number;
  /** Local wall-clock minutes since midnight. */
  localMinutes: number;
  /** UTC offset in minutes (0 for Z or no designator). */
  offsetMinutes: number;
}

/** ISO-8601 "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]" as Polar sends it. */
function parseTimestamp(timestamp: string): ParsedTimestamp {
  const localDay = parseDateAt(timestamp, 0);
  const hours = digits(timestamp, 11, 2);
  const minutes = digits(timestamp, 14, 2);
  let i = 16;
  let seconds = 0;
  if (timestamp.charCodeAt(i) === 58) {
    seconds = digits(timestamp, 17, 2);
    i = 19;
    if (timestamp.charCodeAt(i) === 46) {
      let fraction = 0;
      let scale = 1;
      i++;
      while (i < timestamp.length && timestamp.charCodeAt(i) >= 48 && timestamp.charCodeAt(i) <= 57) {
        fraction = fraction * 10 + (timestamp.charCodeAt(i) - 48);
        scale *= 10;
        i++;
      }
      seconds += fraction / scale;
    }
  }
  let offsetMinutes = 0;
  const designator = timestamp.charCodeAt(i);
  if (designator === 43 || designator === 45) {
    offsetMinutes = (designator === 45 ? -1 : 1) * (digits(timestamp, i + 1, 2) * 60 + digits(timestamp, i + 4, 2));
    i += 6;
  } else if (designator === 90) i++;
  if (
    timestamp.charCodeAt(10) !== 84 ||
    timestamp.charCodeAt(13) !== 58 ||
    i !== timestamp.length ||
    !(hours <= 23 && minutes <= 59 && seconds < 61) ||
    Number.isNaN(localDay + offsetMinutes)
  ) {
    throw new AnalyticsInputError(`invalid timestamp "${timestamp}"`);
  }
  return { localDay, localMinutes: hours * 60 + minutes + seconds / 60, offsetMinutes };
}

/** Span and start of one sleep, from parseTimestamp once per timestamp (see sleepTimes). */
export interface SleepTimes {
  /** elapsedMinutes(start, end). */
  spanMinutes: number;
  /** minutesSinceSleepDayStart(start, wakeDay). */
  startMinute: number;
}

/**
 * elapsedMinutes(start, end) and minutesSinceSleepDayStart(start, wakeDay) with each timestamp
 * parsed once (same arithmetic, same errors in the same order), written into `out`.
 */
export function sleepTimes(start: string, end: string, wakeDay: number, out: SleepTimes): SleepTimes {
  const a = parseTimestamp(start);
  const b = parseTimestamp(end);
  out.spanMinutes = (b.localDay - a.localDay) * 1440 + (b.localMinutes - b.offsetMinutes) - (a.localMinutes - a.offsetMinutes);
  out.startMinute = (a.localDay - (wakeDay - 1)) * 1440 + a.localMinutes - 18 * 60;
  return out;
}

/**
 * Local wall-clock position of an ISO-8601 timestamp (as Polar sends it, with its UTC offset)
 * in minutes since 18:00 of the evening before `wakeDay`, Polar's sleep-day boundary (SPEC §4.4).
 */
export function minutesSinceSleepDayStart(timestamp: string, wakeDay: number): number {
  const parsed = parseTimestamp(timestamp);
  return (parsed.localDay - (wakeDay - 1)) * 1440 + parsed.localMinutes - 18 * 60;
}

/** Elapsed minutes between two ISO-8601 instants (real time, so a DST night is counted correctly). */
export function elapsedMinutes(start: string, end: string): number {
  const a = parseTimestamp(start);
  const b = parseTimestamp(end);
  return (b.localDay - a.localDay) * 1440 + (b.localMinutes - b.offsetMinutes) - (a.localMinutes - a.offsetMinutes);
}

/** "HH:MM" clock label → minutes since 18:00 (the hypnogram keys of Polar sleep). */
export function clockLabelSinceSleepDayStart(label: string): number {
  const minutes = digits(label, 0, 2) * 60 + digits(label, 3, 2);
  if (label.length !== 5 || Number.isNaN(minutes)) throw new AnalyticsInputError(`invalid hypnogram time "${label}"`);
  return (minutes - 18 * 60 + 1440) % 1440;
}
