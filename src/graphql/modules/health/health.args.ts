// Arguments shared by every date-ranged connection: inclusive `from`/`to` local dates, their
// validation (typed ValidationError naming the argument) and the connection's cost.
import { z } from 'zod';
import { inclusiveDayCount, toDbDate, type LocalDate } from '../../dates.js';
import { LIMITS } from '../../limits.js';

export const FROM_DOC = 'First local date included (YYYY-MM-DD). Omit for no lower bound.';
export const TO_DOC = 'Last local date included (YYYY-MM-DD). Omit for no upper bound.';

interface RangeArgs {
  from?: LocalDate | null | undefined;
  to?: LocalDate | null | undefined;
}

/** Checks `from <= to` and the maximum span; every other argument passes through unchanged. */
export function rangeIssues(args: RangeArgs, maxDays: number, path: { from: string[]; to: string[] }): { message: string; path: string[] }[] {
  if (!args.from || !args.to) return [];
  const days = inclusiveDayCount(args.from, args.to);
  if (days < 1) return [{ path: path.to, message: `\`to\` (${args.to}) is before \`from\` (${args.from}); swap them.` }];
  if (days > maxDays) return [{ path: path.to, message: `The range covers ${days} days; the maximum is ${maxDays}. Split it into several requests.` }];
  return [];
}

export const dateRangeArgsSchema = z
  .looseObject({ from: z.string().nullish(), to: z.string().nullish() })
  .superRefine((args, ctx) => {
    for (const issue of rangeIssues(args as RangeArgs, LIMITS.maxConnectionRange, { from: ['from'], to: ['to'] })) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });

export function dateWhere(args: RangeArgs): { date?: { gte?: Date; lte?: Date } } {
  if (!args.from && !args.to) return {};
  return { date: { ...(args.from ? { gte: toDbDate(args.from) } : {}), ...(args.to ? { lte: toDbDate(args.to) } : {}) } };
}

/** A connection costs its page size times its subtree: `first`/`last`, else the default page. */
export function connectionComplexity(args: { first?: number | null; last?: number | null }): { field: number; multiplier: number } {
  const size = Math.min(args.first ?? args.last ?? LIMITS.defaultPageSize, LIMITS.maxPageSize);
  return { field: 1, multiplier: Math.max(size, 1) };
}

/**
 * The options every `User.<records>(from, to)` connection shares: inclusive date range arguments
 * (validated), page-size cost, oldest-first order with a stable tie-break.
 * `arg` is the field builder's `t.arg`, so the argument types stay the builder's own.
 */
export function dateRangeConnectionOptions<DateArg>(arg: (options: { type: 'Date'; description: string }) => DateArg, recordName: string) {
  return {
    description: `${recordName} records with \`from\` <= date <= \`to\` (both optional, inclusive), oldest first.`,
    cursor: 'id' as const,
    totalCount: true as const,
    args: { from: arg({ type: 'Date', description: FROM_DOC }), to: arg({ type: 'Date', description: TO_DOC }) },
    validate: dateRangeArgsSchema,
    complexity: connectionComplexity,
    query: (args: RangeArgs) => ({ where: dateWhere(args), orderBy: [{ date: 'asc' as const }, { id: 'asc' as const }] }),
  };
}
