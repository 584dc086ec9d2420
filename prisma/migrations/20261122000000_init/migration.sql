-- CreateEnum
CREATE TYPE "PolarConnectionStatus" AS ENUM ('ACTIVE', 'NEEDS_REAUTHORIZATION', 'NEEDS_CONSENT', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('INITIAL', 'SCHEDULE', 'WEBHOOK', 'MANUAL', 'CLI');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolarConnection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "polarUserId" BIGINT NOT NULL,
    "memberId" TEXT NOT NULL,
    "encryptedToken" TEXT,
    "tokenExpiresAt" TIMESTAMPTZ(3),
    "status" "PolarConnectionStatus" NOT NULL DEFAULT 'ACTIVE',
    "statusReason" TEXT,
    "registeredAt" TIMESTAMPTZ(3),
    "polarProfile" JSONB,
    "connectedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disconnectedAt" TIMESTAMPTZ(3),
    "nextScheduledSyncAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolarConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "state" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "redirectUri" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "status" "SyncStatus" NOT NULL DEFAULT 'QUEUED',
    "requestedTypes" TEXT[] NOT NULL,
    "rangeFrom" DATE,
    "rangeTo" DATE,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "apiCalls" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "durationMs" INTEGER,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncWatermark" (
    "userId" UUID NOT NULL,
    "dataType" TEXT NOT NULL,
    "lastDate" DATE,
    "lastSyncedAt" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "cursor" JSONB,

    CONSTRAINT "SyncWatermark_pkey" PRIMARY KEY ("userId", "dataType")
);

-- CreateTable
CREATE TABLE "RejectedRecord" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "syncRunId" UUID,
    "dataType" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RejectedRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dedupeKey" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "polarUserId" BIGINT,
    "entityId" TEXT,
    "date" DATE,
    "rangeFrom" DATE,
    "rangeTo" DATE,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),
    "syncRunId" UUID,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sleep" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "sleepStartTime" TIMESTAMPTZ(3) NOT NULL,
    "sleepStartOffsetMinutes" INTEGER NOT NULL,
    "sleepEndTime" TIMESTAMPTZ(3) NOT NULL,
    "sleepEndOffsetMinutes" INTEGER NOT NULL,
    "deviceId" TEXT,
    "continuity" DOUBLE PRECISION,
    "continuityClass" INTEGER,
    "lightSleep" INTEGER,
    "deepSleep" INTEGER,
    "remSleep" INTEGER,
    "unrecognizedSleepStage" INTEGER,
    "sleepScore" INTEGER,
    "totalInterruptionDuration" INTEGER,
    "sleepCharge" INTEGER,
    "sleepGoal" INTEGER,
    "sleepRating" INTEGER,
    "shortInterruptionDuration" INTEGER,
    "longInterruptionDuration" INTEGER,
    "sleepCycles" INTEGER,
    "groupDurationScore" DOUBLE PRECISION,
    "groupSolidityScore" DOUBLE PRECISION,
    "groupRegenerationScore" DOUBLE PRECISION,
    "hypnogram" JSONB,
    "heartRateSamples" JSONB,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sleep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NightlyRecharge" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "heartRateAvg" INTEGER,
    "beatToBeatAvg" INTEGER,
    "heartRateVariabilityAvg" INTEGER,
    "breathingRateAvg" DOUBLE PRECISION,
    "nightlyRechargeStatus" INTEGER,
    "ansCharge" DOUBLE PRECISION,
    "ansChargeStatus" INTEGER,
    "hrvSamples" JSONB,
    "breathingSamples" JSONB,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NightlyRecharge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyActivity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "startTime" TEXT,
    "endTime" TEXT,
    "activeDurationSeconds" INTEGER,
    "inactiveDurationSeconds" INTEGER,
    "dailyActivity" DOUBLE PRECISION,
    "calories" INTEGER,
    "activeCalories" INTEGER,
    "steps" INTEGER,
    "inactivityAlertCount" INTEGER,
    "distanceFromSteps" DOUBLE PRECISION,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DailyActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivitySamples" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "stepsIntervalMs" INTEGER,
    "totalSteps" INTEGER,
    "stepSamples" JSONB,
    "activityZones" JSONB,
    "inactivityStamps" JSONB,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivitySamples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exercise" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "polarExerciseId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "startTime" TIMESTAMPTZ(3) NOT NULL,
    "startTimeUtcOffset" INTEGER NOT NULL,
    "uploadTime" TIMESTAMPTZ(3),
    "device" TEXT,
    "deviceId" TEXT,
    "durationSeconds" DOUBLE PRECISION,
    "calories" INTEGER,
    "distance" DOUBLE PRECISION,
    "heartRateAverage" INTEGER,
    "heartRateMaximum" INTEGER,
    "trainingLoad" DOUBLE PRECISION,
    "sport" TEXT,
    "detailedSportInfo" TEXT,
    "hasRoute" BOOLEAN,
    "clubId" BIGINT,
    "clubName" TEXT,
    "fatPercentage" INTEGER,
    "carbohydratePercentage" INTEGER,
    "proteinPercentage" INTEGER,
    "runningIndex" INTEGER,
    "heartRateZones" JSONB,
    "tlpCardioLoad" DOUBLE PRECISION,
    "tlpMuscleLoad" DOUBLE PRECISION,
    "tlpPerceivedLoad" DOUBLE PRECISION,
    "tlpCardioLoadInterpretation" TEXT,
    "tlpMuscleLoadInterpretation" TEXT,
    "tlpPerceivedLoadInterpretation" TEXT,
    "tlpUserRpe" TEXT,
    "detailsFetchedAt" TIMESTAMPTZ(3),
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exercise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExerciseSamples" (
    "exerciseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "samples" JSONB,
    "route" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExerciseSamples_pkey" PRIMARY KEY ("exerciseId")
);

