-- AlterTable
ALTER TABLE "event_subscription" ADD COLUMN     "expires_at" TIMESTAMPTZ(3);
