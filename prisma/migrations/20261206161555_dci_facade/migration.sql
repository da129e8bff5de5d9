-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "callback_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "signing_key" JSONB;

-- CreateTable
CREATE TABLE "dci_transaction" (
    "correlation_id" TEXT NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "sender_id" TEXT NOT NULL,
    "caller_sub" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reference_ids" TEXT[],
    "outcomes" JSONB,
    "callback_uri" TEXT,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dci_transaction_pkey" PRIMARY KEY ("correlation_id")
);

-- CreateTable
CREATE TABLE "dci_subscription" (
    "code" TEXT NOT NULL,
    "caller_sub" TEXT NOT NULL,
    "sender_id" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "filter" JSONB,
    "notify_uri" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "dci_subscription_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "dci_transaction_caller_sub_transaction_id_idx" ON "dci_transaction"("caller_sub", "transaction_id");

-- CreateIndex
CREATE INDEX "dci_subscription_caller_sub_idx" ON "dci_subscription"("caller_sub");
