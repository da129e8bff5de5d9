-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_prev_hash_key" ON "audit_entry"("prev_hash");
