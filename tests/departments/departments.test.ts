// The five department subgraphs (education, housing, healthcare security, human
// resources, disabled persons' federation) through the gateway over real HTTP:
// a submitted record's typed details come back on the department's record type
// and via Person.<dept>Records, each catalogue lists exactly its programs,
// personal details need a purpose, and housing lists a household's grants.
import type { Department } from '../../src/db/client/prisma/enums';
import { checkCharacter } from '../../src/lib/ids';
import { PROGRAMS, programsOf } from '../../src/departments/programs';
import { startTestHub, type TestHub } from '../helpers/hub';

/** A valid ID number with a birth date and sequence the demo data set is unlikely to use. */
function idNumber(sequence: number, birth = '19330517'): string {
  const first17 = `510104${birth}${sequence}`;
  return first17 + checkCharacter(first17);
}

const HEAD = idNumber(901);
const CHILD = idNumber(902, '20150301');
const OTHER_HEAD = idNumber(903);
const HOUSEHOLD = 'HH-510104-DEPT-01';
const OTHER_HOUSEHOLD = 'HH-510104-DEPT-02';

const record = (fields: Record<string, unknown>) => ({
  type: 'record',
  beneficiaryIdNumber: HEAD,
  regionCode: '510104',
  amount: '300.00',
  frequency: 'ONE_OFF',
  startDate: '2026-03-01',
  endDate: '2026-03-01',
  status: 'ACTIVE',
  ...fields,
});

const household = (sourceId: string, members: { idNumber: string; relation: string }[]) => ({
  type: 'household',
  sourceId,
  regionCode: '510104',
  township: '春熙路街道',
  area: 'URBAN',
  monthlyIncomePerCapita: '500.00',
  members,
});

const BATCH = [
  household(HOUSEHOLD, [
    { idNumber: HEAD, relation: 'HEAD' },
    { idNumber: CHILD, relation: 'CHILD' },
  ]),
  household(OTHER_HOUSEHOLD, [{ idNumber: OTHER_HEAD, relation: 'HEAD' }]),
  record({
    department: 'EDUCATION',
    sourceRecordId: 'DEPT-EDU-1',
    program: 'EDU_GRANT',
    beneficiaryIdNumber: CHILD,
    needCategory: 'EDUCATION',
    frequency: 'PER_TERM',
    endDate: '2026-07-15',
    details: { schoolTerm: '2026-SPRING', schoolName: '锦江区实验小学', schoolStage: 'PRIMARY' },
  }),
  record({
    department: 'HOUSING',
    sourceRecordId: 'DEPT-HOU-1',
    program: 'PUBLIC_RENTAL',
    householdSourceId: HOUSEHOLD,
    needCategory: 'HOUSING',
    frequency: 'MONTHLY',
    endDate: null,
    amount: '450.00',
    details: { propertyRef: 'GZF-510104-0042', floorAreaSqm: '45.5' },
  }),
  record({
    department: 'HEALTHCARE_SECURITY',
    sourceRecordId: 'DEPT-MED-1',
    program: 'MEDICAL_ASSISTANCE',
    needCategory: 'MEDICAL',
    amount: '9000.00',
    eventRef: 'BILL-2026-0001',
    details: {
      hospitalName: '四川大学华西医院',
      billTotal: '38000.00',
      insurancePaid: '25000.50',
      admissionDate: '2026-02-01',
      dischargeDate: '2026-02-20',
    },
  }),
  record({
    department: 'HEALTHCARE_SECURITY',
    sourceRecordId: 'DEPT-MED-2',
    program: 'MEDICAL_PREMIUM_SUBSIDY',
    needCategory: 'MEDICAL',
    startDate: '2026-01-15',
    endDate: '2026-01-15',
    details: { billTotal: '1200.00' },
  }),
  record({
    department: 'HUMAN_RESOURCES',
    sourceRecordId: 'DEPT-HR-1',
    program: 'PUBLIC_WELFARE_JOB',
    needCategory: 'EMPLOYMENT',
    frequency: 'MONTHLY',
    endDate: '2026-12-31',
    amount: '1500.00',
    details: { employer: '春熙路街道办事处', position: '保洁员', trainingCourse: '岗前安全培训', hoursPerMonth: 80 },
  }),
  record({
    department: 'DISABLED_PERSONS_FEDERATION',
    sourceRecordId: 'DEPT-DIS-1',
    program: 'DISABILITY_NURSING_SUBSIDY',
    needCategory: 'DISABILITY_CARE',
    frequency: 'MONTHLY',
    endDate: null,
    amount: '100.00',
    details: { disabilityGrade: 1, disabilityType: 'PHYSICAL', deviceName: 'wheelchair' },
  }),
];

