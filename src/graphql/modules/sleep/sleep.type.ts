// Sleep data types: Relay nodes in select mode (only requested columns are read, so dense JSON
// series cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { ownedBy } from '../../context.js';
import { UserRef } from '../user/user.type.js';
import { toDbDate } from '../../dates.js';
import { dateRangeConnectionOptions } from '../health/health.args.js';

export const SleepRef = builder.prismaNode('Sleep', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    sleepStartTime: t.expose('sleepStartTime', { type: 'DateTime' }),
    sleepStartOffsetMinutes: t.exposeInt('sleepStartOffsetMinutes'),
    sleepEndTime: t.expose('sleepEndTime', { type: 'DateTime' }),
    sleepEndOffsetMinutes: t.exposeInt('sleepEndOffsetMinutes'),
    deviceId: t.exposeString('deviceId', { nullable: true }),
    continuity: t.exposeFloat('continuity', { nullable: true }),
    continuityClass: t.exposeInt('continuityClass', { nullable: true }),
    lightSleep: t.exposeInt('lightSleep', { nullable: true }),
    deepSleep: t.exposeInt('deepSleep', { nullable: true }),
    remSleep: t.exposeInt('remSleep', { nullable: true }),
    unrecognizedSleepStage: t.exposeInt('unrecognizedSleepStage', { nullable: true }),
    sleepScore: t.exposeInt('sleepScore', { nullable: true }),
    totalInterruptionDuration: t.exposeInt('totalInterruptionDuration', { nullable: true }),
    sleepCharge: t.exposeInt('sleepCharge', { nullable: true }),
    sleepGoal: t.exposeInt('sleepGoal', { nullable: true }),
    sleepRating: t.exposeInt('sleepRating', { nullable: true }),
    shortInterruptionDuration: t.exposeInt('shortInterruptionDuration', { nullable: true }),
    longInterruptionDuration: t.exposeInt('longInterruptionDuration', { nullable: true }),
    sleepCycles: t.exposeInt('sleepCycles', { nullable: true }),
    groupDurationScore: t.exposeFloat('groupDurationScore', { nullable: true }),
    groupSolidityScore: t.exposeFloat('groupSolidityScore', { nullable: true }),
    groupRegenerationScore: t.exposeFloat('groupRegenerationScore', { nullable: true }),
    hypnogram: t.expose('hypnogram', { type: 'JSON', nullable: true }),
    heartRateSamples: t.expose('heartRateSamples', { type: 'JSON', nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const NightlyRechargeRef = builder.prismaNode('NightlyRecharge', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    heartRateAvg: t.exposeInt('heartRateAvg', { nullable: true }),
    beatToBeatAvg: t.exposeInt('beatToBeatAvg', { nullable: true }),
    heartRateVariabilityAvg: t.exposeInt('heartRateVariabilityAvg', { nullable: true }),
    breathingRateAvg: t.exposeFloat('breathingRateAvg', { nullable: true }),
    nightlyRechargeStatus: t.exposeInt('nightlyRechargeStatus', { nullable: true }),
    ansCharge: t.exposeFloat('ansCharge', { nullable: true }),
    ansChargeStatus: t.exposeInt('ansChargeStatus', { nullable: true }),
    hrvSamples: t.expose('hrvSamples', { type: 'JSON', nullable: true }),
    breathingSamples: t.expose('breathingSamples', { type: 'JSON', nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const SleepWiseAlertnessRef = builder.prismaNode('SleepWiseAlertness', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    periodStartTime: t.expose('periodStartTime', { type: 'DateTime' }),
    periodEndTime: t.expose('periodEndTime', { type: 'DateTime', nullable: true }),
    resultType: t.exposeString('resultType'),
    grade: t.exposeFloat('grade', { nullable: true }),
    gradeValiditySeconds: t.exposeInt('gradeValiditySeconds', { nullable: true }),
    gradeType: t.exposeString('gradeType', { nullable: true }),
    gradeClassification: t.exposeString('gradeClassification', { nullable: true }),
    validity: t.exposeString('validity', { nullable: true }),
    sleepInertia: t.exposeString('sleepInertia', { nullable: true }),
    sleepType: t.exposeString('sleepType', { nullable: true }),
    sleepPeriodStartTime: t.expose('sleepPeriodStartTime', { type: 'DateTime', nullable: true }),
    sleepPeriodEndTime: t.expose('sleepPeriodEndTime', { type: 'DateTime', nullable: true }),
    sleepTimezoneOffsetMinutes: t.exposeInt('sleepTimezoneOffsetMinutes', { nullable: true }),
    hourlyData: t.expose('hourlyData', { type: 'JSON', nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const SleepWiseBedtimeRef = builder.prismaNode('SleepWiseBedtime', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    periodStartTime: t.expose('periodStartTime', { type: 'DateTime' }),
    periodEndTime: t.expose('periodEndTime', { type: 'DateTime', nullable: true }),
    resultType: t.exposeString('resultType'),
    validity: t.exposeString('validity', { nullable: true }),
    quality: t.exposeString('quality', { nullable: true }),
    preferredSleepPeriodStartTime: t.expose('preferredSleepPeriodStartTime', { type: 'DateTime', nullable: true }),
    preferredSleepPeriodEndTime: t.expose('preferredSleepPeriodEndTime', { type: 'DateTime', nullable: true }),
    sleepGateStartTime: t.expose('sleepGateStartTime', { type: 'DateTime', nullable: true }),
    sleepGateEndTime: t.expose('sleepGateEndTime', { type: 'DateTime', nullable: true }),
    sleepTimezoneOffsetMinutes: t.exposeInt('sleepTimezoneOffsetMinutes', { nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  sleeps: t.relatedConnection(
    'sleeps',
    dateRangeConnectionOptions((options) => t.arg(options), 'Sleep'),
    { name: 'UserSleepsConnection' },
    { name: 'UserSleepsEdge' },
  ),
  sleep: t.field({
    type: SleepRef,
    nullable: true,
    description: 'The Sleep record of one local date, or null.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    select: (args, _ctx, nestedSelection) => ({ sleeps: nestedSelection({ where: { date: toDbDate(args.date) }, take: 1 }) }),
    resolve: (user) => user.sleeps[0] ?? null,
  }),
  nightlyRecharges: t.relatedConnection(
    'nightlyRecharges',
    dateRangeConnectionOptions((options) => t.arg(options), 'NightlyRecharge'),
    { name: 'UserNightlyRechargesConnection' },
    { name: 'UserNightlyRechargesEdge' },
  ),
  nightlyRecharge: t.field({
    type: NightlyRechargeRef,
    nullable: true,
    description: 'The NightlyRecharge record of one local date, or null.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    select: (args, _ctx, nestedSelection) => ({ nightlyRecharges: nestedSelection({ where: { date: toDbDate(args.date) }, take: 1 }) }),
    resolve: (user) => user.nightlyRecharges[0] ?? null,
  }),
  sleepWiseAlertness: t.relatedConnection(
    'sleepWiseAlertness',
    dateRangeConnectionOptions((options) => t.arg(options), 'SleepWiseAlertness'),
    { name: 'UserSleepWiseAlertnessConnection' },
    { name: 'UserSleepWiseAlertnessEdge' },
  ),
  sleepWiseBedtimes: t.relatedConnection(
    'sleepWiseBedtimes',
    dateRangeConnectionOptions((options) => t.arg(options), 'SleepWiseBedtime'),
    { name: 'UserSleepWiseBedtimesConnection' },
    { name: 'UserSleepWiseBedtimesEdge' },
  ),
}));
