// Arguments shared by every date-ranged connection: inclusive `from`/`to` local dates, their
// validation (typed ValidationError naming the argument) and the connection's cost.
import { z } from 'zod';
import { inclusiveDayCount, type LocalDate } from '../../dates.js';
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

/** A connection costs its page size times its subtree: `first`/`last`, else the default page. */
export function connectionComplexity(args: { first?: number | null; last?: number | null }): { field: number; multiplier: number } {
  const size = Math.min(args.first ?? args.last ?? LIMITS.defaultPageSize, LIMITS.maxPageSize);
  return { field: 1, multiplier: Math.max(size, 1) };
}
