// Fills a PostgreSQL database for `npm run bench:detect` fast: every row is
// made inside the server by INSERT ... SELECT over generate_series, with a
// deterministic hash (hashint8) in place of random(), so the same size and
// seed give the same data. No ingestion, no ID numbers: person keys are
// sha256 hex of a counter.
//
// Shape (P persons = 0.6 × N records, three to a household): 189 counties in
// 21 cities; 18% of households on 低保 (DIBAO), 10% near the line; old people
// on 特困; every department's programs given to whom they fit, most of the
// time. The rest of the N records is history: one-off payments and streams
// that ended in earlier years, across all seven departments. Anomalies are
// mixed in at low, realistic rates (a 特困 parent in a 低保 household, a
// person listed twice, a charity paying past a bill's cost, a subsidy not
// stopped, a payment after death, people left without what they qualify
// for), so every rule has work to do and something to find.
import type { Client } from 'pg';

/** 21 cities of Sichuan; bench counties are CITY||81..89 (the county-level-city codes). */
const CITIES = ['5101', '5103', '5104', '5105', '5106', '5107', '5108', '5109', '5110', '5111', '5113', '5114', '5115', '5116', '5117', '5118', '5119', '5120', '5132', '5133', '5134'];

export interface FillOptions {
  records: number;
  asOf: string;
  /** Charity program the bench's grants are paid from (must exist: the planted set registers it). */
  charityProgram: string;
  log: (line: string) => void;
}

export interface FillCounts {
  persons: number;
  households: number;
  members: number;
  records: number;
  expenses: number;
}

type Step = [name: string, sql: string];

export async function fillBenchmark(client: Client, options: FillOptions): Promise<FillCounts> {
  const persons = Math.max(30, Math.round(options.records * 0.6));
  const households = Math.ceil(persons / 3);
  const D = `'${options.asOf}'::date`;
  const steps: Step[] = [
    ['helpers', HELPERS],
    ['regions and standards', regionsAndStandards(D)],
    ['persons', personsSql(persons, D)],
    ['households and members', householdsSql(households, D)],
    ['records: what people qualify for', coreRecords(D, options.charityProgram)],
    ['expenses', expensesSql(D)],
  ];
  for (const [name, sql] of steps) await timed(client, name, sql, options.log);
  const core = Number((await client.query(`SELECT count(*) FROM assistance_record WHERE sender = 'bench'`)).rows[0].count);
  await timed(client, `records: history (${Math.max(0, options.records - core)})`, historySql(Math.max(0, options.records - core), D, options.charityProgram), options.log);
  await timed(client, 'analyze', 'ANALYZE', options.log);
  return countRows(client);
}

