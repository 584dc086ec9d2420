// HeartRate data types: Relay nodes (health.node.ts: only requested columns
// are read, so dense JSON series cost nothing unless asked for) and their fields under `User`.
import { healthNode, userRecordFields } from '../health/health.node.js';

export const ContinuousHeartRate = healthNode('ContinuousHeartRate', {
  fields: {
    date: 'Date',
    sampleCount: 'Int',
    minHeartRate: 'Int?',
    maxHeartRate: 'Int?',
    avgHeartRate: 'Float?',
    samples: 'JSON',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const ContinuousHeartRateRef = ContinuousHeartRate.ref;

userRecordFields(ContinuousHeartRate, { connection: { field: 'continuousHeartRates', name: 'UserContinuousHeartRatesConnection', edge: 'UserContinuousHeartRatesEdge' }, ofDate: 'continuousHeartRate' });
