// Calendar and instant helpers for the sync engine. Polar dates are local calendar dates
// (YYYY-MM-DD); DATE columns hold them as UTC midnight. Instants are stored in UTC.

const DAY_MS = 86_400_000;

export type IsoDate = string;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** DATE column value: `new Date('YYYY-MM-DDT00:00:00Z')`. */
export function dateColumn(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function toIsoDate(value: Date | number): IsoDate {
  return new Date(value).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

/** Whole days from `a` to `b` (b − a). */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** Inclusive slices of at most `span` days, oldest first. */
export function sliceRange(from: IsoDate, to: IsoDate, span: number): { from: IsoDate; to: IsoDate }[] {
  const out: { from: IsoDate; to: IsoDate }[] = [];
  for (let start = from; start <= to; start = addDays(start, span)) {
    const end = minDate(addDays(start, span - 1), to);
    out.push({ from: start, to: end });
  }
  return out;
}

export function eachDate(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** Offset in minutes of an ISO string's zone suffix (`Z` = 0), or null when it has none. */
export function offsetMinutesOf(value: string): number | null {
  const m = ZONE.exec(value);
  if (!m) return null;
  const zone = m[1]!;
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/**
 * The instant of an ISO date-time. Strings without a zone are read as local time at
 * `assumeOffsetMinutes` east of UTC (0 = UTC, which is how Polar writes SleepWise/biosensing times).
 */
export function parseInstant(value: string, assumeOffsetMinutes = 0): Date | null {
  const zone = ZONE.exec(value);
  let ms: number;
  if (zone) {
    const z = zone[1]!;
    const normalised = z === 'Z' || z.includes(':') ? value : `${value.slice(0, -z.length)}${z.slice(0, 3)}:${z.slice(3)}`;
    ms = Date.parse(normalised);
  } else {
    const base = value.length === 16 ? `${value}:00` : value;
    ms = Date.parse(`${base}Z`) - assumeOffsetMinutes * 60_000;
  }
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Local calendar date of an instant at a UTC offset (minutes east). */
export function localDateOf(instant: Date, offsetMinutes: number): IsoDate {
  return toIsoDate(instant.getTime() + offsetMinutes * 60_000);
}
