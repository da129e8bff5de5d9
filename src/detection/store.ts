// Keeping a detection run's findings in `finding` (prisma/schema/oversight.prisma).
//
// One transaction per run: the rules have already run (outside it, read-only),
// so it only writes, and readers see either the previous state or the whole
// new run, never a run with half its rules stored or resolved. Findings go in
// chunks of INSERT ... ON CONFLICT, each chunk one JSON parameter unpacked by
// the database, so tens of thousands of findings are a few statements.
import type { PrismaClient } from '../db/client/prisma/client';
import type { DetectedFinding } from './finding';
import type { RuleId } from './types';

/** Findings per INSERT: a few MB of JSON, well under any parameter limit. */
const CHUNK = 5000;

export interface StoredRun {
  runId: number;
  asOf: string;
  rules: RuleId[];
  findings: DetectedFinding[];
}

// A finding found again keeps its review state and first_found_as_of; its
// evidence is refreshed. One that had disappeared (RESOLVED by a run, no
// longer current) and is back is OPEN again: the problem has returned.
const UPSERT = `
INSERT INTO finding (finding_key, rule, kind, person_key, household_source_id, region_code, region_codes, area,
                     records, departments, suggested_programs, overpayment, as_of, first_found_as_of, current, status, updated_at)
SELECT f.finding_key, f.rule, f.kind, f.person_key, f.household_source_id, f.region_code, f.region_codes, f.area,
       f.records, f.departments, f.suggested_programs, f.overpayment, $2::date, $2::date, true, 'OPEN', now()
  FROM jsonb_to_recordset($1::jsonb) AS f(
         finding_key text, rule text, kind finding_kind, person_key text, household_source_id text,
         region_code text, region_codes text[], area area, records text[], departments department[],
         suggested_programs program[], overpayment numeric)
ON CONFLICT (finding_key) DO UPDATE SET
  kind = EXCLUDED.kind,
  person_key = EXCLUDED.person_key,
  household_source_id = EXCLUDED.household_source_id,
  region_code = EXCLUDED.region_code,
  region_codes = EXCLUDED.region_codes,
  area = EXCLUDED.area,
  records = EXCLUDED.records,
  departments = EXCLUDED.departments,
  suggested_programs = EXCLUDED.suggested_programs,
  overpayment = EXCLUDED.overpayment,
  as_of = EXCLUDED.as_of,
  status = CASE WHEN finding.status = 'RESOLVED' AND NOT finding.current THEN 'OPEN' ELSE finding.status END,
  current = true,
  updated_at = now()`;

// Stored findings of the rules run ($1) that this run did not find ($2):
// no longer current; OPEN and CONFIRMED become RESOLVED, a DISMISSED one stays.
const RESOLVE_VANISHED = `
UPDATE finding f
   SET current = false,
       status = CASE WHEN f.status IN ('OPEN', 'CONFIRMED') THEN 'RESOLVED' ELSE f.status END,
       updated_at = now()
 WHERE f.rule = ANY($1::text[])
   AND (f.current OR f.status IN ('OPEN', 'CONFIRMED'))
   AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS found(finding_key) WHERE found.finding_key = f.finding_key)`;

/** Any constant: the advisory lock that serialises the storing of runs. */
const STORE_LOCK = 0x61737369; // "assi"

// Runs may overlap (two hubs checking batches at the door, or detect beside
// them). A run that started earlier but stores later saw older data: if a
// later run of any of the same rules has already been stored, this one must
// not resolve what that run found, so it is recorded but not applied.
const NEWER_RUN_STORED = `
SELECT EXISTS (
  SELECT 1 FROM detection_run r
   WHERE r.id > $1 AND r.finished_at IS NOT NULL AND r.rules && $2::text[]
) AS newer`;

export async function storeRun(prisma: PrismaClient, run: StoredRun): Promise<{ resolved: number }> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${STORE_LOCK})`);
      const [row] = await tx.$queryRawUnsafe<{ newer: boolean }[]>(NEWER_RUN_STORED, run.runId, run.rules);
      if (row?.newer) {
        await tx.detectionRun.update({ where: { id: run.runId }, data: { finishedAt: new Date(), found: run.findings.length } });
        return { resolved: 0 };
      }
      const keys = run.findings.map((f) => f.findingKey);
      const resolved = await tx.$executeRawUnsafe(RESOLVE_VANISHED, run.rules, keys);
      for (let i = 0; i < run.findings.length; i += CHUNK) {
        await tx.$executeRawUnsafe(UPSERT, JSON.stringify(run.findings.slice(i, i + CHUNK).map(asRow)), run.asOf);
      }
      await tx.detectionRun.update({ where: { id: run.runId }, data: { finishedAt: new Date(), found: run.findings.length } });
      return { resolved };
    },
    // Writing a large run may take a while; nothing else waits on it for long.
    { timeout: 3600_000, maxWait: 60_000 },
  );
}

function asRow(f: DetectedFinding) {
  return {
    finding_key: f.findingKey,
    rule: f.rule,
    kind: f.kind,
    person_key: f.personKey,
    household_source_id: f.householdSourceId,
    region_code: f.regionCode,
    region_codes: f.regionCodes,
    area: f.area,
    records: f.records,
    departments: f.departments,
    suggested_programs: f.suggestedPrograms,
    overpayment: f.overpayment,
  };
}
