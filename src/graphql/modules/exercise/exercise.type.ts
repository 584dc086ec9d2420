// Exercise data types: Relay nodes in select mode (only requested columns are read, so dense JSON
// series cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { ownedBy, prismaOf } from '../../context.js';
import { decodeIdOf } from '../../ids.js';
import { UserRef } from '../user/user.type.js';
import { dateRangeConnectionOptions } from '../health/health.args.js';

export const ExerciseRef = builder.prismaNode('Exercise', {
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (row) => ({ owner: row.userId }),
  fields: (t) => ({
    polarExerciseId: t.exposeString('polarExerciseId'),
    date: t.expose('date', { type: 'Date' }),
    startTime: t.expose('startTime', { type: 'DateTime' }),
    startTimeUtcOffset: t.exposeInt('startTimeUtcOffset'),
    uploadTime: t.expose('uploadTime', { type: 'DateTime', nullable: true }),
    device: t.exposeString('device', { nullable: true }),
    deviceId: t.exposeString('deviceId', { nullable: true }),
    durationSeconds: t.exposeFloat('durationSeconds', { nullable: true }),
    calories: t.exposeInt('calories', { nullable: true }),
    distance: t.exposeFloat('distance', { nullable: true }),
    heartRateAverage: t.exposeInt('heartRateAverage', { nullable: true }),
    heartRateMaximum: t.exposeInt('heartRateMaximum', { nullable: true }),
    trainingLoad: t.exposeFloat('trainingLoad', { nullable: true }),
    sport: t.exposeString('sport', { nullable: true }),
    detailedSportInfo: t.exposeString('detailedSportInfo', { nullable: true }),
    hasRoute: t.exposeBoolean('hasRoute', { nullable: true }),
    clubId: t.expose('clubId', { type: 'BigInt', nullable: true }),
    clubName: t.exposeString('clubName', { nullable: true }),
    fatPercentage: t.exposeInt('fatPercentage', { nullable: true }),
    carbohydratePercentage: t.exposeInt('carbohydratePercentage', { nullable: true }),
    proteinPercentage: t.exposeInt('proteinPercentage', { nullable: true }),
    runningIndex: t.exposeInt('runningIndex', { nullable: true }),
    heartRateZones: t.expose('heartRateZones', { type: 'JSON', nullable: true }),
    tlpCardioLoad: t.exposeFloat('tlpCardioLoad', { nullable: true }),
    tlpMuscleLoad: t.exposeFloat('tlpMuscleLoad', { nullable: true }),
    tlpPerceivedLoad: t.exposeFloat('tlpPerceivedLoad', { nullable: true }),
    tlpCardioLoadInterpretation: t.exposeString('tlpCardioLoadInterpretation', { nullable: true }),
    tlpMuscleLoadInterpretation: t.exposeString('tlpMuscleLoadInterpretation', { nullable: true }),
    tlpPerceivedLoadInterpretation: t.exposeString('tlpPerceivedLoadInterpretation', { nullable: true }),
    tlpUserRpe: t.exposeString('tlpUserRpe', { nullable: true }),
    detailsFetchedAt: t.expose('detailsFetchedAt', { type: 'DateTime', nullable: true }),
    raw: t.expose('raw', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    samples: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Sample series ([{recording-rate, sample-type, data}]) as Polar sends them; loaded only when requested.',
      select: { samples: { select: { samples: true } } },
      resolve: (exercise) => exercise.samples?.samples ?? null,
    }),
    route: t.field({
      type: 'JSON',
      nullable: true,
      description: 'GPS route ([{latitude, longitude, time, satellites, fix}]); loaded only when requested.',
      select: { samples: { select: { route: true } } },
      resolve: (exercise) => exercise.samples?.route ?? null,
    }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  exercise: t.prismaField({
    type: 'Exercise',
    nullable: true,
    description: 'One exercise of this user by its ID, or null.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, user, args, ctx) =>
      prismaOf(ctx).exercise.findFirst({ ...query, where: { id: decodeIdOf('Exercise', String(args.id), ['id']), userId: user.id } }),
  }),
  exerciseByPolarId: t.prismaField({
    type: 'Exercise',
    nullable: true,
    description: 'One exercise of this user by the id Polar gave it, or null.',
    args: { polarExerciseId: t.arg.string({ required: true }) },
    resolve: (query, user, args, ctx) => prismaOf(ctx).exercise.findFirst({ ...query, where: { polarExerciseId: args.polarExerciseId, userId: user.id } }),
  }),
  exercises: t.relatedConnection(
    'exercises',
    dateRangeConnectionOptions((options) => t.arg(options), 'Exercise'),
    { name: 'UserExercisesConnection' },
    { name: 'UserExercisesEdge' },
  ),
}));
