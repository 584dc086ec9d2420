// Per-request loaders for `Day` fields: every Day of a response asks for (userId, date) and each
// loader answers all of them with one findMany per data type, whatever the number of days or users.
// The selection comes from the GraphQL query (queryFromInfo), so only requested columns are read.
import { queryFromInfo } from '@pothos/plugin-prisma';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { prismaOf, type Context } from '../../context.js';
import { fromDbDate, toDbDate, type LocalDate } from '../../dates.js';

export interface DayKey {
  userId: string;
  date: LocalDate;
}

/** Prisma delegates of the per-day models, as far as the loaders use them. */
export type DayModel = 'sleep' | 'nightlyRecharge' | 'dailyActivity' | 'cardioLoad' | 'skinTemperature' | 'exercise' | 'continuousHeartRate';

type Row = Record<string, unknown> & { userId: string; date: Date };

interface Delegate {
  findMany(args: { where: object; select: object; orderBy?: object[] }): Promise<Row[]>;
}

function delegate(ctx: Context, model: DayModel): Delegate {
  return prismaOf(ctx)[model] as unknown as Delegate;
}

const keyOf = (key: DayKey): string => `${key.userId}|${key.date}`;

function batch(ctx: Context, model: DayModel, select: object, orderBy?: object[]) {
  return async (keys: readonly DayKey[]): Promise<Row[][]> => {
    const userIds = [...new Set(keys.map((key) => key.userId))];
    const dates = [...new Set(keys.map((key) => key.date))].map(toDbDate);
    const rows = await delegate(ctx, model).findMany({
      where: { userId: { in: userIds }, date: { in: dates } },
      select: { ...select, userId: true, date: true },
      ...(orderBy ? { orderBy } : {}),
    });
    const byKey = new Map<string, Row[]>();
    for (const row of rows) {
      const key = keyOf({ userId: row.userId, date: fromDbDate(row.date) });
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(keyOf(key)) ?? []);
  };
}

function loaderFor(ctx: Context, name: string, create: () => DataLoader<DayKey, Row[], string>): DataLoader<DayKey, Row[], string> {
  let loader = ctx.loaders.get(name) as DataLoader<DayKey, Row[], string> | undefined;
  if (!loader) {
    loader = create();
    ctx.loaders.set(name, loader);
  }
  return loader;
}

/**
 * Rows of `model` for one day, selected as the GraphQL field `info` asks for `typeName`. Fields
 * with the same selection (every Day of one list) share one loader and so one query.
 */
export function loadDayRows(ctx: Context, info: GraphQLResolveInfo, model: DayModel, typeName: string, key: DayKey, orderBy?: object[]): Promise<Row[]> {
  const query = queryFromInfo({ context: ctx, info, typeName: typeName as never }) as { select?: object; include?: object };
  const select = query.select ?? {};
  const name = `day:${model}:${JSON.stringify(select)}`;
  return loaderFor(ctx, name, () => new DataLoader(batch(ctx, model, select, orderBy), { cacheKeyFn: keyOf })).load(key);
}

/** Fixed-selection loader (for summaries that are not Prisma object types). */
export function loadDaySummary(ctx: Context, model: DayModel, select: object, key: DayKey): Promise<Row[]> {
  const name = `day-summary:${model}:${JSON.stringify(select)}`;
  return loaderFor(ctx, name, () => new DataLoader(batch(ctx, model, select), { cacheKeyFn: keyOf })).load(key);
}