-- CreateTable
CREATE TABLE "CardioLoad" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "cardioLoadStatus" TEXT,
    "cardioLoad" DOUBLE PRECISION,
    "strain" DOUBLE PRECISION,
    "tolerance" DOUBLE PRECISION,
    "cardioLoadRatio" DOUBLE PRECISION,
    "levelVeryLow" DOUBLE PRECISION,
    "levelLow" DOUBLE PRECISION,
    "levelMedium" DOUBLE PRECISION,
    "levelHigh" DOUBLE PRECISION,
    "levelVeryHigh" DOUBLE PRECISION,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CardioLoad_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContinuousHeartRate" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "sampleCount" INTEGER NOT NULL,
    "minHeartRate" INTEGER,
    "maxHeartRate" INTEGER,
    "avgHeartRate" DOUBLE PRECISION,
    "samples" JSONB NOT NULL,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContinuousHeartRate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SleepWiseAlertness" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "periodStartTime" TIMESTAMPTZ(3) NOT NULL,
    "periodEndTime" TIMESTAMPTZ(3),
    "resultType" TEXT NOT NULL,
    "grade" DOUBLE PRECISION,
    "gradeValiditySeconds" INTEGER,
    "gradeType" TEXT,
    "gradeClassification" TEXT,
    "validity" TEXT,
    "sleepInertia" TEXT,
    "sleepType" TEXT,
    "sleepPeriodStartTime" TIMESTAMPTZ(3),
    "sleepPeriodEndTime" TIMESTAMPTZ(3),
    "sleepTimezoneOffsetMinutes" INTEGER,
    "hourlyData" JSONB,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SleepWiseAlertness_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SleepWiseBedtime" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "periodStartTime" TIMESTAMPTZ(3) NOT NULL,
    "periodEndTime" TIMESTAMPTZ(3),
    "resultType" TEXT NOT NULL,
    "validity" TEXT,
    "quality" TEXT,
    "preferredSleepPeriodStartTime" TIMESTAMPTZ(3),
    "preferredSleepPeriodEndTime" TIMESTAMPTZ(3),
    "sleepGateStartTime" TIMESTAMPTZ(3),
    "sleepGateEndTime" TIMESTAMPTZ(3),
    "sleepTimezoneOffsetMinutes" INTEGER,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SleepWiseBedtime_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BodyTemperature" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "startTime" TIMESTAMPTZ(3) NOT NULL,
    "endTime" TIMESTAMPTZ(3),
    "modifiedTime" TIMESTAMPTZ(3),
    "measurementType" TEXT NOT NULL,
    "sensorLocation" TEXT,
    "sourceDeviceId" TEXT,
    "sampleCount" INTEGER NOT NULL,
    "samples" JSONB NOT NULL,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BodyTemperature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SkinTemperature" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "sleepTimeSkinTemperatureCelsius" DOUBLE PRECISION,
    "deviationFromBaselineCelsius" DOUBLE PRECISION,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SkinTemperature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SkinContact" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "startTime" TIMESTAMPTZ(3) NOT NULL,
    "endTime" TIMESTAMPTZ(3),
    "modifiedTime" TIMESTAMPTZ(3),
    "sourceDeviceId" TEXT,
    "changes" JSONB NOT NULL,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SkinContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EcgTest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "testTime" TIMESTAMPTZ(3) NOT NULL,
    "timeZoneOffset" INTEGER,
    "sourceDeviceId" TEXT,
    "averageHeartRateBpm" INTEGER,
    "heartRateVariabilityMs" DOUBLE PRECISION,
    "heartRateVariabilityLevel" TEXT,
    "rriMs" DOUBLE PRECISION,
    "pulseTransitTimeSystolicMs" DOUBLE PRECISION,
    "pulseTransitTimeDiastolicMs" DOUBLE PRECISION,
    "pulseTransitTimeQualityIndex" DOUBLE PRECISION,
    "samples" JSONB,
    "qualityMeasurements" JSONB,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EcgTest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Spo2Test" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "testTime" TIMESTAMPTZ(3) NOT NULL,
    "timeZoneOffset" INTEGER,
    "sourceDeviceId" TEXT,
    "testStatus" TEXT,
    "bloodOxygenPercent" INTEGER,
    "spo2Class" TEXT,
    "spo2ValueDeviationFromBaseline" TEXT,
    "spo2QualityAveragePercent" DOUBLE PRECISION,
    "averageHeartRateBpm" INTEGER,
    "heartRateVariabilityMs" DOUBLE PRECISION,
    "spo2HrvDeviationFromBaseline" TEXT,
    "altitudeMeters" DOUBLE PRECISION,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Spo2Test_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhysicalInfo" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,
    "date" DATE NOT NULL,
    "weight" DOUBLE PRECISION,
    "height" DOUBLE PRECISION,
    "birthday" DATE,
    "gender" TEXT,
    "maximumHeartRate" INTEGER,
    "restingHeartRate" INTEGER,
    "aerobicThreshold" INTEGER,
    "anaerobicThreshold" INTEGER,
    "vo2Max" INTEGER,
    "weightSource" TEXT,
    "trainingBackground" TEXT,
    "typicalDay" TEXT,
    "sleepGoal" TEXT,
    "raw" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhysicalInfo_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "PolarConnection_status_nextScheduledSyncAt_idx" ON "PolarConnection"("status", "nextScheduledSyncAt");

