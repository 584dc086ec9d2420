// One transform per AccessLink data type (pure: payload ⇄ row). See common.ts.
export * from './common.js';
export { sleepTransform } from './sleep.js';
export { nightlyRechargeTransform } from './nightly-recharge.js';
export { dailyActivityTransform } from './activity.js';
export { activitySamplesTransform } from './activity-samples.js';
export { exerciseTransform, exerciseSamplesTable, exerciseSamplesOf, exerciseFullPayload, hasExerciseDetails } from './exercise.js';
export { cardioLoadTransform } from './cardio-load.js';
export { continuousHeartRateTransform } from './continuous-heart-rate.js';
export { sleepWiseAlertnessTransform, sleepWiseDate } from './sleepwise-alertness.js';
export { sleepWiseBedtimeTransform } from './sleepwise-bedtime.js';
export { bodyTemperatureTransform } from './body-temperature.js';
export { skinTemperatureTransform } from './skin-temperature.js';
export { skinContactsTransform } from './skin-contacts.js';
export { ecgTransform, epochInstant } from './ecg.js';
export { spo2Transform } from './spo2.js';
export { physicalInfoTransform } from './physical-info.js';
