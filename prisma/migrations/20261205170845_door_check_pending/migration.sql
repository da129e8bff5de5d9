-- CreateTable
CREATE TABLE "door_check_pending" (
    "record_key" TEXT NOT NULL,
    "stored_by" TEXT NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "door_check_pending_pkey" PRIMARY KEY ("record_key")
);
