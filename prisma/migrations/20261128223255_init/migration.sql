-- CreateEnum
CREATE TYPE "change_action" AS ENUM ('CREATED', 'UPDATED');

-- CreateEnum
CREATE TYPE "region_level" AS ENUM ('PROVINCE', 'CITY', 'COUNTY');

-- CreateEnum
CREATE TYPE "standard_program" AS ENUM ('DIBAO', 'TEKUN');

-- CreateEnum
CREATE TYPE "area" AS ENUM ('URBAN', 'RURAL');

-- CreateEnum
CREATE TYPE "sex" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "disability_type" AS ENUM ('VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE');

-- CreateEnum
CREATE TYPE "employment_status" AS ENUM ('EMPLOYED', 'UNEMPLOYED', 'NOT_IN_LABOUR_FORCE');

-- CreateEnum
CREATE TYPE "school_stage" AS ENUM ('PRESCHOOL', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'VOCATIONAL', 'HIGHER');

-- CreateEnum
CREATE TYPE "relation" AS ENUM ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER');

-- CreateTable
CREATE TABLE "change_event" (
    "id" BIGSERIAL NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "action" "change_action" NOT NULL,
    "sender" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "previous" JSONB,
    "current" JSONB NOT NULL,

    CONSTRAINT "change_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "region" (
    "code" CHAR(6) NOT NULL,
    "name" TEXT NOT NULL,
    "level" "region_level" NOT NULL,
    "parent_code" CHAR(6),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "standard" (
    "region_code" CHAR(6) NOT NULL,
    "year" INTEGER NOT NULL,
    "program" "standard_program" NOT NULL,
    "area" "area" NOT NULL,
    "monthly_amount" DECIMAL(12,2) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "standard_pkey" PRIMARY KEY ("region_code","year","program","area")
);

-- CreateTable
CREATE TABLE "person" (
    "person_key" CHAR(64) NOT NULL,
    "masked_id_number" CHAR(18) NOT NULL,
    "birth_date" DATE NOT NULL,
    "sex" "sex" NOT NULL,
    "name" TEXT,
    "hukou_region_code" CHAR(6),
    "residence_region_code" CHAR(6),
    "disability_grade" SMALLINT,
    "disability_type" "disability_type",
    "employment_status" "employment_status",
    "school_stage" "school_stage",
    "orphan" BOOLEAN,
    "death_date" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("person_key")
);

-- CreateTable
CREATE TABLE "household" (
    "source_id" TEXT NOT NULL,
    "region_code" CHAR(6) NOT NULL,
    "township" TEXT,
    "area" "area" NOT NULL,
    "monthly_income_per_capita" DECIMAL(12,2),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "household_pkey" PRIMARY KEY ("source_id")
);

-- CreateTable
CREATE TABLE "household_member" (
    "household_source_id" TEXT NOT NULL,
    "person_key" CHAR(64) NOT NULL,
    "relation" "relation" NOT NULL,
    "position" SMALLINT NOT NULL,

    CONSTRAINT "household_member_pkey" PRIMARY KEY ("household_source_id","person_key")
);

-- CreateIndex
CREATE INDEX "change_event_entity_type_entity_key_idx" ON "change_event"("entity_type", "entity_key");

-- CreateIndex
CREATE INDEX "region_parent_code_idx" ON "region"("parent_code");

-- CreateIndex
CREATE INDEX "person_residence_region_code_idx" ON "person"("residence_region_code");

-- CreateIndex
CREATE INDEX "household_region_code_idx" ON "household"("region_code");

-- CreateIndex
CREATE INDEX "household_member_person_key_idx" ON "household_member"("person_key");

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "standard" ADD CONSTRAINT "standard_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_hukou_region_code_fkey" FOREIGN KEY ("hukou_region_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_residence_region_code_fkey" FOREIGN KEY ("residence_region_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_household_source_id_fkey" FOREIGN KEY ("household_source_id") REFERENCES "household"("source_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_person_key_fkey" FOREIGN KEY ("person_key") REFERENCES "person"("person_key") ON DELETE RESTRICT ON UPDATE CASCADE;
