-- AlterTable
ALTER TABLE "User" ADD COLUMN     "dataVersion" INTEGER NOT NULL DEFAULT 0;