interface DepartmentCase {
  department: Department;
  typeName: string;
  personField: string;
  programsQuery: string;
  recordId: string;
  beneficiary: 'HEAD' | 'CHILD';
  fields: Record<string, unknown>;
  /** Fields refused without a purpose. */
  personal: string[];
  /** A record of this department reveals illness or disability by existing: without a purpose it is not there (ACCESS.md v2). */
  revealsHealth?: boolean;
}

const CASES: DepartmentCase[] = [
  {
    department: 'EDUCATION',
    typeName: 'EducationRecord',
    personField: 'educationRecords',
    programsQuery: 'educationPrograms',
    recordId: 'EDUCATION:DEPT-EDU-1',
    beneficiary: 'CHILD',
    fields: { schoolTerm: '2026-SPRING', schoolName: '锦江区实验小学', schoolStage: 'PRIMARY' },
    personal: [],
  },
  {
    department: 'HOUSING',
    typeName: 'HousingRecord',
    personField: 'housingRecords',
    programsQuery: 'housingPrograms',
    recordId: 'HOUSING:DEPT-HOU-1',
    beneficiary: 'HEAD',
    fields: { propertyRef: 'GZF-510104-0042', floorAreaSqm: '45.50' },
    personal: [],
  },
  {
    department: 'HEALTHCARE_SECURITY',
    typeName: 'HealthcareSecurityRecord',
    personField: 'healthcareSecurityRecords',
    programsQuery: 'healthcareSecurityPrograms',
    recordId: 'HEALTHCARE_SECURITY:DEPT-MED-1',
    beneficiary: 'HEAD',
    fields: {
      hospitalName: '四川大学华西医院',
      billTotal: '38000.00',
      insurancePaid: '25000.50',
      outOfPocket: '12999.50',
      admissionDate: '2026-02-01',
      dischargeDate: '2026-02-20',
    },
    personal: ['hospitalName', 'billTotal', 'insurancePaid', 'outOfPocket', 'admissionDate', 'dischargeDate'],
    revealsHealth: true,
  },
  {
    department: 'HUMAN_RESOURCES',
    typeName: 'HumanResourcesRecord',
    personField: 'humanResourcesRecords',
    programsQuery: 'humanResourcesPrograms',
    recordId: 'HUMAN_RESOURCES:DEPT-HR-1',
    beneficiary: 'HEAD',
    fields: { employer: '春熙路街道办事处', position: '保洁员', trainingCourse: '岗前安全培训', hoursPerMonth: 80 },
    personal: [],
  },
  {
    department: 'DISABLED_PERSONS_FEDERATION',
    typeName: 'DisabilityRecord',
    personField: 'disabilityRecords',
    programsQuery: 'disabilityPrograms',
    recordId: 'DISABLED_PERSONS_FEDERATION:DEPT-DIS-1',
    beneficiary: 'HEAD',
    fields: { disabilityGrade: 1, disabilityType: 'PHYSICAL', deviceName: 'wheelchair' },
    personal: ['disabilityGrade', 'disabilityType'],
    revealsHealth: true,
  },
];

let hub: TestHub;
let withPurpose: string;
let withoutPurpose: string;
const personKeys: Record<'HEAD' | 'CHILD', string> = { HEAD: '', CHILD: '' };

