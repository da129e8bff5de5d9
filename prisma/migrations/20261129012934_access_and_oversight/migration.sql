-- CreateEnum
CREATE TYPE "finding_kind" AS ENUM ('DUPLICATE', 'GAP');

-- CreateEnum
CREATE TYPE "finding_status" AS ENUM ('OPEN', 'CONFIRMED', 'DISMISSED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "referral_status" AS ENUM ('OPEN', 'ACCEPTED', 'REJECTED', 'CLOSED');

-- CreateTable
CREATE TABLE "api_key" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "role" TEXT NOT NULL,
    "department" "department",
    "regions" TEXT[],
    "org" TEXT,
    "purpose" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "detection_run" (
    "id" SERIAL NOT NULL,
    "as_of" DATE NOT NULL,
    "rules" TEXT[],
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "found" INTEGER NOT NULL DEFAULT 0,
    "started_by" TEXT NOT NULL,

    CONSTRAINT "detection_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding" (
    "id" SERIAL NOT NULL,
    "finding_key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "kind" "finding_kind" NOT NULL,
    "person_key" CHAR(64),
    "household_source_id" TEXT,
    "region_code" CHAR(6) NOT NULL,
    "region_codes" TEXT[],
    "area" "area",
    "records" TEXT[],
    "departments" "department"[],
    "suggested_programs" "program"[],
    "overpayment" DECIMAL(14,2),
    "as_of" DATE NOT NULL,
    "first_found_as_of" DATE NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "status" "finding_status" NOT NULL DEFAULT 'OPEN',
    "review_note" TEXT,
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding_review" (
    "id" SERIAL NOT NULL,
    "finding_id" INTEGER NOT NULL,
    "from_status" "finding_status" NOT NULL,
    "to_status" "finding_status" NOT NULL,
    "note" TEXT,
    "sub" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "department" "department",
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "finding_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral" (
    "id" SERIAL NOT NULL,
    "finding_id" INTEGER,
    "person_key" CHAR(64),
    "household_source_id" TEXT,
    "region_code" CHAR(6) NOT NULL,
    "to_department" "department" NOT NULL,
    "program" "program",
    "status" "referral_status" NOT NULL DEFAULT 'OPEN',
    "note" TEXT,
    "reason" TEXT,
    "closing_record" TEXT,
    "opened_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_event" (
    "id" SERIAL NOT NULL,
    "referral_id" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "from_status" "referral_status",
    "to_status" "referral_status" NOT NULL,
    "to_department" "department",
    "note" TEXT,
    "sub" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "department" "department",
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "finding_finding_key_key" ON "finding"("finding_key");

-- CreateIndex
CREATE INDEX "finding_rule_status_idx" ON "finding"("rule", "status");

-- CreateIndex
CREATE INDEX "finding_person_key_idx" ON "finding"("person_key");

-- CreateIndex
CREATE INDEX "finding_household_source_id_idx" ON "finding"("household_source_id");

-- CreateIndex
CREATE INDEX "finding_region_code_idx" ON "finding"("region_code");

-- CreateIndex
CREATE INDEX "finding_review_finding_id_idx" ON "finding_review"("finding_id");

-- CreateIndex
CREATE INDEX "referral_to_department_status_idx" ON "referral"("to_department", "status");

-- CreateIndex
CREATE INDEX "referral_region_code_idx" ON "referral"("region_code");

-- CreateIndex
CREATE INDEX "referral_finding_id_idx" ON "referral"("finding_id");

-- CreateIndex
CREATE INDEX "referral_event_referral_id_idx" ON "referral_event"("referral_id");

-- AddForeignKey
ALTER TABLE "finding_review" ADD CONSTRAINT "finding_review_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_event" ADD CONSTRAINT "referral_event_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
