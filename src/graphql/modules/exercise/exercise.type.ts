// Exercise data types: Relay nodes (health.node.ts: only requested columns are read, so dense JSON
// series such as samples and route cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { decodeIdOf } from '../../ids.js';
import { healthNode, userRecordFields } from '../health/health.node.js';
import { rowOfUserBy } from '../health/health.rows.js';
import { selectedFieldNames } from '../health/health.selection.js';
import { UserRef } from '../user/user.type.js';

export const Exercise = healthNode('Exercise', {
  dayOrder: 't."startTime", t."id"',
  fields: {
    polarExerciseId: 'String',
    date: 'Date',
    startTime: 'DateTime',
    startTimeUtcOffset: 'Int',
    uploadTime: 'DateTime?',
    device: 'String?',
    deviceId: 'String?',
    durationSeconds: 'Float?',
    calories: 'Int?',
    distance: 'Float?',
    heartRateAverage: 'Int?',
    heartRateMaximum: 'Int?',
    trainingLoad: 'Float?',
    sport: 'String?',
    detailedSportInfo: 'String?',
    hasRoute: 'Boolean?',
    clubId: 'BigInt?',
    clubName: 'String?',
    fatPercentage: 'Int?',
    carbohydratePercentage: 'Int?',
    proteinPercentage: 'Int?',
    runningIndex: 'Int?',
    heartRateZones: 'JSON?',
    tlpCardioLoad: 'Float?',
    tlpMuscleLoad: 'Float?',
    tlpPerceivedLoad: 'Float?',
    tlpCardioLoadInterpretation: 'String?',
    tlpMuscleLoadInterpretation: 'String?',
    tlpPerceivedLoadInterpretation: 'String?',
    tlpUserRpe: 'String?',
    detailsFetchedAt: 'DateTime?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
    samples: {
      type: 'JSON?',
      description: 'Sample series ([{recording-rate, sample-type, data}]) as Polar sends them; loaded only when requested.',
      sql: '(SELECT s."samples" FROM "ExerciseSamples" s WHERE s."exerciseId" = t."id")',
    },
    route: {
      type: 'JSON?',
      description: 'GPS route ([{latitude, longitude, time, satellites, fix}]); loaded only when requested.',
      sql: '(SELECT s."route" FROM "ExerciseSamples" s WHERE s."exerciseId" = t."id")',
    },
  },
});
export const ExerciseRef = Exercise.ref;

builder.prismaObjectFields(UserRef, (t) => ({
  exercise: t.field({
    type: ExerciseRef,
    nullable: true,
    description: 'One exercise of this user by its ID, or null.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (user, args, ctx, info) =>
      rowOfUserBy(ctx, Exercise, selectedFieldNames(info, 'Exercise'), 'id', user.id, decodeIdOf('Exercise', String(args.id), ['id'])),
  }),
  exerciseByPolarId: t.field({
    type: ExerciseRef,
    nullable: true,
    description: 'One exercise of this user by the id Polar gave it, or null.',
    args: { polarExerciseId: t.arg.string({ required: true }) },
    resolve: (user, args, ctx, info) => rowOfUserBy(ctx, Exercise, selectedFieldNames(info, 'Exercise'), 'polarExerciseId', user.id, args.polarExerciseId),
  }),
}));
userRecordFields(Exercise, { connection: { field: 'exercises', name: 'UserExercisesConnection', edge: 'UserExercisesEdge' } });