beforeAll(async () => {
  hub = await startTestHub({ demo: true });
  withPurpose = await hub.token({ role: 'ADMIN', purpose: 'department subgraph test' });
  withoutPurpose = await hub.token({ role: 'ADMIN' });
  const submitted = await hub.graphql(
    `mutation($objects: [JSON!]!) { submitExchangeBatch(objects: $objects) { stored rejected rejections { index problems { field reason } } } }`,
    { token: withPurpose, variables: { objects: BATCH } },
  );
  expect(submitted.body.errors).toBeUndefined();
  expect(submitted.body.data!.submitExchangeBatch).toMatchObject({ stored: BATCH.length, rejected: 0, rejections: [] });
  const members = await hub.graphql(`query($s: ID!) { household(sourceId: $s) { members { relation person { personKey } } } }`, {
    token: withPurpose,
    variables: { s: HOUSEHOLD },
  });
  for (const m of members.body.data!.household.members) personKeys[m.relation as 'HEAD' | 'CHILD'] = m.person.personKey;
  expect(personKeys.HEAD).toMatch(/^[0-9a-f]{64}$/);
  expect(personKeys.CHILD).toMatch(/^[0-9a-f]{64}$/);
  // Starting the hub and seeding the demo data set is slow on a busy machine.
}, 300_000);
afterAll(() => hub?.stop());

const selection = (c: DepartmentCase) => Object.keys(c.fields).join(' ');

