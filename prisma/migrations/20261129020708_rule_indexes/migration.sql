-- DropIndex
DROP INDEX "assistance_record_beneficiary_key_idx";

-- CreateIndex
CREATE INDEX "assistance_record_beneficiary_key_program_idx" ON "assistance_record"("beneficiary_key", "program");

-- CreateIndex
CREATE INDEX "assistance_record_event_ref_idx" ON "assistance_record"("event_ref");
