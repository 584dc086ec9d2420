// HeartRate data types: Relay nodes in select mode (only requested columns are read, so dense JSON
// series cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { ownedBy } from '../../context.js';
import { UserRef } from '../user/user.type.js';
import { toDbDate } from '../../dates.js';
import { dateRangeConnectionOptions } from '../health/health.args.js';

export const ContinuousHeartRateRef = builder.prismaNode('ContinuousHeartRate', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    sampleCount: t.exposeInt('sampleCount'),
    minHeartRate: t.exposeInt('minHeartRate', { nullable: true }),
    maxHeartRate: t.exposeInt('maxHeartRate', { nullable: true }),
    avgHeartRate: t.exposeFloat('avgHeartRate', { nullable: true }),
    samples: t.expose('samples', { type: 'JSON' }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  continuousHeartRates: t.relatedConnection(
    'continuousHeartRates',
    dateRangeConnectionOptions((options) => t.arg(options), 'ContinuousHeartRate'),
    { name: 'UserContinuousHeartRatesConnection' },
    { name: 'UserContinuousHeartRatesEdge' },
  ),
  continuousHeartRate: t.field({
    type: ContinuousHeartRateRef,
    nullable: true,
    description: 'The ContinuousHeartRate record of one local date, or null.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    select: (args, _ctx, nestedSelection) => ({ continuousHeartRates: nestedSelection({ where: { date: toDbDate(args.date) }, take: 1 }) }),
    resolve: (user) => user.continuousHeartRates[0] ?? null,
  }),
}));
