-- DropIndex
DROP INDEX "audit_entry_hash_key";
