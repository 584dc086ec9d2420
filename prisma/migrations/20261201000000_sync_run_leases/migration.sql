-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "leaseExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "leaseOwner" TEXT;

-- AlterTable
ALTER TABLE "SyncWatermark" ADD COLUMN     "lastDataAt" TIMESTAMPTZ(3);
