// Calendar arithmetic on integer day numbers (days since 1970-01-01) and fast string formatting.
// Everything is pure arithmetic: no Date.now, no host time zone.

export const DAY_SEC = 86400;

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(s: string): number {
  const m = ISO_DATE.exec(s);
  if (!m) throw new RangeError(`invalid date ${JSON.stringify(s)} (expected YYYY-MM-DD)`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const day = daysFromCivil(y, mo, d);
  const [y2, mo2, d2] = civilFromDays(day);
  if (y2 !== y || mo2 !== mo || d2 !== d) throw new RangeError(`invalid date ${JSON.stringify(s)}`);
  return day;
}

export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
/** "HH:MM" for every minute of the day. */
export const HHMM: readonly string[] = Array.from(
  { length: 1440 },
  (_, i) => `${PAD2[Math.floor(i / 60)]}:${PAD2[i % 60]}`,
);

export function isoDate(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${y}-${PAD2[m]}-${PAD2[d]}`;
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function hhmm(minOfDay: number): string {
  const m = ((Math.floor(minOfDay) % 1440) + 1440) % 1440;
  return HHMM[m] as string;
}

export function hhmmss(secOfDay: number): string {
  const s = ((Math.floor(secOfDay) % DAY_SEC) + DAY_SEC) % DAY_SEC;
  return `${HHMM[Math.floor(s / 60)]}:${PAD2[s % 60]}`;
}

export function offsetSuffix(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${PAD2[Math.floor(a / 60)]}:${PAD2[a % 60]}`;
}

/** "YYYY-MM-DDTHH:MM:SS" of an epoch second, rendered with the given offset (0 = UTC). */
export function dateTime(epochSec: number, offsetMin = 0): string {
  const t = Math.floor(epochSec) + offsetMin * 60;
  const day = Math.floor(t / DAY_SEC);
  return `${isoDate(day)}T${hhmmss(t - day * DAY_SEC)}`;
}

export function dateTimeOffset(epochSec: number, offsetMin: number): string {
  return `${dateTime(epochSec, offsetMin)}${offsetSuffix(offsetMin)}`;
}

/** "YYYY-MM-DDTHH:MM:SS.mmmZ" */
export function utcMillisZ(epochSec: number): string {
  const ms = Math.round((epochSec - Math.floor(epochSec)) * 1000);
  return `${dateTime(epochSec)}.${String(ms).padStart(3, '0')}Z`;
}

/** ISO-8601 duration: PT52M13S, PT8H, PT0S; fractional seconds kept to ms when `fractional`. */
export function isoDuration(seconds: number, fractional = false): string {
  let total = fractional ? Math.round(seconds * 1000) / 1000 : Math.round(seconds);
  if (total <= 0) return 'PT0S';
  const h = Math.floor(total / 3600);
  total -= h * 3600;
  const m = Math.floor(total / 60);
  let s = total - m * 60;
  s = fractional ? Math.round(s * 1000) / 1000 : s;
  let out = 'PT';
  if (h) out += `${h}H`;
  if (m) out += `${m}M`;
  if (s) out += fractional ? `${s.toFixed(3).replace(/\.?0+$/, '')}S` : `${s}S`;
  return out === 'PT' ? 'PT0S' : out;
}

export function lastSundayOf(y: number, m: number): number {
  const last = daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - 1;
  return last - ((weekday(last) + 1) % 7);
}

/** n-th (1-based) Sunday of month m of year y. */
export function nthSundayOf(y: number, m: number, n: number): number {
  const first = daysFromCivil(y, m, 1);
  const firstSunday = first + ((6 - weekday(first) + 7) % 7);
  return firstSunday + (n - 1) * 7;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