export async function countRows(client: Client): Promise<FillCounts> {
  const count = async (table: string) => Number((await client.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  return {
    persons: await count('person'),
    households: await count('household'),
    members: await count('household_member'),
    records: await count('assistance_record'),
    expenses: await count('expense'),
  };
}

async function timed(client: Client, name: string, sql: string, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  await client.query(sql);
  log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** u(i, salt) in [0, 1) and pick(i, salt, n) in [0, n): deterministic, fast, independent per salt. */
const HELPERS = `
CREATE OR REPLACE FUNCTION bench_u(i bigint, salt int) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT ((hashint8(i * 1000003 + salt)::bigint & 2147483647) % 1000000) / 1000000.0 $$;
CREATE OR REPLACE FUNCTION bench_pick(i bigint, salt int, n int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT ((hashint8(i * 1000003 + salt)::bigint & 2147483647) % n)::int $$;
CREATE SEQUENCE IF NOT EXISTS bench_record_seq;`;

function regionsAndStandards(D: string): string {
  const cities = `ARRAY[${CITIES.map((c) => `'${c}'`).join(',')}]`;
  return `
INSERT INTO region (code, name, level, parent_code, updated_at)
SELECT c || '00', 'city ' || c, 'CITY', '510000', now() FROM unnest(${cities}) c
ON CONFLICT (code) DO NOTHING;
INSERT INTO region (code, name, level, parent_code, updated_at)
SELECT c || k, 'county ' || c || k, 'COUNTY', c || '00', now() FROM unnest(${cities}) c, generate_series(81, 89) k;
CREATE UNLOGGED TABLE bench_county AS
SELECT (row_number() OVER (ORDER BY code) - 1)::int AS idx, code
  FROM region WHERE level = 'COUNTY' AND substr(code, 5, 1) = '8';
-- Four counties in five have their own standards (the rest fall back to their city);
-- TEKUN is 1.3 x DIBAO rounded up to a yuan: no G8 in the bulk.
INSERT INTO standard (region_code, year, program, area, monthly_amount, updated_at)
SELECT r.code, y, p::standard_program, a::area,
       CASE WHEN p = 'DIBAO' THEN base ELSE ceil(base * 1.3) END, now()
  FROM (SELECT code, (600 + bench_pick(hashtext(code), 1, 30) * 10 - CASE WHEN a = 'RURAL' THEN 150 ELSE 0 END)::numeric AS base, a
          FROM region, unnest(ARRAY['URBAN', 'RURAL']) a
         -- the bench's own cities (not those the planted set registered) and four counties in five
         WHERE name LIKE 'city %' OR code IN (SELECT code FROM bench_county WHERE idx % 5 <> 0)) r,
       unnest(ARRAY['DIBAO', 'TEKUN']) p,
       generate_series(extract(year FROM ${D})::int - 1, extract(year FROM ${D})::int) y;`;
}

/** Person i lives in household (i-1)/3+1 at position (i-1)%3: head, spouse, then a child or an old parent. */
function personsSql(count: number, D: string): string {
  return `
CREATE UNLOGGED TABLE bench_person AS
SELECT s.i, s.h, s.pos, encode(sha256(convert_to('bench:' || s.i, 'UTF8')), 'hex') AS person_key, a.age,
       c.code AS county,
       CASE WHEN bench_u(s.i, 6) < 0.07 THEN 1 + bench_pick(s.i, 7, 4) END AS grade,
       s.pos = 2 AND a.age < 18 AND bench_u(s.i, 8) < 0.006 AS orphan,
       CASE WHEN a.age >= 75 AND bench_u(s.i, 9) < 0.04 THEN ${D} - (1 + bench_pick(s.i, 10, 400)) END AS death_date
  FROM (SELECT i, (i - 1) / 3 + 1 AS h, ((i - 1) % 3)::int AS pos FROM generate_series(1, ${count}) i) s
  CROSS JOIN LATERAL (SELECT CASE s.pos
           WHEN 0 THEN 25 + bench_pick(s.i, 2, 60)
           WHEN 1 THEN 23 + bench_pick(s.i, 2, 60)
           ELSE CASE WHEN bench_u(s.i, 4) < 0.7 THEN 1 + bench_pick(s.i, 5, 24) ELSE 60 + bench_pick(s.i, 5, 36) END
         END AS age) a
  JOIN bench_county c ON c.idx = bench_pick(s.h, 1, (SELECT count(*) FROM bench_county)::int);
ALTER TABLE bench_person ADD COLUMN stage school_stage, ADD COLUMN employment employment_status;
UPDATE bench_person SET
  stage = (CASE WHEN age BETWEEN 3 AND 5 THEN 'PRESCHOOL' WHEN age BETWEEN 6 AND 11 THEN 'PRIMARY'
                WHEN age BETWEEN 12 AND 14 THEN 'JUNIOR_SECONDARY' WHEN age BETWEEN 15 AND 17 THEN 'SENIOR_SECONDARY'
                WHEN age BETWEEN 18 AND 22 AND bench_u(i, 11) < 0.45 THEN 'HIGHER'
                WHEN age BETWEEN 18 AND 22 AND bench_u(i, 11) < 0.55 THEN 'VOCATIONAL' END)::school_stage,
  employment = (CASE WHEN age < 18 THEN NULL WHEN age >= 60 THEN 'NOT_IN_LABOUR_FORCE'
                     WHEN age <= 22 AND bench_u(i, 11) < 0.55 THEN 'NOT_IN_LABOUR_FORCE'
                     WHEN bench_u(i, 12) < 0.5 THEN 'EMPLOYED' WHEN bench_u(i, 12) < 0.8 THEN 'UNEMPLOYED'
                     ELSE 'NOT_IN_LABOUR_FORCE' END)::employment_status;
CREATE UNIQUE INDEX ON bench_person (i);
CREATE INDEX ON bench_person (h);
INSERT INTO person (person_key, masked_id_number, birth_date, sex, name, hukou_region_code, residence_region_code,
                    disability_grade, disability_type, employment_status, school_stage, orphan, death_date, updated_at)
SELECT person_key, substr(county, 1, 4) || '**********' || lpad((i % 10000)::text, 4, '0'),
       (${D} - make_interval(years => age) - (2 + bench_pick(i, 3, 360)) * interval '1 day')::date,
       (CASE WHEN i % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END)::sex, NULL, county, county,
       grade, CASE WHEN grade IS NOT NULL THEN 'PHYSICAL'::disability_type END, employment, stage, orphan, death_date, now()
  FROM bench_person;`;
}

/** Profiles: POOR (18%, on 低保), NEAR (10%, near the line), OTHER. */
function householdsSql(count: number, D: string): string {
  return `
CREATE UNLOGGED TABLE bench_household AS
SELECT h, 'HB-' || c.code || '-' || lpad(h::text, 8, '0') AS source_id, c.code AS county,
       (CASE WHEN bench_u(h, 30) < 0.5 THEN 'URBAN' ELSE 'RURAL' END)::area AS area,
       CASE WHEN bench_u(h, 31) < 0.18 THEN 'POOR' WHEN bench_u(h, 31) < 0.28 THEN 'NEAR' ELSE 'OTHER' END AS profile,
       (SELECT p.person_key FROM bench_person p WHERE p.h = g.h AND p.pos = 0) AS head_key,
       (SELECT count(*) FROM bench_person p WHERE p.h = g.h)::int AS size
  FROM generate_series(1, ${count}) g(h)
  JOIN bench_county c ON c.idx = bench_pick(g.h, 1, (SELECT count(*) FROM bench_county)::int);
CREATE UNIQUE INDEX ON bench_household (h);
INSERT INTO household (source_id, region_code, township, area, monthly_income_per_capita, updated_at)
SELECT source_id, county, NULL, area,
       round(700 * CASE profile WHEN 'POOR' THEN 0.2 + bench_u(h, 32) * 0.6 WHEN 'NEAR' THEN 1.0 + bench_u(h, 32) * 0.5
                                ELSE 2.5 + bench_u(h, 32) * 4 END, 2), now()
  FROM bench_household;
INSERT INTO household_member (household_source_id, person_key, relation, position)
SELECT hh.source_id, p.person_key,
       (CASE p.pos WHEN 0 THEN 'HEAD' WHEN 1 THEN 'SPOUSE' ELSE CASE WHEN p.age >= 60 THEN 'PARENT' ELSE 'CHILD' END END)::relation, p.pos
  FROM bench_person p JOIN bench_household hh ON hh.h = p.h;
-- 0.3% of adult children are listed by a second household too (two counties each listing them).
INSERT INTO household_member (household_source_id, person_key, relation, position)
SELECT hh.source_id, p.person_key, 'OTHER', 3
  FROM bench_person p
  JOIN bench_household hh ON hh.h = 1 + (p.h + 1 + bench_pick(p.i, 33, 1000)) % (SELECT max(h) FROM bench_household)
 WHERE p.pos = 2 AND p.age BETWEEN 18 AND 59 AND bench_u(p.i, 34) < 0.003 AND hh.h <> p.h;`;
}

const INSERT = `INSERT INTO assistance_record (department, source_record_id, program, beneficiary_key, household_source_id, region_code,
  amount, frequency, start_date, end_date, status, need_category, event_ref, expense_basis, charity_program_code, sender, updated_at)`;
const ID = `'B' || nextval('bench_record_seq')`;

/**
 * What people qualify for, given most of the time. A dead person's streams
 * stop at the end of the month of death, nine times in ten.
 */
function coreRecords(D: string, charity: string): string {
  const Y = `extract(year FROM ${D})::int`;
  // (never before the stream's start: a period never runs backwards)
  const stopAtDeath = (key: string, start: string) => `CASE WHEN death_date IS NOT NULL AND bench_u(hashtext(${key}), 90) < 0.9
    THEN greatest(${start}, (date_trunc('month', death_date) + interval '1 month - 1 day')::date) END`;
  const currentTerm = `date_trunc('month', ${D} - interval '2 months')::date, (date_trunc('month', ${D} + interval '4 months') - interval '1 day')::date`;
  return `
-- every person with their household's profile
CREATE UNLOGGED TABLE bench_member AS
SELECT p.*, hh.profile, hh.source_id, hh.area FROM bench_person p JOIN bench_household hh ON hh.h = p.h;
CREATE INDEX ON bench_member (i);
-- 低保 for POOR households, paid to the head (a dead head is found by D6 when not stopped)
${INSERT}
SELECT 'CIVIL_AFFAIRS', ${ID}, 'DIBAO', hh.head_key, hh.source_id, hh.county, hh.size * 300, 'MONTHLY', s.start,
       (SELECT ${stopAtDeath('p.person_key', 's.start')} FROM bench_person p WHERE p.h = hh.h AND p.pos = 0),
       (CASE WHEN bench_u(hh.h, 21) < 0.95 THEN 'ACTIVE' WHEN bench_u(hh.h, 21) < 0.98 THEN 'SUSPENDED' ELSE 'CANCELLED' END)::record_status,
       'LIVING', NULL, NULL, NULL, 'bench', now()
  FROM bench_household hh, LATERAL (SELECT date_trunc('month', ${D} - 30 - bench_pick(hh.h, 20, 1000))::date AS start) s
 WHERE hh.profile = 'POOR';
-- 特困: old people outside 低保 households (6%), and now and then one inside one (D1)
CREATE UNLOGGED TABLE bench_tekun AS
SELECT i FROM bench_member WHERE age >= 60 AND ((profile <> 'POOR' AND bench_u(i, 22) < 0.06) OR (profile = 'POOR' AND bench_u(i, 22) < 0.005));
${INSERT}
SELECT 'CIVIL_AFFAIRS', ${ID}, 'TEKUN', p.person_key, NULL, p.county, 1040, 'MONTHLY',
       s.start, ${stopAtDeath('p.person_key', 's.start')}, 'ACTIVE', 'LIVING', NULL, NULL, NULL, 'bench', now()
  FROM bench_member p JOIN bench_tekun t ON t.i = p.i, LATERAL (SELECT date_trunc('month', ${D} - 30 - bench_pick(p.i, 23, 1500))::date AS start) s;
-- premium subsidy of D's year for those on 低保 or 特困 (96%)
${INSERT}
SELECT 'HEALTHCARE_SECURITY', ${ID}, 'MEDICAL_PREMIUM_SUBSIDY', p.person_key, NULL, p.county, 380, 'ANNUAL',
       make_date(${Y}, 1, 1), make_date(${Y}, 12, 31), 'ACTIVE', 'MEDICAL', NULL, NULL, NULL, 'bench', now()
  FROM bench_member p
 WHERE p.death_date IS NULL AND bench_u(p.i, 24) < 0.96 AND (p.profile = 'POOR' OR p.i IN (SELECT i FROM bench_tekun));
-- this term's grant for school-age children on 低保 (92%) and some others (10%)
${INSERT}
SELECT 'EDUCATION', ${ID}, 'EDU_GRANT', p.person_key, NULL, p.county, 1250, 'PER_TERM', ${currentTerm}, 'ACTIVE', 'EDUCATION', NULL, NULL, NULL, 'bench', now()
  FROM bench_member p
 WHERE p.age BETWEEN 6 AND 18 AND p.stage IS NOT NULL AND p.stage <> 'HIGHER' AND p.death_date IS NULL
   AND bench_u(p.i, 25) < CASE WHEN p.profile = 'POOR' THEN 0.92 ELSE 0.10 END;
-- nursing subsidy for grades 1-2 (93%); living subsidy for the disabled on 低保 (90%), and for a few on 特困 (D5)
${INSERT}
SELECT 'DISABLED_PERSONS_FEDERATION', ${ID}, 'DISABILITY_NURSING_SUBSIDY', p.person_key, NULL, p.county, 100, 'MONTHLY',
       s.start, ${stopAtDeath('p.person_key', 's.start')}, 'ACTIVE', 'DISABILITY_CARE', NULL, NULL, NULL, 'bench', now()
  FROM bench_member p, LATERAL (SELECT date_trunc('month', ${D} - bench_pick(p.i, 26, 900))::date AS start) s
 WHERE p.grade <= 2 AND bench_u(p.i, 27) < 0.93;
${INSERT}
SELECT 'DISABLED_PERSONS_FEDERATION', ${ID}, 'DISABILITY_LIVING_SUBSIDY', p.person_key, NULL, p.county, 90, 'MONTHLY',
       s.start, ${stopAtDeath('p.person_key', 's.start')}, 'ACTIVE', 'DISABILITY_CARE', NULL, NULL, NULL, 'bench', now()
  FROM bench_member p, LATERAL (SELECT date_trunc('month', ${D} - bench_pick(p.i, 28, 900))::date AS start) s
 WHERE p.grade IS NOT NULL
   AND ((p.profile = 'POOR' AND p.i NOT IN (SELECT i FROM bench_tekun) AND bench_u(p.i, 29) < 0.9)
     OR (p.i IN (SELECT i FROM bench_tekun) AND bench_u(p.i, 29) < 0.05));
-- orphan guarantee (90%)
${INSERT}
SELECT 'CIVIL_AFFAIRS', ${ID}, 'ORPHAN_GUARANTEE', p.person_key, NULL, p.county, 1300, 'MONTHLY',
       date_trunc('month', ${D} - bench_pick(p.i, 35, 700))::date, NULL, 'ACTIVE', 'LIVING', NULL, NULL, NULL, 'bench', now()
  FROM bench_member p WHERE p.orphan AND bench_u(p.i, 36) < 0.9;
-- housing: public rental for 3% of urban households, rental subsidy for 4% (and for 5% of the public renters: D4)
${INSERT}
SELECT 'HOUSING', ${ID}, program, hh.head_key, hh.source_id, hh.county, amount, 'MONTHLY',
       date_trunc('month', ${D} - bench_pick(hh.h, salt, 1200))::date, NULL, 'ACTIVE', 'HOUSING', NULL, NULL, NULL, 'bench', now()
  FROM bench_household hh,
       LATERAL (VALUES ('PUBLIC_RENTAL'::program, 450, 41, bench_u(hh.h, 40) < 0.03),
                       ('RENTAL_SUBSIDY'::program, 600, 42, bench_u(hh.h, 40) BETWEEN 0.03 AND 0.07 OR (bench_u(hh.h, 40) < 0.03 AND bench_u(hh.h, 43) < 0.05))) v(program, amount, salt, given)
 WHERE hh.area = 'URBAN' AND v.given;
-- employment: a public-welfare job for most idle adults on 低保 (70%), training for a few others (5%)
${INSERT}
SELECT 'HUMAN_RESOURCES', ${ID}, CASE WHEN p.profile = 'POOR' THEN 'PUBLIC_WELFARE_JOB'::program ELSE 'EMPLOYMENT_TRAINING'::program END,
       p.person_key, NULL, p.county, 1800, 'MONTHLY', date_trunc('month', ${D} - bench_pick(p.i, 50, 300))::date,
       (date_trunc('month', ${D} + interval '6 months') - interval '1 day')::date, 'ACTIVE', 'EMPLOYMENT', NULL, NULL, NULL, 'bench', now()
  FROM bench_member p
 WHERE p.employment = 'UNEMPLOYED' AND p.death_date IS NULL AND bench_u(p.i, 51) < CASE WHEN p.profile = 'POOR' THEN 0.7 ELSE 0.05 END;
-- hospital bills: medical assistance with the bill's cost, and a charity for three in ten (a few pay past the cost: D3)
CREATE UNLOGGED TABLE bench_bill AS
SELECT p.i, p.person_key, p.county, (5000 + bench_pick(p.i, 61, 55000))::numeric AS cost, ${D} - bench_pick(p.i, 62, 365) AS paid
  FROM bench_member p WHERE bench_u(p.i, 60) < 0.04 AND p.death_date IS NULL;
${INSERT}
SELECT 'HEALTHCARE_SECURITY', ${ID}, 'MEDICAL_ASSISTANCE', person_key, NULL, county, round(cost * 0.4, 2), 'ONE_OFF', paid, paid, 'ENDED', 'MEDICAL',
       'EV-' || i, cost, NULL, 'bench', now()
  FROM bench_bill;
${INSERT}
SELECT 'CHARITY', ${ID}, 'CHARITY_GRANT', person_key, NULL, county, round(cost * (0.1 + 0.52 * bench_u(i, 64)), 2), 'ONE_OFF', paid + 14, paid + 14, 'ENDED', 'MEDICAL',
       'EV-' || i, NULL, '${charity}', 'bench', now()
  FROM bench_bill WHERE bench_u(i, 63) < 0.3 AND paid + 14 <= ${D};`;
}

/** Medical bills reported by healthcare security, for one person in twenty. */
function expensesSql(D: string): string {
  return `
INSERT INTO expense (department, source_id, person_key, category, amount, date, sender, updated_at)
SELECT 'HEALTHCARE_SECURITY', 'BE-' || i, person_key, 'MEDICAL', 500 + bench_pick(i, 71, 39500), ${D} - bench_pick(i, 72, 500), 'bench', now()
  FROM bench_person WHERE bench_u(i, 70) < 0.05;`;
}

/**
 * Earlier years' payments, to bring the table to N records: one-offs and
 * streams that ended, of every department, each for a person drawn at random
 * (household programs for the person's household, paid to its head).
 */
function historySql(count: number, D: string, charity: string): string {
  const Y = `extract(year FROM ${D})::int`;
  return `
CREATE UNLOGGED TABLE bench_history_kind (n int, department department, program program, frequency frequency, amount numeric,
  months int, household boolean, need need_category, years_back int);
INSERT INTO bench_history_kind VALUES
  (0, 'CIVIL_AFFAIRS', 'TEMPORARY', 'ONE_OFF', 800, 0, false, 'EMERGENCY', 1),
  (1, 'CIVIL_AFFAIRS', 'TEMPORARY', 'ONE_OFF', 1500, 0, false, 'EMERGENCY', 1),
  (2, 'CIVIL_AFFAIRS', 'PRICE_SUBSIDY', 'QUARTERLY', 150, 3, false, 'LIVING', 1),
  (3, 'CIVIL_AFFAIRS', 'DIBAO', 'MONTHLY', 900, 12, true, 'LIVING', 5),
  (4, 'EDUCATION', 'EDU_GRANT', 'PER_TERM', 1250, 5, false, 'EDUCATION', 1),
  (5, 'EDUCATION', 'EDU_FEE_WAIVER', 'ONE_OFF', 800, 0, false, 'EDUCATION', 1),
  (6, 'HOUSING', 'RURAL_HOUSING_RENOVATION', 'ONE_OFF', 25000, 0, true, 'HOUSING', 1),
  (7, 'HOUSING', 'RENTAL_SUBSIDY', 'MONTHLY', 600, 12, true, 'HOUSING', 4),
  (8, 'HEALTHCARE_SECURITY', 'MEDICAL_ASSISTANCE', 'ONE_OFF', 3000, 0, false, 'MEDICAL', 1),
  (9, 'HEALTHCARE_SECURITY', 'MEDICAL_ASSISTANCE', 'ONE_OFF', 6000, 0, false, 'MEDICAL', 1),
  (10, 'HEALTHCARE_SECURITY', 'MEDICAL_PREMIUM_SUBSIDY', 'ANNUAL', 350, 12, false, 'MEDICAL', 1),
  (11, 'HUMAN_RESOURCES', 'EMPLOYMENT_TRAINING', 'MONTHLY', 600, 3, false, 'EMPLOYMENT', 1),
  (12, 'HUMAN_RESOURCES', 'EMPLOYMENT_SUBSIDY', 'ONE_OFF', 2000, 0, false, 'EMPLOYMENT', 1),
  (13, 'DISABLED_PERSONS_FEDERATION', 'ASSISTIVE_DEVICE', 'ONE_OFF', 1200, 0, false, 'DISABILITY_CARE', 1),
  (14, 'DISABLED_PERSONS_FEDERATION', 'REHABILITATION', 'ONE_OFF', 2500, 0, false, 'DISABILITY_CARE', 1),
  (15, 'CHARITY', 'CHARITY_GRANT', 'ONE_OFF', 1000, 0, false, 'EDUCATION', 1);
${INSERT}
SELECT k.department, ${ID}, k.program, CASE WHEN k.household THEN hh.head_key ELSE p.person_key END,
       CASE WHEN k.household THEN hh.source_id END, p.county, k.amount, k.frequency,
       d.start_date, CASE WHEN k.months = 0 THEN d.start_date ELSE (d.start_date + make_interval(months => k.months) - interval '1 day')::date END,
       'ENDED', k.need, NULL, NULL, CASE WHEN k.program = 'CHARITY_GRANT' THEN '${charity}' END, 'bench', now()
  FROM generate_series(1, ${count}) s
  JOIN bench_person p ON p.i = 1 + bench_pick(s, 80, (SELECT max(i) FROM bench_person)::int)
  JOIN bench_household hh ON hh.h = p.h
  JOIN bench_history_kind k ON k.n = bench_pick(s, 81, 16)
  -- annual payments run January to December, so two years' never overlap
  CROSS JOIN LATERAL (SELECT (make_date(${Y} - k.years_back - bench_pick(s, 82, 3), CASE WHEN k.frequency = 'ANNUAL' THEN 1 ELSE 1 + bench_pick(s, 83, 12) END, 1)
                              + CASE WHEN k.months = 0 THEN bench_pick(s, 84, 28) ELSE 0 END)::date AS start_date) d;`;
}