-- CreateIndex
CREATE UNIQUE INDEX "PolarConnection_userId_key" ON "PolarConnection"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PolarConnection_polarUserId_key" ON "PolarConnection"("polarUserId");

-- CreateIndex
CREATE UNIQUE INDEX "PolarConnection_memberId_key" ON "PolarConnection"("memberId");

-- CreateIndex
CREATE INDEX "OAuthState_userId_idx" ON "OAuthState"("userId");

-- CreateIndex
CREATE INDEX "ApiKey_userId_idx" ON "ApiKey"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "SyncRun_userId_queuedAt_idx" ON "SyncRun"("userId", "queuedAt");

-- CreateIndex
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");

-- CreateIndex
CREATE INDEX "RejectedRecord_userId_receivedAt_idx" ON "RejectedRecord"("userId", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_polarUserId_receivedAt_idx" ON "WebhookEvent"("polarUserId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_dedupeKey_key" ON "WebhookEvent"("dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Sleep_userId_date_key" ON "Sleep"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "NightlyRecharge_userId_date_key" ON "NightlyRecharge"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "DailyActivity_userId_date_key" ON "DailyActivity"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "ActivitySamples_userId_date_key" ON "ActivitySamples"("userId", "date");

-- CreateIndex
CREATE INDEX "Exercise_userId_date_idx" ON "Exercise"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Exercise_userId_polarExerciseId_key" ON "Exercise"("userId", "polarExerciseId");

-- CreateIndex
CREATE INDEX "ExerciseSamples_userId_idx" ON "ExerciseSamples"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CardioLoad_userId_date_key" ON "CardioLoad"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "ContinuousHeartRate_userId_date_key" ON "ContinuousHeartRate"("userId", "date");

-- CreateIndex
CREATE INDEX "SleepWiseAlertness_userId_date_idx" ON "SleepWiseAlertness"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "SleepWiseAlertness_userId_periodStartTime_resultType_key" ON "SleepWiseAlertness"("userId", "periodStartTime", "resultType");

-- CreateIndex
CREATE INDEX "SleepWiseBedtime_userId_date_idx" ON "SleepWiseBedtime"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "SleepWiseBedtime_userId_periodStartTime_resultType_key" ON "SleepWiseBedtime"("userId", "periodStartTime", "resultType");

-- CreateIndex
CREATE INDEX "BodyTemperature_userId_date_idx" ON "BodyTemperature"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "BodyTemperature_userId_startTime_measurementType_key" ON "BodyTemperature"("userId", "startTime", "measurementType");

-- CreateIndex
CREATE UNIQUE INDEX "SkinTemperature_userId_date_key" ON "SkinTemperature"("userId", "date");

-- CreateIndex
CREATE INDEX "SkinContact_userId_date_idx" ON "SkinContact"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "SkinContact_userId_startTime_key" ON "SkinContact"("userId", "startTime");

-- CreateIndex
CREATE INDEX "EcgTest_userId_date_idx" ON "EcgTest"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "EcgTest_userId_testTime_key" ON "EcgTest"("userId", "testTime");

-- CreateIndex
CREATE INDEX "Spo2Test_userId_date_idx" ON "Spo2Test"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Spo2Test_userId_testTime_key" ON "Spo2Test"("userId", "testTime");

-- CreateIndex
CREATE INDEX "PhysicalInfo_userId_date_idx" ON "PhysicalInfo"("userId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "PhysicalInfo_userId_recordedAt_key" ON "PhysicalInfo"("userId", "recordedAt");

-- AddForeignKey
ALTER TABLE "PolarConnection" ADD CONSTRAINT "PolarConnection_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthState" ADD CONSTRAINT "OAuthState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncWatermark" ADD CONSTRAINT "SyncWatermark_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RejectedRecord" ADD CONSTRAINT "RejectedRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RejectedRecord" ADD CONSTRAINT "RejectedRecord_syncRunId_fkey" FOREIGN KEY ("syncRunId") REFERENCES "SyncRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sleep" ADD CONSTRAINT "Sleep_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NightlyRecharge" ADD CONSTRAINT "NightlyRecharge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyActivity" ADD CONSTRAINT "DailyActivity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivitySamples" ADD CONSTRAINT "ActivitySamples_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exercise" ADD CONSTRAINT "Exercise_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExerciseSamples" ADD CONSTRAINT "ExerciseSamples_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardioLoad" ADD CONSTRAINT "CardioLoad_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContinuousHeartRate" ADD CONSTRAINT "ContinuousHeartRate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SleepWiseAlertness" ADD CONSTRAINT "SleepWiseAlertness_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SleepWiseBedtime" ADD CONSTRAINT "SleepWiseBedtime_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BodyTemperature" ADD CONSTRAINT "BodyTemperature_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SkinTemperature" ADD CONSTRAINT "SkinTemperature_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SkinContact" ADD CONSTRAINT "SkinContact_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EcgTest" ADD CONSTRAINT "EcgTest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Spo2Test" ADD CONSTRAINT "Spo2Test_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhysicalInfo" ADD CONSTRAINT "PhysicalInfo_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
