// The two queries of `npm run bench:peer` (scripts/bench-peer.ts) as each
// contender asks them, and the one normalised shape their answers are mapped
// to before they are compared.
//
//   household  one household, its members, and every record covering it with
//              the record's department details (hub: `household(sourceId)`,
//              `assistanceRecords(first: 100)`)
//   page       a page of 20 households (by source id, keyset) with members and
//              records (hub: `households(first: 20, after)`, each with
//              `assistanceRecords(first: 20)`; no household of the default
//              data has more than 14)
//
// "Records covering a household" is the hub's meaning (src/subgraphs/assistance/
// loaders.ts, recordsCoveringHousehold): records sent for the household, the
// members' own person-level records, and household-level records (DIBAO and
// the housing programs) of every household that lists a member. PostGraphile
// has no such relation: its query fetches the three parts through its
// generated relations and the normaliser (not timed, not in its process) takes
// their union. The hand-written SQL computes the union in the statement.
import { HOUSEHOLD_LEVEL_PROGRAMS } from '../src/departments/programs';

export const PAGE_SIZE = 20;
export const HOUSEHOLD_RECORDS = 100;
export const PAGE_RECORDS = 20;
export const HOUSEHOLD_LEVEL: readonly string[] = HOUSEHOLD_LEVEL_PROGRAMS;

export type QueryName = 'household' | 'page';

// ---------------------------------------------------------------- the hub

export const HUB_HOUSEHOLD = `query PeerHousehold($s: ID!) { household(sourceId: $s) {
  sourceId
  members { relation person { personKey maskedIdNumber name birthDate sex } }
  assistanceRecords(first: ${HOUSEHOLD_RECORDS}) { totalCount edges { node {
    id program amount frequency startDate endDate status needCategory eventRef expenseBasis charityProgramCode
    beneficiary { personKey }
    ... on CivilAffairsRecord { dibaoGrade assessedIncomePerCapita supportMode temporaryAssistanceReason }
    ... on EducationRecord { schoolTerm schoolName schoolStage }
    ... on HousingRecord { propertyRef floorAreaSqm }
    ... on HealthcareSecurityRecord { hospitalName billTotal insurancePaid admissionDate dischargeDate }
    ... on HumanResourcesRecord { employer position trainingCourse hoursPerMonth }
    ... on DisabilityRecord { disabilityGrade disabilityType deviceName }
    ... on CharityGrant { purpose }
  } } }
} }`;

export const HUB_PAGE = `query PeerPage($after: String) { households(first: ${PAGE_SIZE}, after: $after) {
  pageInfo { endCursor hasNextPage }
  edges { node {
    sourceId
    members { relation person { personKey maskedIdNumber name birthDate sex } }
    assistanceRecords(first: ${PAGE_RECORDS}) { totalCount edges { node { id program amount frequency startDate endDate status } } }
  } }
} }`;

/**
 * The hub's page query grown part by part, each adding one kind of work to the
 * one before: where a page's CPU goes (`npm run bench:peer`, "page, by part").
 */
export const HUB_PAGE_PARTS: readonly { part: string; query: string }[] = (() => {
  const page = (node: string) =>
    `query PeerPagePart($after: String) { households(first: ${PAGE_SIZE}, after: $after) { pageInfo { endCursor hasNextPage } edges { node { ${node} } } } }`;
  const members = 'members { relation person { personKey sex } }';
  const personal = 'members { relation person { personKey maskedIdNumber name birthDate sex } }';
  const records = `assistanceRecords(first: ${PAGE_RECORDS}) { totalCount edges { node { id program amount frequency startDate endDate status } } }`;
  return [
    { part: 'source ids (registry, 1 statement)', query: page('sourceId') },
    { part: '+ members, not personal', query: page(`sourceId ${members}`) },
    { part: '+ personal fields (audited)', query: page(`sourceId ${personal}`) },
    { part: '+ records (assistance subgraph)', query: page(`sourceId ${personal} ${records}`) },
  ];
})();

// ---------------------------------------------------------------- PostGraphile (Amber preset, default inflection)

