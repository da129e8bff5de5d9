-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "request_id" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "department" TEXT,
    "purpose" TEXT,
    "person_key" CHAR(64),
    "household_source_id" TEXT,
    "fields" TEXT[],
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_hash_key" ON "audit_entry"("hash");

-- CreateIndex
CREATE INDEX "audit_entry_person_key_idx" ON "audit_entry"("person_key");

-- CreateIndex
CREATE INDEX "audit_entry_sub_idx" ON "audit_entry"("sub");

-- Append-only: the hub only ever inserts. Refusing UPDATE and DELETE here means
-- a tampered entry needs someone who can also disable this trigger, and the
-- hash chain still shows what they did.
CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_append_only
  BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
