// Biosensing data types: Relay nodes (health.node.ts: only requested columns
// are read, so dense JSON series cost nothing unless asked for) and their fields under `User`.
import { healthNode, userRecordFields } from '../health/health.node.js';

export const BodyTemperature = healthNode('BodyTemperature', {
  fields: {
    date: 'Date',
    startTime: 'DateTime',
    endTime: 'DateTime?',
    modifiedTime: 'DateTime?',
    measurementType: 'String',
    sensorLocation: 'String?',
    sourceDeviceId: 'String?',
    sampleCount: 'Int',
    samples: 'JSON',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const BodyTemperatureRef = BodyTemperature.ref;

export const SkinTemperature = healthNode('SkinTemperature', {
  fields: {
    date: 'Date',
    sleepTimeSkinTemperatureCelsius: 'Float?',
    deviationFromBaselineCelsius: 'Float?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const SkinTemperatureRef = SkinTemperature.ref;

export const SkinContact = healthNode('SkinContact', {
  fields: {
    date: 'Date',
    startTime: 'DateTime',
    endTime: 'DateTime?',
    modifiedTime: 'DateTime?',
    sourceDeviceId: 'String?',
    changes: 'JSON',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const SkinContactRef = SkinContact.ref;

export const EcgTest = healthNode('EcgTest', {
  fields: {
    date: 'Date',
    testTime: 'DateTime',
    timeZoneOffset: 'Int?',
    sourceDeviceId: 'String?',
    averageHeartRateBpm: 'Int?',
    heartRateVariabilityMs: 'Float?',
    heartRateVariabilityLevel: 'String?',
    rriMs: 'Float?',
    pulseTransitTimeSystolicMs: 'Float?',
    pulseTransitTimeDiastolicMs: 'Float?',
    pulseTransitTimeQualityIndex: 'Float?',
    samples: 'JSON?',
    qualityMeasurements: 'JSON?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const EcgTestRef = EcgTest.ref;

export const Spo2Test = healthNode('Spo2Test', {
  fields: {
    date: 'Date',
    testTime: 'DateTime',
    timeZoneOffset: 'Int?',
    sourceDeviceId: 'String?',
    testStatus: 'String?',
    bloodOxygenPercent: 'Int?',
    spo2Class: 'String?',
    spo2ValueDeviationFromBaseline: 'String?',
    spo2QualityAveragePercent: 'Float?',
    averageHeartRateBpm: 'Int?',
    heartRateVariabilityMs: 'Float?',
    spo2HrvDeviationFromBaseline: 'String?',
    altitudeMeters: 'Float?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const Spo2TestRef = Spo2Test.ref;

userRecordFields(BodyTemperature, { connection: { field: 'bodyTemperatures', name: 'UserBodyTemperaturesConnection', edge: 'UserBodyTemperaturesEdge' } });
userRecordFields(SkinTemperature, { connection: { field: 'skinTemperatures', name: 'UserSkinTemperaturesConnection', edge: 'UserSkinTemperaturesEdge' }, ofDate: 'skinTemperature' });
userRecordFields(SkinContact, { connection: { field: 'skinContacts', name: 'UserSkinContactsConnection', edge: 'UserSkinContactsEdge' } });
userRecordFields(EcgTest, { connection: { field: 'ecgTests', name: 'UserEcgTestsConnection', edge: 'UserEcgTestsEdge' } });
userRecordFields(Spo2Test, { connection: { field: 'spo2Tests', name: 'UserSpo2TestsConnection', edge: 'UserSpo2TestsEdge' } });