const PGL_DETAILS = `
    civilAffairsRecordDetailByRecordId { dibaoGrade assessedIncomePerCapita supportMode reason }
    educationRecordDetailByRecordId { schoolTerm schoolName schoolStage }
    housingRecordDetailByRecordId { propertyRef floorAreaSqm }
    healthcareRecordDetailByRecordId { hospitalName billTotal insurancePaid admissionDate dischargeDate }
    humanResourcesRecordDetailByRecordId { employer position trainingCourse hoursPerMonth }
    disabilityRecordDetailByRecordId { disabilityGrade disabilityType deviceName }
    charityGrantDetailByRecordId { purpose }`;

const pglRecordFields = (details: boolean) =>
  `department sourceRecordId program amount frequency startDate endDate status${
    details ? ` needCategory eventRef expenseBasis charityProgramCode beneficiaryKey${PGL_DETAILS}` : ''
  }`;

/** The three parts of "records covering a household" through PostGraphile's relations. */
const pglHouseholdBody = (details: boolean) => `
  sourceId
  assistanceRecordsByHouseholdSourceId { nodes { ${pglRecordFields(details)} } }
  householdMembersByHouseholdSourceId { nodes {
    relation position
    personByPersonKey {
      personKey maskedIdNumber name birthDate sex
      assistanceRecordsByBeneficiaryKey { nodes { ${pglRecordFields(details)} } }
      householdMembersByPersonKey { nodes { householdByHouseholdSourceId {
        sourceId assistanceRecordsByHouseholdSourceId { nodes { ${pglRecordFields(details)} } }
      } } }
    }
  } }`;

export const PGL_HOUSEHOLD = `query PeerHousehold($s: String!) { householdBySourceId(sourceId: $s) {${pglHouseholdBody(true)}
} }`;

export const PGL_PAGE = `query PeerPage($after: Cursor) { allHouseholds(first: ${PAGE_SIZE}, after: $after, orderBy: SOURCE_ID_ASC) {
  pageInfo { endCursor hasNextPage }
  nodes {${pglHouseholdBody(false)}
  }
} }`;

// ---------------------------------------------------------------- hand-written SQL (one statement per query)

const DETAILS_SQL = `CASE r.department
      WHEN 'CIVIL_AFFAIRS' THEN (SELECT json_build_object('dibaoGrade', d.dibao_grade, 'assessedIncomePerCapita', d.assessed_income_per_capita::text, 'supportMode', d.support_mode, 'reason', d.reason) FROM civil_affairs_record_detail d WHERE d.record_id = r.id)
      WHEN 'EDUCATION' THEN (SELECT json_build_object('schoolTerm', d.school_term, 'schoolName', d.school_name, 'schoolStage', d.school_stage) FROM education_record_detail d WHERE d.record_id = r.id)
      WHEN 'HOUSING' THEN (SELECT json_build_object('propertyRef', d.property_ref, 'floorAreaSqm', d.floor_area_sqm::text) FROM housing_record_detail d WHERE d.record_id = r.id)
      WHEN 'HEALTHCARE_SECURITY' THEN (SELECT json_build_object('hospitalName', d.hospital_name, 'billTotal', d.bill_total::text, 'insurancePaid', d.insurance_paid::text, 'admissionDate', d.admission_date, 'dischargeDate', d.discharge_date) FROM healthcare_record_detail d WHERE d.record_id = r.id)
      WHEN 'HUMAN_RESOURCES' THEN (SELECT json_build_object('employer', d.employer, 'position', d.position, 'trainingCourse', d.training_course, 'hoursPerMonth', d.hours_per_month) FROM human_resources_record_detail d WHERE d.record_id = r.id)
      WHEN 'DISABLED_PERSONS_FEDERATION' THEN (SELECT json_build_object('disabilityGrade', d.disability_grade, 'disabilityType', d.disability_type, 'deviceName', d.device_name) FROM disability_record_detail d WHERE d.record_id = r.id)
      WHEN 'CHARITY' THEN (SELECT json_build_object('purpose', d.purpose) FROM charity_grant_detail d WHERE d.record_id = r.id)
    END`;

const MEMBERS_SQL = (where: string) => `(SELECT coalesce(json_agg(json_build_object('relation', m.relation, 'position', m.position,
      'person', json_build_object('personKey', p.person_key, 'maskedIdNumber', p.masked_id_number, 'name', p.name, 'birthDate', p.birth_date, 'sex', p.sex))
      ORDER BY m.position), '[]'::json) FROM household_member m JOIN person p ON p.person_key = m.person_key WHERE ${where})`;