describe.each(CASES.map((c) => [c.department, c] as const))('%s', (_department, c) => {
  test(`typed details come back on ${c.typeName} through the gateway`, async () => {
    const { body } = await hub.graphql(
      `query($id: ID!) { assistanceRecord(id: $id) { __typename id department ... on ${c.typeName} { ${selection(c)} } } }`,
      { token: withPurpose, variables: { id: c.recordId } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.assistanceRecord).toEqual({ __typename: c.typeName, id: c.recordId, department: c.department, ...c.fields });
  });

  test(`Person.${c.personField} lists the beneficiary's records with their details`, async () => {
    const { body } = await hub.graphql(`query($p: ID!) { person(personKey: $p) { ${c.personField} { id ${selection(c)} } } }`, {
      token: withPurpose,
      variables: { p: personKeys[c.beneficiary] },
    });
    expect(body.errors).toBeUndefined();
    const records = body.data!.person[c.personField] as { id: string }[];
    expect(records.find((r) => r.id === c.recordId)).toEqual({ id: c.recordId, ...c.fields });
    expect(records.every((r) => r.id.startsWith(`${c.department}:`))).toBe(true);
  });

  test(`${c.programsQuery} lists exactly the programs of ${c.department}`, async () => {
    const { body } = await hub.graphql(`{ ${c.programsQuery} { program department householdLevel description } }`, {
      token: withoutPurpose,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data![c.programsQuery]).toEqual(
      programsOf(c.department).map((program) => ({
        program,
        department: c.department,
        householdLevel: PROGRAMS[program].householdLevel,
        description: PROGRAMS[program].description,
      })),
    );
  });

  const recordAndPerson = `query($id: ID!, $p: ID!) {
    assistanceRecord(id: $id) { id program ... on ${c.typeName} { ${selection(c)} } }
    person(personKey: $p) { personKey ${c.personField} { id ${selection(c)} } }
  }`;

  if (c.revealsHealth) {
    test('without a purpose its records are not there at all, like an unknown record and a person with none', async () => {
      const { body } = await hub.graphql(recordAndPerson, { token: withoutPurpose, variables: { id: c.recordId, p: personKeys[c.beneficiary] } });
      expect(body.errors).toBeUndefined();
      expect(body.data!.assistanceRecord).toBeNull();
      expect(body.data!.person).toEqual({ personKey: personKeys[c.beneficiary], [c.personField]: [] });
      const unknown = await hub.graphql(recordAndPerson, { token: withoutPurpose, variables: { id: `${c.department}:DEPT-NONE`, p: personKeys[c.beneficiary] } });
      expect(unknown.body.data).toEqual(body.data);
    });
    return;
  }

  test(
    c.personal.length > 0
      ? `without a purpose ${c.personal.join(', ')} are refused and the rest of the answer still comes`
      : 'every detail is readable without a purpose',
    async () => {
      const { body } = await hub.graphql(
        `query($id: ID!, $p: ID!) {
          assistanceRecord(id: $id) { id program ... on ${c.typeName} { ${selection(c)} } }
          person(personKey: $p) { personKey ${c.personField} { id ${selection(c)} } }
        }`,
        { token: withoutPurpose, variables: { id: c.recordId, p: personKeys[c.beneficiary] } },
      );
      const withheld = Object.fromEntries(c.personal.map((f) => [f, null]));
      const expected = { ...c.fields, ...withheld };
      expect(body.data!.assistanceRecord).toEqual({ id: c.recordId, program: expect.any(String), ...expected });
      expect(body.data!.person.personKey).toBe(personKeys[c.beneficiary]);
      expect((body.data!.person[c.personField] as { id: string }[]).find((r) => r.id === c.recordId)).toEqual({
        id: c.recordId,
        ...expected,
      });
      // One refusal per withheld field of each record returned (the person may have more of this department's records).
      const errors = body.errors ?? [];
      expect(errors.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      expect([...new Set(errors.map((e) => e.path?.at(-1)))].sort()).toEqual([...c.personal].sort());
      for (const field of c.personal) {
        expect(errors.map((e) => e.path)).toContainEqual(['assistanceRecord', field]);
        expect(errors.map((e) => e.path)).toContainEqual(['person', c.personField, expect.any(Number), field]);
      }
    },
  );
});

test('outOfPocket is null unless both billTotal and insurancePaid are known', async () => {
  const { body } = await hub.graphql(
    `{ assistanceRecord(id: "HEALTHCARE_SECURITY:DEPT-MED-2") { ... on HealthcareSecurityRecord { billTotal insurancePaid outOfPocket hospitalName } } }`,
    { token: withPurpose },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data!.assistanceRecord).toEqual({ billTotal: '1200.00', insurancePaid: null, outOfPocket: null, hospitalName: null });
});

test('Household.housingRecords lists the housing grants of that household, and only those', async () => {
  const { body } = await hub.graphql(
    `query($a: ID!, $b: ID!) {
      mine: household(sourceId: $a) {
        housingRecords { id program household { sourceId } beneficiary { personKey } propertyRef floorAreaSqm }
        members { relation person { housingRecords { id } } }
      }
      other: household(sourceId: $b) { housingRecords { id } }
    }`,
    { token: withoutPurpose, variables: { a: HOUSEHOLD, b: OTHER_HOUSEHOLD } },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data!.mine.housingRecords).toEqual([
    {
      id: 'HOUSING:DEPT-HOU-1',
      program: 'PUBLIC_RENTAL',
      household: { sourceId: HOUSEHOLD },
      beneficiary: { personKey: personKeys.HEAD },
      propertyRef: 'GZF-510104-0042',
      floorAreaSqm: '45.50',
    },
  ]);
  // Person.housingRecords is by beneficiary (the head); Household.housingRecords covers the household.
  const byRelation = Object.fromEntries(
    body.data!.mine.members.map((m: any) => [m.relation, m.person.housingRecords.map((r: any) => r.id)]),
  );
  expect(byRelation).toEqual({ HEAD: ['HOUSING:DEPT-HOU-1'], CHILD: [] });
  expect(body.data!.other.housingRecords).toEqual([]);
});

test('the typed records show through the household view of every department (一户一档)', async () => {
  const { body } = await hub.graphql(
    `query($s: ID!) { household(sourceId: $s) { assistanceRecords(first: 50) { edges { node { id
      ${CASES.map((c) => `... on ${c.typeName} { ${selection(c)} }`).join('\n')}
    } } } } }`,
    { token: withPurpose, variables: { s: HOUSEHOLD } },
  );
  expect(body.errors).toBeUndefined();
  const nodes = body.data!.household.assistanceRecords.edges.map((e: any) => e.node);
  for (const c of CASES) expect(nodes).toContainEqual({ id: c.recordId, ...c.fields });
});

test('a caller who may not read records (CHARITY) is refused every department catalogue', async () => {
  const charity = await hub.token({ role: 'CHARITY', org: 'RED-CROSS-SC', purpose: 'test' });
  const { body } = await hub.graphql(`{ ${CASES.map((c) => `${c.programsQuery} { program }`).join(' ')} }`, { token: charity });
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.map((e) => e.path?.[0])).toEqual(CASES.map((c) => c.programsQuery));
  expect(body.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
});
