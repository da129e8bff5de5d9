// No N+1: the statements one household query causes do not grow with the
// number of households, members and records it returns; and the household
// view, the question department systems ask all day, is a handful of
// statements, the audit entry included (issue 11).
import { startTestHub, type TestHub } from '../helpers/hub';
import { family, familyRecords, householdObject } from '../helpers/exchange';

const COUNTY = '510108';
let hub: TestHub;
let admin: string;
const statements: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ demo: true, onStatement: (sql) => statements.push(sql) });
  admin = await hub.token({ role: 'ADMIN', purpose: 'statement count test' });
  const families = Array.from({ length: 50 }, (_, i) => family(COUNTY, i + 1));
  const objects = [
    { type: 'region', code: COUNTY, name: '成华区', parentCode: '510100', level: 'COUNTY' },
    ...families.map((f) => householdObject(COUNTY, f)),
    ...families.flatMap((f, i) => familyRecords(COUNTY, f, i + 1)),
  ];
  const { body } = await hub.graphql(`mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored rejected rejections { index problems { field reason } } } }`, {
    token: admin,
    variables: { o: objects },
  });
  expect(body.data!.submitExchangeBatch).toMatchObject({ stored: objects.length, rejected: 0 });
});
afterAll(() => hub.stop());

const HOUSEHOLDS = `query($first: Int!) {
  households(regionCode: "${COUNTY}", first: $first) { edges { node {
    sourceId township
    members { relation person {
      personKey maskedIdNumber age name
      civilAffairsRecords { id dibaoGrade }
      assistanceRecords { totalCount edges { node { id program amount ... on CivilAffairsRecord { dibaoGrade assessedIncomePerCapita } } } }
    } }
    assistanceRecords { totalCount edges { node {
      id department program amount frequency startDate endDate status needCategory
      beneficiary { maskedIdNumber }
      ... on CivilAffairsRecord { dibaoGrade }
    } } }
  } } }
}`;

async function countFor(first: number) {
  statements.length = 0;
  const { body } = await hub.graphql(HOUSEHOLDS, { token: admin, variables: { first } });
  expect(body.errors).toBeUndefined();
  const households = body.data!.households.edges.map((e: any) => e.node);
  return { count: statements.length, households };
}

test('the household query costs the same number of statements for 1 and for 50 households', async () => {
  // The audit writer reads the chain's head once per process, at its first write.
  await countFor(1);
  const one = await countFor(1);
  const fifty = await countFor(50);
  expect(one.households).toHaveLength(1);
  expect(fifty.households).toHaveLength(50);
  // Every household really came back with its members and all three departments' records.
  for (const household of fifty.households) {
    expect(household.members).toHaveLength(3);
    expect(household.assistanceRecords.totalCount).toBe(3);
    expect(new Set(household.assistanceRecords.edges.map((e: any) => e.node.department))).toEqual(
      new Set(['CIVIL_AFFAIRS', 'EDUCATION', 'HEALTHCARE_SECURITY']),
    );
  }
  console.log(`statements for 1 household: ${one.count}; for 50 households: ${fifty.count}`);
  expect(fifty.count).toBe(one.count);
});

const HOUSEHOLD_VIEW = `query($s: ID!) { household(sourceId: $s) {
  sourceId township
  members { relation person { personKey maskedIdNumber age name assistanceRecords { totalCount } } }
  assistanceRecords(first: 50) { totalCount edges { node {
    id department program amount startDate endDate status
    ... on CivilAffairsRecord { dibaoGrade assessedIncomePerCapita }
    ... on EducationRecord { schoolTerm schoolName }
    ... on HealthcareSecurityRecord { hospitalName billTotal }
  } } }
} }`;

test('the household view with every member and every record with its details takes at most 4 statements, its audit entry included', async () => {
  const sourceId = family(COUNTY, 7).sourceId;
  await hub.graphql(HOUSEHOLD_VIEW, { token: admin, variables: { s: sourceId } });
  statements.length = 0;
  const { body } = await hub.graphql(HOUSEHOLD_VIEW, { token: admin, variables: { s: sourceId } });
  expect(body.errors).toBeUndefined();
  const household = body.data!.household;
  expect(household.members).toHaveLength(3);
  // Each department's details came back with the records (from the assistance subgraph's one statement).
  const records = household.assistanceRecords.edges.map((e: any) => e.node);
  expect(records.find((r: any) => r.department === 'CIVIL_AFFAIRS')).toMatchObject({ dibaoGrade: 2, assessedIncomePerCapita: '420.00' });
  expect(records.find((r: any) => r.department === 'EDUCATION')).toMatchObject({ schoolTerm: '2026-SPRING' });
  // A purpose-bound read of names and income: it was audited in the same request.
  expect(statements.filter((sql) => /^\s*INSERT INTO audit_entry\b/.test(sql))).toHaveLength(1);
  console.log(`statements for the household view: ${statements.length}`);
  expect(statements.length).toBeLessThanOrEqual(4);
});

test('a page that asks only for the records\' common fields does not join the department detail tables', async () => {
  const page = `{ households(regionCode: "${COUNTY}", first: 20) { edges { node {
    sourceId assistanceRecords(first: 20) { totalCount edges { node { id program amount startDate status } } }
  } } } }`;
  statements.length = 0;
  const { body } = await hub.graphql(page, { token: admin });
  expect(body.errors).toBeUndefined();
  expect(body.data!.households.edges.every((e: any) => e.node.assistanceRecords.totalCount === 3)).toBe(true);
  expect(statements.some((sql) => sql.includes('assistance_record'))).toBe(true);
  expect(statements.filter((sql) => sql.includes('_record_detail'))).toEqual([]);
});