/** $1 household source id, $2 the household-level programs. The answer as JSON text, shaped like the hub's. */
export const SQL_HOUSEHOLD = `
WITH m AS (SELECT person_key FROM household_member WHERE household_source_id = $1),
listed AS (SELECT DISTINCT l.household_source_id FROM household_member l JOIN m ON m.person_key = l.person_key),
ids AS (
  SELECT id FROM assistance_record WHERE household_source_id = $1
  UNION SELECT r.id FROM assistance_record r JOIN m ON r.beneficiary_key = m.person_key WHERE r.program <> ALL ($2::program[])
  UNION SELECT r.id FROM assistance_record r JOIN listed l ON r.household_source_id = l.household_source_id WHERE r.program = ANY ($2::program[])
),
rec AS (
  SELECT r.* FROM assistance_record r JOIN ids ON ids.id = r.id
  ORDER BY r.start_date DESC, r.department, r.source_record_id LIMIT ${HOUSEHOLD_RECORDS}
)
SELECT json_build_object('data', json_build_object('household', (
  SELECT json_build_object(
    'sourceId', h.source_id,
    'members', ${MEMBERS_SQL('m.household_source_id = h.source_id')},
    'assistanceRecords', json_build_object(
      'totalCount', (SELECT count(*) FROM ids),
      'nodes', (SELECT coalesce(json_agg(json_build_object(
        'id', r.department::text || ':' || r.source_record_id, 'program', r.program, 'amount', r.amount::text, 'frequency', r.frequency,
        'startDate', r.start_date, 'endDate', r.end_date, 'status', r.status, 'needCategory', r.need_category, 'eventRef', r.event_ref,
        'expenseBasis', r.expense_basis::text, 'charityProgramCode', r.charity_program_code, 'beneficiaryKey', r.beneficiary_key,
        'details', ${DETAILS_SQL}
      ) ORDER BY r.start_date DESC, r.department, r.source_record_id), '[]'::json) FROM rec r)))
  FROM household h WHERE h.source_id = $1)))::text AS body`;

/** $1 the last source id of the previous page (null: the first page), $2 the household-level programs. */
export const SQL_PAGE = `
WITH hh AS (SELECT source_id FROM household WHERE $1::text IS NULL OR source_id > $1::text ORDER BY source_id LIMIT ${PAGE_SIZE}),
m AS (SELECT household_source_id AS hid, person_key FROM household_member WHERE household_source_id IN (SELECT source_id FROM hh)),
listed AS (SELECT DISTINCT m.hid, l.household_source_id FROM m JOIN household_member l ON l.person_key = m.person_key),
cov AS (
  SELECT household_source_id AS hid, id FROM assistance_record WHERE household_source_id IN (SELECT source_id FROM hh)
  UNION SELECT m.hid, r.id FROM m JOIN assistance_record r ON r.beneficiary_key = m.person_key WHERE r.program <> ALL ($2::program[])
  UNION SELECT listed.hid, r.id FROM listed JOIN assistance_record r ON r.household_source_id = listed.household_source_id WHERE r.program = ANY ($2::program[])
),
ranked AS (
  SELECT cov.hid, r.*, row_number() OVER w AS rn, count(*) OVER (PARTITION BY cov.hid) AS total
  FROM cov JOIN assistance_record r ON r.id = cov.id
  WINDOW w AS (PARTITION BY cov.hid ORDER BY r.start_date DESC, r.department, r.source_record_id)
)
SELECT json_build_object('data', json_build_object('households', json_build_object(
  'endCursor', (SELECT max(source_id) FROM hh),
  'nodes', (SELECT coalesce(json_agg(json_build_object(
    'sourceId', hh.source_id,
    'members', ${MEMBERS_SQL('m.household_source_id = hh.source_id')},
    'assistanceRecords', json_build_object(
      'totalCount', coalesce((SELECT max(total) FROM ranked WHERE ranked.hid = hh.source_id), 0),
      'nodes', (SELECT coalesce(json_agg(json_build_object(
        'id', r.department::text || ':' || r.source_record_id, 'program', r.program, 'amount', r.amount::text, 'frequency', r.frequency,
        'startDate', r.start_date, 'endDate', r.end_date, 'status', r.status
      ) ORDER BY r.rn), '[]'::json) FROM ranked r WHERE r.hid = hh.source_id AND r.rn <= ${PAGE_RECORDS}))
  ) ORDER BY hh.source_id), '[]'::json) FROM hh))))::text AS body`;

