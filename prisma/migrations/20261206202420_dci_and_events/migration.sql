-- CreateEnum
CREATE TYPE "event_kind" AS ENUM ('DEATH', 'ENROLLMENT_STATUS_CHANGE', 'FINDING', 'REFERRAL');

-- CreateEnum
CREATE TYPE "event_format" AS ENUM ('DCI', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "delivery_status" AS ENUM ('PENDING', 'DELIVERED', 'DEAD');

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
CREATE TABLE "hub_event" (
    "id" BIGSERIAL NOT NULL,
    "kind" "event_kind" NOT NULL,
    "subject" TEXT NOT NULL,
    "person_key" CHAR(64),
    "household_source_id" TEXT,
    "region_codes" TEXT[],
    "departments" "department"[],
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),

    CONSTRAINT "hub_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_subscription" (
    "code" TEXT NOT NULL,
    "kind" "event_kind" NOT NULL,
    "format" "event_format" NOT NULL,
    "caller_sub" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "department" "department",
    "regions" TEXT[],
    "org" TEXT,
    "purpose" TEXT,
    "filter" JSONB,
    "notify_uri" TEXT NOT NULL,
    "sender_id" TEXT,
    "registry" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "event_subscription_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "event_delivery" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "subscription_code" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "status" "delivery_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "queued" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "event_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dci_transaction_caller_sub_transaction_id_idx" ON "dci_transaction"("caller_sub", "transaction_id");

-- CreateIndex
CREATE INDEX "hub_event_dispatched_at_id_idx" ON "hub_event"("dispatched_at", "id");

-- CreateIndex
CREATE INDEX "event_subscription_kind_active_idx" ON "event_subscription"("kind", "active");

-- CreateIndex
CREATE INDEX "event_subscription_caller_sub_idx" ON "event_subscription"("caller_sub");

-- CreateIndex
CREATE UNIQUE INDEX "event_delivery_idempotency_key_key" ON "event_delivery"("idempotency_key");

-- CreateIndex
CREATE INDEX "event_delivery_subscription_code_status_idx" ON "event_delivery"("subscription_code", "status");

-- CreateIndex
CREATE INDEX "event_delivery_queued_idx" ON "event_delivery"("queued");

-- CreateIndex
CREATE UNIQUE INDEX "event_delivery_event_id_subscription_code_key" ON "event_delivery"("event_id", "subscription_code");

-- AddForeignKey
ALTER TABLE "event_delivery" ADD CONSTRAINT "event_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "hub_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_delivery" ADD CONSTRAINT "event_delivery_subscription_code_fkey" FOREIGN KEY ("subscription_code") REFERENCES "event_subscription"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The outbox is written by triggers, in the transaction of the change that
-- causes each event: an event exists exactly when its cause was committed,
-- whichever path wrote it (an import, a GraphQL batch, detection, a referral
-- mutation). Statement-level where the cause is written in bulk.

-- A record started or changed status; a person's death registered (from the
-- history every accepted change already writes, change_event).
CREATE FUNCTION hub_events_from_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hub_event (kind, subject, person_key, household_source_id, region_codes, departments, payload)
  SELECT 'ENROLLMENT_STATUS_CHANGE', c.entity_key, c.current->>'beneficiaryKey', c.current->>'householdSourceId',
         ARRAY[c.current->>'regionCode'], ARRAY[split_part(c.entity_key, ':', 1)]::department[],
         jsonb_build_object('recordId', c.entity_key, 'program', c.current->>'program',
                            'fromStatus', c.previous->>'status', 'toStatus', c.current->>'status',
                            'startDate', c.current->>'startDate', 'endDate', c.current->>'endDate')
    FROM new_changes c
   WHERE c.entity_type = 'record'
     AND (c.previous IS NULL OR c.previous->>'status' IS DISTINCT FROM c.current->>'status')
   ORDER BY c.id;
  INSERT INTO hub_event (kind, subject, person_key, region_codes, departments, payload)
  SELECT 'DEATH', c.entity_key, c.entity_key,
         ARRAY(SELECT DISTINCT code FROM unnest(ARRAY[c.current->>'residenceRegionCode', c.current->>'hukouRegionCode']
                 || ARRAY(SELECT h.region_code::text FROM household_member m JOIN household h ON h.source_id = m.household_source_id
                           WHERE m.person_key = c.entity_key)) AS code WHERE code IS NOT NULL),
         '{}', jsonb_build_object('deathDate', c.current->>'deathDate')
    FROM new_changes c
   WHERE c.entity_type = 'person' AND c.current->>'deathDate' IS NOT NULL
     AND (c.previous IS NULL OR c.previous->>'deathDate' IS NULL)
   ORDER BY c.id;
  RETURN NULL;
END $$;

CREATE TRIGGER change_event_to_hub_event AFTER INSERT ON change_event
  REFERENCING NEW TABLE AS new_changes FOR EACH STATEMENT EXECUTE FUNCTION hub_events_from_changes();

-- A new finding (a finding found again is not new).
CREATE FUNCTION hub_events_from_findings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hub_event (kind, subject, person_key, household_source_id, region_codes, departments, payload)
  SELECT 'FINDING', f.finding_key, f.person_key, f.household_source_id, f.region_codes, f.departments,
         jsonb_build_object('findingId', f.id, 'rule', f.rule, 'findingKind', f.kind, 'asOf', f.as_of)
    FROM new_findings f ORDER BY f.id;
  RETURN NULL;
END $$;

CREATE TRIGGER finding_to_hub_event AFTER INSERT ON finding
  REFERENCING NEW TABLE AS new_findings FOR EACH STATEMENT EXECUTE FUNCTION hub_events_from_findings();

-- A referral sent to a department: opened, or forwarded to another.
CREATE FUNCTION hub_events_from_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hub_event (kind, subject, person_key, household_source_id, region_codes, departments, payload)
  SELECT 'REFERRAL', r.id::text, r.person_key, r.household_source_id, ARRAY[r.region_code::text], ARRAY[NEW.to_department],
         jsonb_build_object('referralId', r.id, 'action', NEW.action, 'program', r.program, 'findingId', r.finding_id)
    FROM referral r WHERE r.id = NEW.referral_id;
  RETURN NULL;
END $$;

CREATE TRIGGER referral_event_to_hub_event AFTER INSERT ON referral_event
  FOR EACH ROW WHEN (NEW.action IN ('OPENED', 'FORWARDED')) EXECUTE FUNCTION hub_events_from_referrals();
