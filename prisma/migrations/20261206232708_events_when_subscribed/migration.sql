-- An event is written only while a subscription of its kind is active (as the
-- transaction of its cause sees it): a subscription is told of what happens
-- from its making on, so an event nobody subscribes to would never be sent.
-- A province's first import creates a record event per record, and every
-- event is a row with a JSON payload the dispatcher then marks dispatched:
-- without subscribers that was work for nothing.

CREATE OR REPLACE FUNCTION hub_events_from_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hub_event (kind, subject, person_key, household_source_id, region_codes, departments, payload)
  SELECT 'ENROLLMENT_STATUS_CHANGE', c.entity_key, c.current->>'beneficiaryKey', c.current->>'householdSourceId',
         ARRAY[c.current->>'regionCode'], ARRAY[split_part(c.entity_key, ':', 1)]::department[],
         jsonb_build_object('recordId', c.entity_key, 'program', c.current->>'program',
                            'fromStatus', c.previous->>'status', 'toStatus', c.current->>'status',
                            'startDate', c.current->>'startDate', 'endDate', c.current->>'endDate')
    FROM new_changes c
   WHERE EXISTS (SELECT 1 FROM event_subscription s WHERE s.kind = 'ENROLLMENT_STATUS_CHANGE' AND s.active)
     AND c.entity_type = 'record'
     AND (c.previous IS NULL OR c.previous->>'status' IS DISTINCT FROM c.current->>'status')
   ORDER BY c.id;
  INSERT INTO hub_event (kind, subject, person_key, region_codes, departments, payload)
  SELECT 'DEATH', c.entity_key, c.entity_key,
         ARRAY(SELECT DISTINCT code FROM unnest(ARRAY[c.current->>'residenceRegionCode', c.current->>'hukouRegionCode']
                 || ARRAY(SELECT h.region_code::text FROM household_member m JOIN household h ON h.source_id = m.household_source_id
                           WHERE m.person_key = c.entity_key)) AS code WHERE code IS NOT NULL),
         '{}', jsonb_build_object('deathDate', c.current->>'deathDate')
    FROM new_changes c
   WHERE EXISTS (SELECT 1 FROM event_subscription s WHERE s.kind = 'DEATH' AND s.active)
     AND c.entity_type = 'person' AND c.current->>'deathDate' IS NOT NULL
     AND (c.previous IS NULL OR c.previous->>'deathDate' IS NULL)
   ORDER BY c.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION hub_events_from_findings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hub_event (kind, subject, person_key, household_source_id, region_codes, departments, payload)
  SELECT 'FINDING', f.finding_key, f.person_key, f.household_source_id, f.region_codes, f.departments,
         jsonb_build_object('findingId', f.id, 'rule', f.rule, 'findingKind', f.kind, 'asOf', f.as_of)
    FROM new_findings f
   WHERE EXISTS (SELECT 1 FROM event_subscription s WHERE s.kind = 'FINDING' AND s.active)
   ORDER BY f.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION hub_events_from_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO hub_event (kind, subject, person_key, household_source_id, region_codes, departments, payload)
  SELECT 'REFERRAL', r.id::text, r.person_key, r.household_source_id, ARRAY[r.region_code::text], ARRAY[NEW.to_department],
         jsonb_build_object('referralId', r.id, 'action', NEW.action, 'program', r.program, 'findingId', r.finding_id)
    FROM referral r
   WHERE r.id = NEW.referral_id
     AND EXISTS (SELECT 1 FROM event_subscription s WHERE s.kind = 'REFERRAL' AND s.active);
  RETURN NULL;
END $$;
