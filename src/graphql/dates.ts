// Local calendar dates (YYYY-MM-DD) as Polar gives them. The database stores them in DATE columns,
// which the Prisma adapters read as JavaScript Dates at UTC midnight, so conversion is always UTC.
// Also the DateTime scalar (instants, timestamptz columns).
import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, Kind } from './graphql.js';

/** A validated `YYYY-MM-DD` string. */
export type LocalDate = string & { readonly __localDate: unique symbol };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function parseLocalDate(value: string): LocalDate | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return null;
  return value as LocalDate;
}

/** The DATE column value for a local date. */
export function toDbDate(date: LocalDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** A DATE column value (UTC midnight) back to its local date. */
export function fromDbDate(date: Date): LocalDate {
  return date.toISOString().slice(0, 10) as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDbDate(new Date(toDbDate(date).getTime() + days * DAY_MS));
}

/** UTC midnight of a validated local date in ms, without parsing a date string (hot in day lists). */
function utcMs(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** Days from `from` to `to`, inclusive of both (1 when equal, 0 or less when `to` is before `from`). */
export function inclusiveDayCount(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMs(to) - utcMs(from)) / DAY_MS) + 1;
}

const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/** The dates from `from` to `to`, inclusive, counted on the calendar (a year of days without a Date each). */
export function dateRange(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  let day = Number(from.slice(8, 10));
  let monthPrefix = from.slice(0, 8);
  for (let i = 0, n = inclusiveDayCount(from, to); i < n; i++) {
    days.push(`${monthPrefix}${TWO_DIGITS[day]}` as LocalDate);
    if (++day > daysInMonth(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        year++;
      }
      monthPrefix = `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-`;
    }
  }
  return days;
}

/** Dates already validated on output: a response repeats the same few hundred dates. */
const validOutputDates = new Set<string>();

function isValidOutputDate(value: string): boolean {
  if (validOutputDates.has(value)) return true;
  if (!parseLocalDate(value)) return false;
  if (validOutputDates.size >= 100_000) validOutputDates.clear();
  validOutputDates.add(value);
  return true;
}

function invalid(value: unknown): GraphQLError {
  return new GraphQLError(`Date must be a calendar date in the form YYYY-MM-DD (e.g. "2026-01-31"); got ${JSON.stringify(value)}.`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export const LocalDateScalar = new GraphQLScalarType<LocalDate, string>({
  name: 'Date',
  description: 'A local calendar date, `YYYY-MM-DD`, as Polar reports it (sleep is dated by the wake-up day).',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize(value) {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new GraphQLError('Date cannot represent an invalid Date instance.');
      return fromDbDate(value);
    }
    if (typeof value === 'string' && isValidOutputDate(value)) return value;
    throw new GraphQLError(`Date cannot represent ${JSON.stringify(value)}.`);
  },
  parseValue(value) {
    if (typeof value !== 'string') throw invalid(value);
    const date = parseLocalDate(value);
    if (!date) throw invalid(value);
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid(ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? ast.value : ast.kind);
    const date = parseLocalDate(ast.value);
    if (!date) throw invalid(ast.value);
    return date;
  },
});

/** What `Date#toISOString()` gives for years 0000–9999 (day of month checked separately). */
const ISO_UTC_TIMESTAMP = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when `value` is exactly `toISOString()` of a valid Date, so serialising it as is changes nothing. */
export function isIsoUtcTimestamp(value: string): boolean {
  if (!ISO_UTC_TIMESTAMP.test(value)) return false;
  const day = Number(value.slice(8, 10));
  return day <= 28 || day <= daysInMonth(Number(value.slice(0, 4)), Number(value.slice(5, 7)));
}

/**
 * graphql-scalars' DateTime, except that a string already in `toISOString()` form is written as is:
 * the health loaders read timestamps in that form (SqlRunner `isoTimestamps`), which spares building
 * a Date per value and formatting it again in JSON.stringify. Anything else (Dates from Prisma, other
 * strings) is serialised by graphql-scalars exactly as before.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize(value) {
    return typeof value === 'string' && isIsoUtcTimestamp(value) ? value : DateTimeResolver.serialize(value);
  },
});
