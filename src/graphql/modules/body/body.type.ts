// Body data types: Relay nodes (health.node.ts: only requested columns are read, so dense JSON
// series cost nothing unless asked for) and their fields under `User`.
import { builder } from '../../builder.js';
import { healthNode, userRecordFields } from '../health/health.node.js';
import { selectedFieldNames } from '../health/health.selection.js';
import { latestOfUser } from '../health/health.rows.js';
import { UserRef } from '../user/user.type.js';

export const PhysicalInfo = healthNode('PhysicalInfo', {
  fields: {
    recordedAt: 'DateTime',
    date: 'Date',
    weight: 'Float?',
    height: 'Float?',
    birthday: 'Date?',
    gender: 'String?',
    maximumHeartRate: 'Int?',
    restingHeartRate: 'Int?',
    aerobicThreshold: 'Int?',
    anaerobicThreshold: 'Int?',
    vo2Max: 'Int?',
    weightSource: 'String?',
    trainingBackground: 'String?',
    typicalDay: 'String?',
    sleepGoal: 'String?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const PhysicalInfoRef = PhysicalInfo.ref;

builder.prismaObjectFields(UserRef, (t) => ({
  physicalInfo: t.field({
    type: PhysicalInfoRef,
    nullable: true,
    description: 'The physical information in effect on `asOf` (default: the latest version), or null.',
    args: { asOf: t.arg({ type: 'Date', description: 'Local date; the latest version recorded on or before it.' }) },
    resolve: (user, args, ctx, info) => latestOfUser(ctx, PhysicalInfo, selectedFieldNames(info, 'PhysicalInfo'), 'recordedAt', user.id, args.asOf ?? null),
  }),
}));
userRecordFields(PhysicalInfo, { connection: { field: 'physicalInfos', name: 'UserPhysicalInfosConnection', edge: 'UserPhysicalInfosEdge' } });
