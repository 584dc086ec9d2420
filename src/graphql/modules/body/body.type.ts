// Body data types: Relay nodes in select mode (only requested columns are read, so dense JSON
// series cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { ownedBy } from '../../context.js';
import { toDbDate } from '../../dates.js';
import { UserRef } from '../user/user.type.js';
import { dateRangeConnectionOptions } from '../health/health.args.js';

export const PhysicalInfoRef = builder.prismaNode('PhysicalInfo', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    date: t.expose('date', { type: 'Date' }),
    weight: t.exposeFloat('weight', { nullable: true }),
    height: t.exposeFloat('height', { nullable: true }),
    birthday: t.expose('birthday', { type: 'Date', nullable: true }),
    gender: t.exposeString('gender', { nullable: true }),
    maximumHeartRate: t.exposeInt('maximumHeartRate', { nullable: true }),
    restingHeartRate: t.exposeInt('restingHeartRate', { nullable: true }),
    aerobicThreshold: t.exposeInt('aerobicThreshold', { nullable: true }),
    anaerobicThreshold: t.exposeInt('anaerobicThreshold', { nullable: true }),
    vo2Max: t.exposeInt('vo2Max', { nullable: true }),
    weightSource: t.exposeString('weightSource', { nullable: true }),
    trainingBackground: t.exposeString('trainingBackground', { nullable: true }),
    typicalDay: t.exposeString('typicalDay', { nullable: true }),
    sleepGoal: t.exposeString('sleepGoal', { nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  physicalInfo: t.field({
    type: PhysicalInfoRef,
    nullable: true,
    description: 'The physical information in effect on `asOf` (default: the latest version), or null.',
    args: { asOf: t.arg({ type: 'Date', description: 'Local date; the latest version recorded on or before it.' }) },
    select: (args, _ctx, nestedSelection) => ({
      physicalInfos: nestedSelection({
        ...(args.asOf ? { where: { date: { lte: toDbDate(args.asOf) } } } : {}),
        orderBy: [{ recordedAt: 'desc' }],
        take: 1,
      }),
    }),
    resolve: (user) => user.physicalInfos[0] ?? null,
  }),
  physicalInfos: t.relatedConnection(
    'physicalInfos',
    dateRangeConnectionOptions((options) => t.arg(options), 'PhysicalInfo'),
    { name: 'UserPhysicalInfosConnection' },
    { name: 'UserPhysicalInfosEdge' },
  ),
}));
