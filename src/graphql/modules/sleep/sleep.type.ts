// Sleep data types: Relay nodes (health.node.ts: only requested columns
// are read, so dense JSON series cost nothing unless asked for) and their fields under `User`.
import { healthNode, userRecordFields } from '../health/health.node.js';

export const Sleep = healthNode('Sleep', {
  fields: {
    date: 'Date',
    sleepStartTime: 'DateTime',
    sleepStartOffsetMinutes: 'Int',
    sleepEndTime: 'DateTime',
    sleepEndOffsetMinutes: 'Int',
    deviceId: 'String?',
    continuity: 'Float?',
    continuityClass: 'Int?',
    lightSleep: 'Int?',
    deepSleep: 'Int?',
    remSleep: 'Int?',
    unrecognizedSleepStage: 'Int?',
    sleepScore: 'Int?',
    totalInterruptionDuration: 'Int?',
    sleepCharge: 'Int?',
    sleepGoal: 'Int?',
    sleepRating: 'Int?',
    shortInterruptionDuration: 'Int?',
    longInterruptionDuration: 'Int?',
    sleepCycles: 'Int?',
    groupDurationScore: 'Float?',
    groupSolidityScore: 'Float?',
    groupRegenerationScore: 'Float?',
    hypnogram: 'JSON?',
    heartRateSamples: 'JSON?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const SleepRef = Sleep.ref;

export const NightlyRecharge = healthNode('NightlyRecharge', {
  fields: {
    date: 'Date',
    heartRateAvg: 'Int?',
    beatToBeatAvg: 'Int?',
    heartRateVariabilityAvg: 'Int?',
    breathingRateAvg: 'Float?',
    nightlyRechargeStatus: 'Int?',
    ansCharge: 'Float?',
    ansChargeStatus: 'Int?',
    hrvSamples: 'JSON?',
    breathingSamples: 'JSON?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const NightlyRechargeRef = NightlyRecharge.ref;

export const SleepWiseAlertness = healthNode('SleepWiseAlertness', {
  fields: {
    date: 'Date',
    periodStartTime: 'DateTime',
    periodEndTime: 'DateTime?',
    resultType: 'String',
    grade: 'Float?',
    gradeValiditySeconds: 'Int?',
    gradeType: 'String?',
    gradeClassification: 'String?',
    validity: 'String?',
    sleepInertia: 'String?',
    sleepType: 'String?',
    sleepPeriodStartTime: 'DateTime?',
    sleepPeriodEndTime: 'DateTime?',
    sleepTimezoneOffsetMinutes: 'Int?',
    hourlyData: 'JSON?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const SleepWiseAlertnessRef = SleepWiseAlertness.ref;

export const SleepWiseBedtime = healthNode('SleepWiseBedtime', {
  fields: {
    date: 'Date',
    periodStartTime: 'DateTime',
    periodEndTime: 'DateTime?',
    resultType: 'String',
    validity: 'String?',
    quality: 'String?',
    preferredSleepPeriodStartTime: 'DateTime?',
    preferredSleepPeriodEndTime: 'DateTime?',
    sleepGateStartTime: 'DateTime?',
    sleepGateEndTime: 'DateTime?',
    sleepTimezoneOffsetMinutes: 'Int?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const SleepWiseBedtimeRef = SleepWiseBedtime.ref;

userRecordFields(Sleep, { connection: { field: 'sleeps', name: 'UserSleepsConnection', edge: 'UserSleepsEdge' }, ofDate: 'sleep' });
userRecordFields(NightlyRecharge, { connection: { field: 'nightlyRecharges', name: 'UserNightlyRechargesConnection', edge: 'UserNightlyRechargesEdge' }, ofDate: 'nightlyRecharge' });
userRecordFields(SleepWiseAlertness, { connection: { field: 'sleepWiseAlertness', name: 'UserSleepWiseAlertnessConnection', edge: 'UserSleepWiseAlertnessEdge' } });
userRecordFields(SleepWiseBedtime, { connection: { field: 'sleepWiseBedtimes', name: 'UserSleepWiseBedtimesConnection', edge: 'UserSleepWiseBedtimesEdge' } });
