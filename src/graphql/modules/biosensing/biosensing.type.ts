// Biosensing data types: Relay nodes in select mode (only requested columns are read, so dense JSON
// series cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { ownedBy } from '../../context.js';
import { UserRef } from '../user/user.type.js';
import { toDbDate } from '../../dates.js';
import { dateRangeConnectionOptions } from '../health/health.args.js';

export const BodyTemperatureRef = builder.prismaNode('BodyTemperature', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    startTime: t.expose('startTime', { type: 'DateTime' }),
    endTime: t.expose('endTime', { type: 'DateTime', nullable: true }),
    modifiedTime: t.expose('modifiedTime', { type: 'DateTime', nullable: true }),
    measurementType: t.exposeString('measurementType'),
    sensorLocation: t.exposeString('sensorLocation', { nullable: true }),
    sourceDeviceId: t.exposeString('sourceDeviceId', { nullable: true }),
    sampleCount: t.exposeInt('sampleCount'),
    samples: t.expose('samples', { type: 'JSON' }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const SkinTemperatureRef = builder.prismaNode('SkinTemperature', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    sleepTimeSkinTemperatureCelsius: t.exposeFloat('sleepTimeSkinTemperatureCelsius', { nullable: true }),
    deviationFromBaselineCelsius: t.exposeFloat('deviationFromBaselineCelsius', { nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const SkinContactRef = builder.prismaNode('SkinContact', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    startTime: t.expose('startTime', { type: 'DateTime' }),
    endTime: t.expose('endTime', { type: 'DateTime', nullable: true }),
    modifiedTime: t.expose('modifiedTime', { type: 'DateTime', nullable: true }),
    sourceDeviceId: t.exposeString('sourceDeviceId', { nullable: true }),
    changes: t.expose('changes', { type: 'JSON' }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const EcgTestRef = builder.prismaNode('EcgTest', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    testTime: t.expose('testTime', { type: 'DateTime' }),
    timeZoneOffset: t.exposeInt('timeZoneOffset', { nullable: true }),
    sourceDeviceId: t.exposeString('sourceDeviceId', { nullable: true }),
    averageHeartRateBpm: t.exposeInt('averageHeartRateBpm', { nullable: true }),
    heartRateVariabilityMs: t.exposeFloat('heartRateVariabilityMs', { nullable: true }),
    heartRateVariabilityLevel: t.exposeString('heartRateVariabilityLevel', { nullable: true }),
    rriMs: t.exposeFloat('rriMs', { nullable: true }),
    pulseTransitTimeSystolicMs: t.exposeFloat('pulseTransitTimeSystolicMs', { nullable: true }),
    pulseTransitTimeDiastolicMs: t.exposeFloat('pulseTransitTimeDiastolicMs', { nullable: true }),
    pulseTransitTimeQualityIndex: t.exposeFloat('pulseTransitTimeQualityIndex', { nullable: true }),
    samples: t.expose('samples', { type: 'JSON', nullable: true }),
    qualityMeasurements: t.expose('qualityMeasurements', { type: 'JSON', nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const Spo2TestRef = builder.prismaNode('Spo2Test', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    testTime: t.expose('testTime', { type: 'DateTime' }),
    timeZoneOffset: t.exposeInt('timeZoneOffset', { nullable: true }),
    sourceDeviceId: t.exposeString('sourceDeviceId', { nullable: true }),
    testStatus: t.exposeString('testStatus', { nullable: true }),
    bloodOxygenPercent: t.exposeInt('bloodOxygenPercent', { nullable: true }),
    spo2Class: t.exposeString('spo2Class', { nullable: true }),
    spo2ValueDeviationFromBaseline: t.exposeString('spo2ValueDeviationFromBaseline', { nullable: true }),
    spo2QualityAveragePercent: t.exposeFloat('spo2QualityAveragePercent', { nullable: true }),
    averageHeartRateBpm: t.exposeInt('averageHeartRateBpm', { nullable: true }),
    heartRateVariabilityMs: t.exposeFloat('heartRateVariabilityMs', { nullable: true }),
    spo2HrvDeviationFromBaseline: t.exposeString('spo2HrvDeviationFromBaseline', { nullable: true }),
    altitudeMeters: t.exposeFloat('altitudeMeters', { nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  bodyTemperatures: t.relatedConnection(
    'bodyTemperatures',
    dateRangeConnectionOptions((options) => t.arg(options), 'BodyTemperature'),
    { name: 'UserBodyTemperaturesConnection' },
    { name: 'UserBodyTemperaturesEdge' },
  ),
  skinTemperatures: t.relatedConnection(
    'skinTemperatures',
    dateRangeConnectionOptions((options) => t.arg(options), 'SkinTemperature'),
    { name: 'UserSkinTemperaturesConnection' },
    { name: 'UserSkinTemperaturesEdge' },
  ),
  skinTemperature: t.field({
    type: SkinTemperatureRef,
    nullable: true,
    description: 'The SkinTemperature record of one local date, or null.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    select: (args, _ctx, nestedSelection) => ({ skinTemperatures: nestedSelection({ where: { date: toDbDate(args.date) }, take: 1 }) }),
    resolve: (user) => user.skinTemperatures[0] ?? null,
  }),
  skinContacts: t.relatedConnection(
    'skinContacts',
    dateRangeConnectionOptions((options) => t.arg(options), 'SkinContact'),
    { name: 'UserSkinContactsConnection' },
    { name: 'UserSkinContactsEdge' },
  ),
  ecgTests: t.relatedConnection(
    'ecgTests',
    dateRangeConnectionOptions((options) => t.arg(options), 'EcgTest'),
    { name: 'UserEcgTestsConnection' },
    { name: 'UserEcgTestsEdge' },
  ),
  spo2Tests: t.relatedConnection(
    'spo2Tests',
    dateRangeConnectionOptions((options) => t.arg(options), 'Spo2Test'),
    { name: 'UserSpo2TestsConnection' },
    { name: 'UserSpo2TestsEdge' },
  ),
}));
