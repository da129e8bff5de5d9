-- AlterTable
ALTER TABLE "event_delivery" ADD COLUMN     "reveals_health" BOOLEAN NOT NULL DEFAULT false;
