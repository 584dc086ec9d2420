// Activity data types: Relay nodes in select mode (only requested columns are read, so dense JSON
// series cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { ownedBy } from '../../context.js';
import { UserRef } from '../user/user.type.js';
import { toDbDate } from '../../dates.js';
import { dateRangeConnectionOptions } from '../health/health.args.js';

export const DailyActivityRef = builder.prismaNode('DailyActivity', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    startTime: t.exposeString('startTime', { nullable: true }),
    endTime: t.exposeString('endTime', { nullable: true }),
    activeDurationSeconds: t.exposeInt('activeDurationSeconds', { nullable: true }),
    inactiveDurationSeconds: t.exposeInt('inactiveDurationSeconds', { nullable: true }),
    dailyActivity: t.exposeFloat('dailyActivity', { nullable: true }),
    calories: t.exposeInt('calories', { nullable: true }),
    activeCalories: t.exposeInt('activeCalories', { nullable: true }),
    steps: t.exposeInt('steps', { nullable: true }),
    inactivityAlertCount: t.exposeInt('inactivityAlertCount', { nullable: true }),
    distanceFromSteps: t.exposeFloat('distanceFromSteps', { nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const ActivitySamplesRef = builder.prismaNode('ActivitySamples', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    stepsIntervalMs: t.exposeInt('stepsIntervalMs', { nullable: true }),
    totalSteps: t.exposeInt('totalSteps', { nullable: true }),
    stepSamples: t.expose('stepSamples', { type: 'JSON', nullable: true }),
    activityZones: t.expose('activityZones', { type: 'JSON', nullable: true }),
    inactivityStamps: t.expose('inactivityStamps', { type: 'JSON', nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const CardioLoadRef = builder.prismaNode('CardioLoad', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    cardioLoadStatus: t.exposeString('cardioLoadStatus', { nullable: true }),
    cardioLoad: t.exposeFloat('cardioLoad', { nullable: true }),
    strain: t.exposeFloat('strain', { nullable: true }),
    tolerance: t.exposeFloat('tolerance', { nullable: true }),
    cardioLoadRatio: t.exposeFloat('cardioLoadRatio', { nullable: true }),
    levelVeryLow: t.exposeFloat('levelVeryLow', { nullable: true }),
    levelLow: t.exposeFloat('levelLow', { nullable: true }),
    levelMedium: t.exposeFloat('levelMedium', { nullable: true }),
    levelHigh: t.exposeFloat('levelHigh', { nullable: true }),
    levelVeryHigh: t.exposeFloat('levelVeryHigh', { nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  dailyActivities: t.relatedConnection(
    'dailyActivities',
    dateRangeConnectionOptions((options) => t.arg(options), 'DailyActivity'),
    { name: 'UserDailyActivitiesConnection' },
    { name: 'UserDailyActivitiesEdge' },
  ),
  dailyActivity: t.field({
    type: DailyActivityRef,
    nullable: true,
    description: 'The DailyActivity record of one local date, or null.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    select: (args, _ctx, nestedSelection) => ({ dailyActivities: nestedSelection({ where: { date: toDbDate(args.date) }, take: 1 }) }),
    resolve: (user) => user.dailyActivities[0] ?? null,
  }),
  activitySamples: t.relatedConnection(
    'activitySamples',
    dateRangeConnectionOptions((options) => t.arg(options), 'ActivitySamples'),
    { name: 'UserActivitySamplesConnection' },
    { name: 'UserActivitySamplesEdge' },
  ),
  dailyActivitySamples: t.field({
    type: ActivitySamplesRef,
    nullable: true,
    description: 'The ActivitySamples record of one local date, or null.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    select: (args, _ctx, nestedSelection) => ({ activitySamples: nestedSelection({ where: { date: toDbDate(args.date) }, take: 1 }) }),
    resolve: (user) => user.activitySamples[0] ?? null,
  }),
  cardioLoads: t.relatedConnection(
    'cardioLoads',
    dateRangeConnectionOptions((options) => t.arg(options), 'CardioLoad'),
    { name: 'UserCardioLoadsConnection' },
    { name: 'UserCardioLoadsEdge' },
  ),
  cardioLoad: t.field({
    type: CardioLoadRef,
    nullable: true,
    description: 'The CardioLoad record of one local date, or null.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    select: (args, _ctx, nestedSelection) => ({ cardioLoads: nestedSelection({ where: { date: toDbDate(args.date) }, take: 1 }) }),
    resolve: (user) => user.cardioLoads[0] ?? null,
  }),
}));
