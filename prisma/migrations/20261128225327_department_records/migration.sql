-- CreateEnum
CREATE TYPE "tekun_support_mode" AS ENUM ('CENTRALISED', 'DISPERSED');

-- CreateEnum
CREATE TYPE "department" AS ENUM ('CIVIL_AFFAIRS', 'EDUCATION', 'HOUSING', 'HEALTHCARE_SECURITY', 'HUMAN_RESOURCES', 'DISABLED_PERSONS_FEDERATION', 'CHARITY');

-- CreateEnum
CREATE TYPE "program" AS ENUM ('DIBAO', 'TEKUN', 'TEMPORARY', 'PRICE_SUBSIDY', 'ORPHAN_GUARANTEE', 'EDU_FEE_WAIVER', 'EDU_GRANT', 'EDU_WORK_STUDY', 'EDU_HOME_TEACHING', 'PUBLIC_RENTAL', 'RENTAL_SUBSIDY', 'RURAL_HOUSING_RENOVATION', 'MEDICAL_PREMIUM_SUBSIDY', 'MEDICAL_ASSISTANCE', 'PUBLIC_WELFARE_JOB', 'EMPLOYMENT_TRAINING', 'EMPLOYMENT_SUBSIDY', 'DISABILITY_LIVING_SUBSIDY', 'DISABILITY_NURSING_SUBSIDY', 'REHABILITATION', 'ASSISTIVE_DEVICE', 'CHARITY_GRANT');

-- CreateEnum
CREATE TYPE "frequency" AS ENUM ('ONE_OFF', 'MONTHLY', 'QUARTERLY', 'PER_TERM', 'ANNUAL');

-- CreateEnum
CREATE TYPE "record_status" AS ENUM ('ACTIVE', 'SUSPENDED', 'ENDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "need_category" AS ENUM ('LIVING', 'MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISABILITY_CARE', 'EMERGENCY');

-- CreateTable
CREATE TABLE "charity_program" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organization" TEXT NOT NULL,
    "need_category" "need_category" NOT NULL,
    "region_codes" TEXT[],
    "budget" DECIMAL(14,2) NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "sender" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "charity_program_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "charity_grant_detail" (
    "record_id" INTEGER NOT NULL,
    "purpose" TEXT,

    CONSTRAINT "charity_grant_detail_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "civil_affairs_record_detail" (
    "record_id" INTEGER NOT NULL,
    "dibao_grade" SMALLINT,
    "assessed_income_per_capita" DECIMAL(12,2),
    "support_mode" "tekun_support_mode",
    "reason" TEXT,

    CONSTRAINT "civil_affairs_record_detail_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "disability_record_detail" (
    "record_id" INTEGER NOT NULL,
    "disability_grade" SMALLINT,
    "disability_type" "disability_type",
    "device_name" TEXT,

    CONSTRAINT "disability_record_detail_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "education_record_detail" (
    "record_id" INTEGER NOT NULL,
    "school_term" TEXT,
    "school_name" TEXT,
    "school_stage" "school_stage",

    CONSTRAINT "education_record_detail_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "healthcare_record_detail" (
    "record_id" INTEGER NOT NULL,
    "hospital_name" TEXT,
    "bill_total" DECIMAL(12,2),
    "insurance_paid" DECIMAL(12,2),
    "admission_date" DATE,
    "discharge_date" DATE,

    CONSTRAINT "healthcare_record_detail_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "housing_record_detail" (
    "record_id" INTEGER NOT NULL,
    "property_ref" TEXT,
    "floor_area_sqm" DECIMAL(8,2),

    CONSTRAINT "housing_record_detail_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "human_resources_record_detail" (
    "record_id" INTEGER NOT NULL,
    "employer" TEXT,
    "position" TEXT,
    "training_course" TEXT,
    "hours_per_month" SMALLINT,

    CONSTRAINT "human_resources_record_detail_pkey" PRIMARY KEY ("record_id")
);

-- CreateTable
CREATE TABLE "assistance_record" (
    "id" SERIAL NOT NULL,
    "department" "department" NOT NULL,
    "source_record_id" TEXT NOT NULL,
    "program" "program" NOT NULL,
    "beneficiary_key" CHAR(64) NOT NULL,
    "household_source_id" TEXT,
    "region_code" CHAR(6) NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "frequency" "frequency" NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "status" "record_status" NOT NULL,
    "need_category" "need_category" NOT NULL,
    "event_ref" TEXT,
    "expense_basis" DECIMAL(12,2),
    "charity_program_code" TEXT,
    "sender" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assistance_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "expense" (
    "id" SERIAL NOT NULL,
    "department" "department" NOT NULL,
    "source_id" TEXT NOT NULL,
    "person_key" CHAR(64) NOT NULL,
    "category" "need_category" NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "date" DATE NOT NULL,
    "sender" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "expense_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "charity_program_organization_idx" ON "charity_program"("organization");

-- CreateIndex
CREATE INDEX "assistance_record_beneficiary_key_idx" ON "assistance_record"("beneficiary_key");

-- CreateIndex
CREATE INDEX "assistance_record_household_source_id_idx" ON "assistance_record"("household_source_id");

-- CreateIndex
CREATE INDEX "assistance_record_region_code_idx" ON "assistance_record"("region_code");

-- CreateIndex
CREATE INDEX "assistance_record_program_start_date_idx" ON "assistance_record"("program", "start_date");

-- CreateIndex
CREATE UNIQUE INDEX "assistance_record_department_source_record_id_key" ON "assistance_record"("department", "source_record_id");

-- CreateIndex
CREATE INDEX "expense_person_key_date_idx" ON "expense"("person_key", "date");

-- CreateIndex
CREATE UNIQUE INDEX "expense_department_source_id_key" ON "expense"("department", "source_id");

-- AddForeignKey
ALTER TABLE "charity_grant_detail" ADD CONSTRAINT "charity_grant_detail_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "assistance_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "civil_affairs_record_detail" ADD CONSTRAINT "civil_affairs_record_detail_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "assistance_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disability_record_detail" ADD CONSTRAINT "disability_record_detail_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "assistance_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "education_record_detail" ADD CONSTRAINT "education_record_detail_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "assistance_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "healthcare_record_detail" ADD CONSTRAINT "healthcare_record_detail_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "assistance_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "housing_record_detail" ADD CONSTRAINT "housing_record_detail_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "assistance_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "human_resources_record_detail" ADD CONSTRAINT "human_resources_record_detail_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "assistance_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistance_record" ADD CONSTRAINT "assistance_record_beneficiary_key_fkey" FOREIGN KEY ("beneficiary_key") REFERENCES "person"("person_key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistance_record" ADD CONSTRAINT "assistance_record_household_source_id_fkey" FOREIGN KEY ("household_source_id") REFERENCES "household"("source_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistance_record" ADD CONSTRAINT "assistance_record_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistance_record" ADD CONSTRAINT "assistance_record_charity_program_code_fkey" FOREIGN KEY ("charity_program_code") REFERENCES "charity_program"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "expense" ADD CONSTRAINT "expense_person_key_fkey" FOREIGN KEY ("person_key") REFERENCES "person"("person_key") ON DELETE RESTRICT ON UPDATE CASCADE;
