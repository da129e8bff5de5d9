-- AlterTable
ALTER TABLE "assistance_record" ADD COLUMN     "line_digest" CHAR(22);

-- AlterTable
ALTER TABLE "expense" ADD COLUMN     "line_digest" CHAR(22);

-- AlterTable
ALTER TABLE "household" ADD COLUMN     "line_digest" CHAR(22);

-- AlterTable
ALTER TABLE "person" ADD COLUMN     "line_digest" CHAR(22);

-- A row's line digest says "this row is what that exchange line wrote, and
-- what the line's checks read is as it was" (src/ingest/lineDigest.ts).
-- Whatever else changes the row or what those checks read clears it, so that
-- the line, sent again, goes through every check and comparison.

-- Any UPDATE of the row that does not write a new digest.
CREATE FUNCTION clear_line_digest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.line_digest := NULL;
  RETURN NEW;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['person', 'household', 'assistance_record', 'expense'] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW '
      'WHEN (OLD.line_digest IS NOT NULL AND NEW.line_digest IS NOT DISTINCT FROM OLD.line_digest) '
      'EXECUTE FUNCTION clear_line_digest()', t || '_line_digest', t);
  END LOOP;
END $$;

-- A household's members and a record's details, changed outside ingestion
-- (ingestion writes them with their row's new digest, and says so with
-- assist_hub.ingesting for its transaction; the condition is the trigger's
-- own, so that ingestion's rows call no function).
CREATE FUNCTION household_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE WHEN TG_OP = 'DELETE' THEN OLD.household_source_id ELSE NEW.household_source_id END;
BEGIN
  UPDATE "household" SET line_digest = NULL WHERE source_id = changed AND line_digest IS NOT NULL;
  -- The records that name it too (household_changed below leaves a change of the digest alone).
  UPDATE "assistance_record" SET line_digest = NULL WHERE household_source_id = changed AND line_digest IS NOT NULL;
  RETURN NULL;
END $$;

CREATE FUNCTION record_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.record_id ELSE NEW.record_id END;
BEGIN
  UPDATE "assistance_record" SET line_digest = NULL WHERE "id" = changed AND line_digest IS NOT NULL;
  RETURN NULL;
END $$;

-- Every department's detail table (a department added later adds its own table's trigger).
DO $$
DECLARE
  t text;
  parts text[][] := ARRAY[
    ['household_member', 'household_part_changed'],
    ['civil_affairs_record_detail', 'record_part_changed'],
    ['education_record_detail', 'record_part_changed'],
    ['housing_record_detail', 'record_part_changed'],
    ['healthcare_record_detail', 'record_part_changed'],
    ['human_resources_record_detail', 'record_part_changed'],
    ['disability_record_detail', 'record_part_changed'],
    ['charity_grant_detail', 'record_part_changed']];
BEGIN
  FOR i IN 1 .. array_length(parts, 1) LOOP
    t := parts[i][1];
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
      'WHEN (current_setting(''assist_hub.ingesting'', true) IS DISTINCT FROM ''on'') '
      'EXECUTE FUNCTION %I()', t || '_line_digest', t, parts[i][2]);
  END LOOP;
END $$;

-- A record's checks read its household's members (a household-level
-- program's beneficiary is the head): a household changed (more than its
-- digest, which ingestion also writes alone) clears its records'.
CREATE FUNCTION household_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "assistance_record" SET line_digest = NULL WHERE household_source_id = NEW.source_id AND line_digest IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER household_records_line_digest AFTER UPDATE ON "household"
  FOR EACH ROW WHEN ((to_jsonb(OLD) - 'line_digest') IS DISTINCT FROM (to_jsonb(NEW) - 'line_digest'))
  EXECUTE FUNCTION household_changed();

-- Every line's checks read regions' levels (a county is needed): a region's
-- level changed (rare, an administrator's act) clears every digest.
CREATE FUNCTION region_level_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "person" SET line_digest = NULL WHERE line_digest IS NOT NULL;
  UPDATE "household" SET line_digest = NULL WHERE line_digest IS NOT NULL;
  UPDATE "assistance_record" SET line_digest = NULL WHERE line_digest IS NOT NULL;
  UPDATE "expense" SET line_digest = NULL WHERE line_digest IS NOT NULL;
  RETURN NULL;
END $$;

CREATE TRIGGER region_level_line_digest AFTER UPDATE ON "region"
  FOR EACH ROW WHEN (OLD.level IS DISTINCT FROM NEW.level) EXECUTE FUNCTION region_level_changed();