// ---------------------------------------------------------------- the normalised shape

export interface NormalRecord {
  id: string;
  program: string;
  amount: string;
  frequency: string;
  startDate: string;
  endDate: string | null;
  status: string;
  /** Household query only. */
  more?: Record<string, unknown>;
}

export interface NormalHousehold {
  sourceId: string;
  members: { relation: string; personKey: string; maskedIdNumber: string; name: string | null; birthDate: string; sex: string }[];
  totalCount: number;
  /** Sorted by id (the page may hold fewer than totalCount). */
  records: NormalRecord[];
}

/** Department details under the database's column names (camel case), nulls dropped; null when none. */
const DETAIL_FIELDS: Record<string, Record<string, string>> = {
  CIVIL_AFFAIRS: { dibaoGrade: 'dibaoGrade', assessedIncomePerCapita: 'assessedIncomePerCapita', supportMode: 'supportMode', reason: 'temporaryAssistanceReason' },
  EDUCATION: { schoolTerm: 'schoolTerm', schoolName: 'schoolName', schoolStage: 'schoolStage' },
  HOUSING: { propertyRef: 'propertyRef', floorAreaSqm: 'floorAreaSqm' },
  HEALTHCARE_SECURITY: { hospitalName: 'hospitalName', billTotal: 'billTotal', insurancePaid: 'insurancePaid', admissionDate: 'admissionDate', dischargeDate: 'dischargeDate' },
  HUMAN_RESOURCES: { employer: 'employer', position: 'position', trainingCourse: 'trainingCourse', hoursPerMonth: 'hoursPerMonth' },
  DISABLED_PERSONS_FEDERATION: { disabilityGrade: 'disabilityGrade', disabilityType: 'disabilityType', deviceName: 'deviceName' },
  CHARITY: { purpose: 'purpose' },
};

const PGL_DETAIL_RELATION: Record<string, string> = {
  CIVIL_AFFAIRS: 'civilAffairsRecordDetailByRecordId',
  EDUCATION: 'educationRecordDetailByRecordId',
  HOUSING: 'housingRecordDetailByRecordId',
  HEALTHCARE_SECURITY: 'healthcareRecordDetailByRecordId',
  HUMAN_RESOURCES: 'humanResourcesRecordDetailByRecordId',
  DISABLED_PERSONS_FEDERATION: 'disabilityRecordDetailByRecordId',
  CHARITY: 'charityGrantDetailByRecordId',
};

/** `from` maps a normal detail name to the field name the source uses. */
function details(department: string, source: Record<string, unknown> | null | undefined, useSourceNames: boolean): Record<string, unknown> | null {
  if (!source) return null;
  const out: Record<string, unknown> = {};
  for (const [normal, hubName] of Object.entries(DETAIL_FIELDS[department] ?? {})) {
    const value = source[useSourceNames ? hubName : normal];
    if (value !== null && value !== undefined) out[normal] = value;
  }
  return Object.keys(out).length ? out : null;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function baseRecord(id: string, r: Json): NormalRecord {
  return { id, program: r.program, amount: r.amount, frequency: r.frequency, startDate: r.startDate, endDate: r.endDate ?? null, status: r.status };
}

function more(r: Json, beneficiaryKey: string, detail: Record<string, unknown> | null): Record<string, unknown> {
  return {
    needCategory: r.needCategory,
    eventRef: r.eventRef ?? null,
    expenseBasis: r.expenseBasis ?? null,
    charityProgramCode: r.charityProgramCode ?? null,
    beneficiaryKey,
    details: detail,
  };
}

function member(relation: string, p: Json): NormalHousehold['members'][number] {
  return { relation, personKey: p.personKey, maskedIdNumber: p.maskedIdNumber, name: p.name ?? null, birthDate: p.birthDate, sex: p.sex };
}

/** The hub's household (query household or one node of the page). */
export function normalHub(h: Json | null, withDetails: boolean): NormalHousehold | null {
  if (!h) return null;
  const records: NormalRecord[] = h.assistanceRecords.edges.map(({ node: r }: Json) => {
    const base = baseRecord(r.id, r);
    if (withDetails) base.more = more(r, r.beneficiary.personKey, details(String(r.id).split(':')[0]!, r, true));
    return base;
  });
  return {
    sourceId: h.sourceId,
    members: h.members.map((m: Json) => member(m.relation, m.person)),
    totalCount: h.assistanceRecords.totalCount,
    records: records.sort(byId),
  };
}

/** The hand-written SQL's household (the same shape as the hub's, details nested). */
export function normalSql(h: Json | null, withDetails: boolean): NormalHousehold | null {
  if (!h) return null;
  const records: NormalRecord[] = h.assistanceRecords.nodes.map((r: Json) => {
    const base = baseRecord(r.id, r);
    if (withDetails) base.more = more(r, r.beneficiaryKey, details(String(r.id).split(':')[0]!, r.details, false));
    return base;
  });
  return {
    sourceId: h.sourceId,
    members: h.members.map((m: Json) => member(m.relation, m.person)),
    totalCount: h.assistanceRecords.totalCount,
    records: records.sort(byId),
  };
}

/** PostGraphile's household: the union of its three record lists, the hub's rule applied. */
export function normalPostgraphile(h: Json | null, withDetails: boolean): NormalHousehold | null {
  if (!h) return null;
  const found = new Map<string, Json>();
  const add = (r: Json) => found.set(`${r.department}:${r.sourceRecordId}`, r);
  for (const r of h.assistanceRecordsByHouseholdSourceId.nodes) add(r);
  const members = [...h.householdMembersByHouseholdSourceId.nodes].sort((a: Json, b: Json) => a.position - b.position);
  for (const m of members) {
    for (const r of m.personByPersonKey.assistanceRecordsByBeneficiaryKey.nodes) if (!HOUSEHOLD_LEVEL.includes(r.program)) add(r);
    for (const l of m.personByPersonKey.householdMembersByPersonKey.nodes) {
      for (const r of l.householdByHouseholdSourceId.assistanceRecordsByHouseholdSourceId.nodes) if (HOUSEHOLD_LEVEL.includes(r.program)) add(r);
    }
  }
  const records = [...found].map(([id, r]) => {
    const base = baseRecord(id, r);
    if (withDetails) base.more = more(r, r.beneficiaryKey, details(r.department, r[PGL_DETAIL_RELATION[r.department]!], false));
    return base;
  });
  return {
    sourceId: h.sourceId,
    members: members.map((m: Json) => member(m.relation, m.personByPersonKey)),
    totalCount: records.length,
    records: records.sort(byId),
  };
}

/**
 * The same household in two answers: equal in everything; each answer holds
 * all its records or exactly `cap` of them (a capped list), and the records of
 * the shorter list are found, equal, in the longer. Returns the first
 * difference, or null.
 */
export function difference(a: NormalHousehold | null, b: NormalHousehold | null, cap: number): string | null {
  if (a === null || b === null) return a === b ? null : `one answer is null: ${JSON.stringify(a ?? b).slice(0, 200)}`;
  const head = (h: NormalHousehold) => JSON.stringify({ sourceId: h.sourceId, members: h.members, totalCount: h.totalCount });
  if (head(a) !== head(b)) return `household, members or record count differ:\n  ${head(a)}\n  ${head(b)}`;
  for (const h of [a, b]) {
    if (h.records.length !== h.totalCount && h.records.length !== cap) return `${h.sourceId}: ${h.records.length} records of ${h.totalCount}`;
  }
  const [short, long] = a.records.length <= b.records.length ? [a, b] : [b, a];
  const longById = new Map(long.records.map((r) => [r.id, JSON.stringify(r)]));
  for (const r of short.records) {
    const other = longById.get(r.id);
    if (other !== JSON.stringify(r)) return `record ${r.id} differs:\n  ${JSON.stringify(r)}\n  ${other ?? '(missing)'}`;
  }
  return null;
}
