// Charities through the gateway over HTTP: registering and changing their own
// programs, paying grants from them, and what other charities and officers
// may see. The charity subgraph alone is checked for `_entities` (a subgraph
// reached directly gives no more than the gateway).
import { checkCharacter, personKey } from '../../src/lib/ids';
import { ingest } from '../../src/ingest/service';
import { postGraphql, startTestHub, type TestHub } from '../helpers/hub';
import { signedIdentityHeaders, type CallerClaims } from '../helpers/subgraph';
import { SignJWT } from 'jose';

const ORG = 'RED-CROSS-SC';
const OTHER = 'ONE-FOUNDATION-SC';
const CODE = 'RED-CROSS-SC-2026-T01';
const OTHER_CODE = 'ONE-FOUNDATION-SC-2026-T01';

let sequence = 400;
/** A valid resident ID number: county 510104, a real birth date, the MOD 11-2 check character. */
function idNumber(birth = '20120315'): string {
  const first17 = `510104${birth}${++sequence}`;
  return first17 + checkCharacter(first17);
}

const REGISTER = `mutation($input: CharityProgramInput!) { registerCharityProgram(input: $input) {
  code name organization needCategory regionCodes budget startDate endDate granted grantCount } }`;
const UPDATE = `mutation($code: ID!, $input: CharityProgramUpdateInput!) { updateCharityProgram(code: $code, input: $input) {
  code name budget endDate } }`;
const GRANT = `mutation($input: CharityGrantInput!) { recordCharityGrant(input: $input) {
  id purpose charityProgram { code granted grantCount } } }`;
const PROGRAM = `query($code: ID!) { charityProgram(code: $code) { code organization budget granted grantCount } }`;
const PROGRAMS = `{ charityPrograms(first: 100) { totalCount edges { node { code organization granted grantCount } } } }`;
const SUBMIT = `mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored rejected rejections { index problems { field reason } } } }`;

const programInput = (code: string, fields: Record<string, unknown> = {}) => ({
  code,
  name: '红十字博爱助学（测试）',
  needCategory: 'EDUCATION',
  regionCodes: ['5101'],
  budget: '500000',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  ...fields,
});

const child = idNumber();
const grantInput = (sourceRecordId: string, fields: Record<string, unknown> = {}) => ({
  sourceRecordId,
  charityProgramCode: CODE,
  beneficiaryIdNumber: child,
  regionCode: '510104',
  amount: '1200.5',
  frequency: 'ONE_OFF',
  startDate: '2026-09-01',
  purpose: '2026年秋季学期助学金',
  ...fields,
});

const firstError = (body: { errors?: { extensions?: Record<string, any> }[] }) => body.errors?.[0]?.extensions;
const listed = (body: any): any[] => body.data.charityPrograms.edges.map((e: any) => e.node);

describe('through the gateway', () => {
  let hub: TestHub;
  let charity: string;
  let other: string;

  beforeAll(async () => {
    hub = await startTestHub({ demo: true });
    charity = await hub.token({ role: 'CHARITY', org: ORG, sub: 'rc-sc-operator' });
    other = await hub.token({ role: 'CHARITY', org: OTHER, sub: 'one-sc-operator' });
    // The grantee is a person the hub knows, living in the programs' regions: a charity never creates a person (ACCESS.md v2).
    const grantee = await ingest(hub.db.prisma, [{ position: 0, input: { type: 'person', idNumber: child, residenceRegionCode: '510104' } }], {
      sender: { name: 'test:admin', department: null },
      personKeyPepper: hub.config.idPepper,
    });
    expect(grantee.rejected).toBe(0);
  }, 300_000); // seeding the demo data set on the embedded database takes a while on a busy machine
  afterAll(() => hub.stop());

  /** CHARITY without `org`: claims that do not agree (ACCESS.md v2), which mintToken refuses to sign, so signed here. */
  const charityTokenWithoutOrg = () =>
    new SignJWT({ sub: 'no-org-operator', role: 'CHARITY', regions: ['51'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('assist-hub')
      .setAudience('assist-hub')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(hub.config.jwtSecret));

  test('a charity registers a program under the organisation of its token, and sees it', async () => {
    const { body } = await hub.graphql(REGISTER, { token: charity, variables: { input: programInput(CODE) } });
    expect(body.errors).toBeUndefined();
    expect(body.data!.registerCharityProgram).toEqual({
      code: CODE,
      name: '红十字博爱助学（测试）',
      organization: ORG,
      needCategory: 'EDUCATION',
      regionCodes: ['5101'],
      budget: '500000.00',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      granted: '0.00',
      grantCount: 0,
    });
    const one = await hub.graphql(PROGRAM, { token: charity, variables: { code: CODE } });
    expect(one.body.data!.charityProgram).toMatchObject({ code: CODE, organization: ORG });
    const list = await hub.graphql(PROGRAMS, { token: charity });
    expect(list.body.errors).toBeUndefined();
    expect(listed(list.body).map((p) => p.code)).toContain(CODE);
    // Only its own organisation's programs, whatever else the hub holds.
    expect(new Set(listed(list.body).map((p) => p.organization))).toEqual(new Set([ORG]));
    expect(list.body.data!.charityPrograms.totalCount).toBe(listed(list.body).length);
  });

  test('registering a code again is refused; the stored program is untouched', async () => {
    const { body } = await hub.graphql(REGISTER, { token: charity, variables: { input: programInput(CODE, { budget: '1.00' }) } });
    expect(firstError(body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    const program = await hub.db.prisma.charityProgram.findUniqueOrThrow({ where: { code: CODE } });
    expect(program.budget.toFixed(2)).toBe('500000.00');
  });

  test('exchange validation applies to GraphQL input too, with the field and the reason', async () => {
    const badRegions = await hub.graphql(REGISTER, {
      token: charity,
      variables: { input: programInput('RED-CROSS-SC-2026-BAD', { regionCodes: ['510'] }) },
    });
    expect(firstError(badRegions.body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCodes.0' });
    const backwards = await hub.graphql(REGISTER, {
      token: charity,
      variables: { input: programInput('RED-CROSS-SC-2026-BAD', { endDate: '2025-12-31' }) },
    });
    expect(firstError(backwards.body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate' });
    expect(await hub.db.prisma.charityProgram.count({ where: { code: 'RED-CROSS-SC-2026-BAD' } })).toBe(0);
  });

  test('the charity changes its budget; the change is stored with history', async () => {
    const { body } = await hub.graphql(UPDATE, { token: charity, variables: { code: CODE, input: { budget: '650000' } } });
    expect(body.errors).toBeUndefined();
    // Omitted fields keep their stored values.
    expect(body.data!.updateCharityProgram).toEqual({ code: CODE, name: '红十字博爱助学（测试）', budget: '650000.00', endDate: '2026-12-31' });
    const events = await hub.db.prisma.changeEvent.findMany({
      where: { entityType: 'charityProgram', entityKey: CODE },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.action, e.sender])).toEqual([
      ['CREATED', 'rc-sc-operator'],
      ['UPDATED', 'rc-sc-operator'],
    ]);
    expect(events[1]!.previous).toMatchObject({ budget: '500000.00', organization: ORG, name: '红十字博爱助学（测试）' });
    expect(events[1]!.current).toMatchObject({ budget: '650000.00', organization: ORG, name: '红十字博爱助学（测试）' });
    // The same change again stores nothing.
    await hub.graphql(UPDATE, { token: charity, variables: { code: CODE, input: { budget: '650000.00' } } });
    expect(await hub.db.prisma.changeEvent.count({ where: { entityType: 'charityProgram', entityKey: CODE } })).toBe(2);
  });

  test('another charity cannot see the program, change it, or pay a grant from it', async () => {
    const one = await hub.graphql(PROGRAM, { token: other, variables: { code: CODE } });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data).toEqual({ charityProgram: null });
    const unknown = await hub.graphql(PROGRAM, { token: other, variables: { code: 'NO-SUCH-PROGRAM' } });
    expect(unknown.body).toEqual(one.body); // invisible looks exactly like unknown

    const list = await hub.graphql(PROGRAMS, { token: other });
    expect(list.body.errors).toBeUndefined();
    expect(listed(list.body).map((p) => p.code)).not.toContain(CODE);

    const update = await hub.graphql(UPDATE, { token: other, variables: { code: CODE, input: { budget: '1.00' } } });
    expect(update.body.data).toBeNull();
    expect(firstError(update.body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });

    const grant = await hub.graphql(GRANT, { token: other, variables: { input: grantInput('ONE-G-1') } });
    expect(grant.body.data).toEqual({ recordCharityGrant: null });
    expect(firstError(grant.body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'charityProgramCode' });

    const program = await hub.db.prisma.charityProgram.findUniqueOrThrow({ where: { code: CODE } });
    expect([program.organization, program.budget.toFixed(2)]).toEqual([ORG, '650000.00']);
    expect(await hub.db.prisma.assistanceRecord.count({ where: { charityProgramCode: CODE } })).toBe(0);
  });

  test('the exchange path refuses the same thing: the record handler checks the sending organisation', async () => {
    const { body } = await hub.graphql(SUBMIT, {
      token: other,
      variables: {
        o: [
          {
            type: 'record', department: 'CHARITY', sourceRecordId: 'ONE-G-2', program: 'CHARITY_GRANT', beneficiaryIdNumber: child,
            regionCode: '510104', amount: '10.00', frequency: 'ONE_OFF', startDate: '2026-09-01', status: 'ACTIVE',
            needCategory: 'EDUCATION', charityProgramCode: CODE,
          },
          { type: 'charityProgram', ...programInput(CODE, { budget: '1.00' }), organization: OTHER },
        ],
      },
    });
    expect(body.errors).toBeUndefined();
    const result = body.data!.submitExchangeBatch;
    expect(result).toMatchObject({ stored: 0, rejected: 2 });
    expect(result.rejections[0].problems[0]).toMatchObject({ field: 'charityProgramCode' });
    expect(result.rejections[1].problems[0]).toMatchObject({ field: 'code' });
  });

  test('a grant from its own program is stored and counted in granted / grantCount as 2-decimal strings', async () => {
    const first = await hub.graphql(GRANT, { token: charity, variables: { input: grantInput('RCSC-G-1') } });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.recordCharityGrant).toEqual({
      id: 'CHARITY:RCSC-G-1',
      purpose: '2026年秋季学期助学金',
      charityProgram: { code: CODE, granted: '1200.50', grantCount: 1 },
    });
    const stored = await hub.db.prisma.assistanceRecord.findUniqueOrThrow({
      where: { department_sourceRecordId: { department: 'CHARITY', sourceRecordId: 'RCSC-G-1' } },
      include: { charity: true },
    });
    expect(stored).toMatchObject({
      program: 'CHARITY_GRANT',
      needCategory: 'EDUCATION', // the program's
      charityProgramCode: CODE,
      sender: 'rc-sc-operator',
      beneficiaryKey: personKey(child, hub.config.idPepper),
      charity: { purpose: '2026年秋季学期助学金' },
    });
    expect(stored.endDate?.toISOString().slice(0, 10)).toBe('2026-09-01'); // ONE_OFF: the payment date

    await hub.graphql(GRANT, {
      token: charity,
      variables: { input: grantInput('RCSC-G-2', { amount: '300', frequency: 'MONTHLY', endDate: null, purpose: null }) },
    });
    const cancelled = await hub.graphql(GRANT, { token: charity, variables: { input: grantInput('RCSC-G-3', { amount: '999', status: 'CANCELLED' }) } });
    expect(cancelled.body.errors).toBeUndefined();
    expect(cancelled.body.data!.recordCharityGrant.charityProgram).toEqual({ code: CODE, granted: '1500.50', grantCount: 2 });

    const list = await hub.graphql(PROGRAMS, { token: charity });
    expect(listed(list.body).find((p) => p.code === CODE)).toEqual({ code: CODE, organization: ORG, granted: '1500.50', grantCount: 2 });
  });

  test('a grant with a bad ID number or an unknown county is refused with the field', async () => {
    const badId = await hub.graphql(GRANT, {
      token: charity,
      variables: { input: grantInput('RCSC-G-9', { beneficiaryIdNumber: child.slice(0, 17) + (child.endsWith('0') ? '1' : '0') }) },
    });
    expect(firstError(badId.body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'beneficiaryIdNumber' });
    const badRegion = await hub.graphql(GRANT, { token: charity, variables: { input: grantInput('RCSC-G-9', { regionCode: '510199' }) } });
    expect(firstError(badRegion.body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect(await hub.db.prisma.assistanceRecord.count({ where: { department: 'CHARITY', sourceRecordId: 'RCSC-G-9' } })).toBe(0);
  });

  test('another charity cannot overwrite a grant by reusing its sourceRecordId', async () => {
    const registered = await hub.graphql(REGISTER, { token: other, variables: { input: programInput(OTHER_CODE) } });
    expect(registered.body.errors).toBeUndefined();
    const { body } = await hub.graphql(GRANT, {
      token: other,
      variables: { input: grantInput('RCSC-G-1', { charityProgramCode: OTHER_CODE, amount: '1.00' }) },
    });
    expect(firstError(body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sourceRecordId' });
    const grant = await hub.db.prisma.assistanceRecord.findUniqueOrThrow({
      where: { department_sourceRecordId: { department: 'CHARITY', sourceRecordId: 'RCSC-G-1' } },
    });
    expect([grant.charityProgramCode, grant.amount.toFixed(2)]).toEqual([CODE, '1200.50']);
    // Its own grant from its own program is fine, and counts only there.
    const own = await hub.graphql(GRANT, { token: other, variables: { input: grantInput('ONE-G-1', { charityProgramCode: OTHER_CODE }) } });
    expect(own.body.data!.recordCharityGrant.charityProgram).toEqual({ code: OTHER_CODE, granted: '1200.50', grantCount: 1 });
  });

  test('the batch path refuses a charity reusing another organisation\'s grant id', async () => {
    const { body } = await hub.graphql(SUBMIT, {
      token: other,
      variables: {
        o: [{
          type: 'record', department: 'CHARITY', sourceRecordId: 'RCSC-G-1', program: 'CHARITY_GRANT', beneficiaryIdNumber: child,
          regionCode: '510104', amount: '1.00', frequency: 'ONE_OFF', startDate: '2026-09-01', status: 'ACTIVE',
          needCategory: 'EDUCATION', charityProgramCode: OTHER_CODE,
        }],
      },
    });
    expect(body.data!.submitExchangeBatch.rejections[0].problems[0]).toMatchObject({ field: 'sourceRecordId' });
    const grant = await hub.db.prisma.assistanceRecord.findUniqueOrThrow({
      where: { department_sourceRecordId: { department: 'CHARITY', sourceRecordId: 'RCSC-G-1' } },
    });
    expect(grant.charityProgramCode).toBe(CODE);
  });

  test('a charity token without an organisation is refused at the door (TOKEN_BAD_CLAIM) and can send nothing through the batch path', async () => {
    const anonymousCharity = await charityTokenWithoutOrg();
    const { status, body } = await hub.graphql(SUBMIT, {
      token: anonymousCharity,
      variables: { o: [{ type: 'charityProgram', ...programInput(CODE, { budget: '1.00' }), organization: ORG }] },
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_CLAIM' });
    const program = await hub.db.prisma.charityProgram.findUniqueOrThrow({ where: { code: CODE } });
    expect(program.budget.toFixed(2)).not.toBe('1.00');
  });

  test('a charity reads the core of its own grants (amount, status); direct record lookups stay with officers', async () => {
    const query = `query($id: ID!) { assistanceRecord(id: $id) { id } }`;
    const mine = await hub.graphql(`mutation($input: CharityGrantInput!) { recordCharityGrant(input: $input) { id amount status startDate } }`, {
      token: charity,
      variables: { input: grantInput('RCSC-G-1') },
    });
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data!.recordCharityGrant).toEqual({ id: 'CHARITY:RCSC-G-1', amount: '1200.50', status: 'ACTIVE', startDate: '2026-09-01' });
    // Looking records up directly is for officers and auditors, not charities.
    const lookup = await hub.graphql(query, { token: charity, variables: { id: 'CHARITY:RCSC-G-1' } });
    expect(firstError(lookup.body)).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('a charity lists the grants of its own program with their core fields; another charity cannot reach them', async () => {
    const query = `query($code: ID!) { charityProgram(code: $code) { code grants { id amount status purpose } } }`;
    const mine = await hub.graphql(query, { token: charity, variables: { code: CODE } });
    expect(mine.body.errors).toBeUndefined();
    const grants = mine.body.data!.charityProgram.grants;
    expect(grants.map((g: any) => g.id)).toEqual(expect.arrayContaining(['CHARITY:RCSC-G-1', 'CHARITY:RCSC-G-2', 'CHARITY:RCSC-G-3']));
    expect(grants.find((g: any) => g.id === 'CHARITY:RCSC-G-1')).toMatchObject({ amount: '1200.50', status: 'ACTIVE' });
    const theirs = await hub.graphql(query, { token: other, variables: { code: CODE } });
    expect(theirs.body.data!.charityProgram).toBeNull();
  });

  test('an organisation in the input is refused by GraphQL validation (no mass assignment)', async () => {
    const literal = await hub.graphql(
      `mutation { registerCharityProgram(input: { code: "RED-CROSS-SC-2026-ORG", name: "x", organization: "${OTHER}",
        needCategory: LIVING, regionCodes: ["51"], budget: "1.00", startDate: "2026-01-01" }) { code organization } }`,
      { token: charity },
    );
    expect(literal.status).toBe(400);
    expect(literal.body.data).toBeUndefined();
    expect(firstError(literal.body)?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.body.errors![0]!.message).toMatch(/organization/);

    const variables = await hub.graphql(REGISTER, {
      token: charity,
      variables: { input: { ...programInput('RED-CROSS-SC-2026-ORG'), organization: OTHER } },
    });
    expect(variables.status).toBe(400);
    expect(variables.body.data).toBeUndefined();
    expect(variables.body.errors![0]!.message).toMatch(/organization/);
    expect(await hub.db.prisma.charityProgram.count({ where: { code: 'RED-CROSS-SC-2026-ORG' } })).toBe(0);
  });

  test('a charity token without an organisation may write nothing and read nothing: it is refused at the door (TOKEN_BAD_CLAIM)', async () => {
    const anonymous = await charityTokenWithoutOrg();
    const { status, body } = await hub.graphql(REGISTER, { token: anonymous, variables: { input: programInput('NO-ORG-2026') } });
    expect(status).toBe(401);
    expect(firstError(body)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_CLAIM' });
    expect(await hub.db.prisma.charityProgram.count({ where: { code: 'NO-ORG-2026' } })).toBe(0);
    const list = await hub.graphql(PROGRAMS, { token: anonymous });
    expect(list.status).toBe(401);
    expect(list.body.data ?? null).toBeNull();
  });

  test('an OFFICER reads programs serving its regions, with their totals, and cannot register one', async () => {
    const inCounty = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['510104'] });
    const inProvince = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['51'] });
    const elsewhere = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5113'] });

    // 510104 lies under the program's 5101; the program's 5101 lies under 51.
    for (const token of [inCounty, inProvince]) {
      const list = await hub.graphql(PROGRAMS, { token });
      expect(list.body.errors).toBeUndefined();
      expect(listed(list.body).find((p) => p.code === CODE)).toEqual({ code: CODE, organization: ORG, granted: '1500.50', grantCount: 2 });
      const one = await hub.graphql(PROGRAM, { token, variables: { code: CODE } });
      expect(one.body.data!.charityProgram).toMatchObject({ code: CODE, budget: '650000.00' });
    }
    const away = await hub.graphql(PROGRAMS, { token: elsewhere });
    expect(listed(away.body).map((p) => p.code)).not.toContain(CODE);
    expect((await hub.graphql(PROGRAM, { token: elsewhere, variables: { code: CODE } })).body.data!.charityProgram).toBeNull();

    const { body } = await hub.graphql(REGISTER, { token: inCounty, variables: { input: programInput('OFFICER-2026-X') } });
    expect(body.data).toBeNull();
    expect(firstError(body)?.code).toBe('FORBIDDEN');
    expect(await hub.db.prisma.charityProgram.count({ where: { code: 'OFFICER-2026-X' } })).toBe(0);
  });

  test('an OFFICER reaches a grant\'s purpose and program across subgraphs; a caseworker reads no program', async () => {
    const officer = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['510104'], purpose: 'test' });
    const { body } = await hub.graphql(
      `{ assistanceRecord(id: "CHARITY:RCSC-G-1") { amount ... on CharityGrant { purpose charityProgram { code granted } } } }`,
      { token: officer },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.assistanceRecord).toEqual({ amount: '1200.50', purpose: '2026年秋季学期助学金', charityProgram: { code: CODE, granted: '1500.50' } });

    const caseworker = await hub.token({ role: 'CASEWORKER', regions: ['51'] });
    const denied = await hub.graphql(PROGRAMS, { token: caseworker });
    expect(firstError(denied.body)?.code).toBe('FORBIDDEN');
  });
});

describe('the charity subgraph served alone', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ mode: { kind: 'subgraph', name: 'charity' } });
    const lines = [
      { type: 'region', code: '510000', name: '四川省', parentCode: null, level: 'PROVINCE' },
      { type: 'region', code: '510100', name: '成都市', parentCode: '510000', level: 'CITY' },
      { type: 'region', code: '510104', name: '锦江区', parentCode: '510100', level: 'COUNTY' },
      { type: 'charityProgram', ...programInput(CODE), organization: ORG },
      {
        type: 'record', department: 'CHARITY', sourceRecordId: 'RCSC-E-1', program: 'CHARITY_GRANT', beneficiaryIdNumber: idNumber(),
        regionCode: '510104', amount: '50.00', frequency: 'ONE_OFF', startDate: '2026-09-01', status: 'ACTIVE',
        needCategory: 'EDUCATION', charityProgramCode: CODE, details: { purpose: '校服' },
      },
    ];
    const summary = await ingest(hub.db.prisma, lines.map((input, position) => ({ position, input })), {
      sender: { name: 'test:admin', department: null },
      personKeyPepper: hub.config.idPepper,
    });
    expect(summary.rejected).toBe(0);
  });
  afterAll(() => hub.stop());

  const ENTITIES = `{ _entities(representations: [{ __typename: "CharityGrant", id: "CHARITY:RCSC-E-1" }, { __typename: "CharityProgram", code: "${CODE}" }]) {
    ... on CharityGrant { id purpose charityProgram { code } }
    ... on CharityProgram { code budget }
  } }`;
  /** Called as the gateway calls it: the caller's identity signed with the forwarding secret. */
  const entitiesAs = (claims: CallerClaims) => postGraphql(hub.url, ENTITIES, { headers: signedIdentityHeaders(hub.config, claims) });

  test('_entities gives a charity its own grant and program, and another charity nothing', async () => {
    const own = await entitiesAs({ role: 'CHARITY', org: ORG, regions: [] });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!._entities).toEqual([
      { id: 'CHARITY:RCSC-E-1', purpose: '校服', charityProgram: { code: CODE } },
      { code: CODE, budget: '500000.00' },
    ]);
    // Regions do not widen a charity's view: only its organisation counts.
    const stranger = await entitiesAs({ role: 'CHARITY', org: OTHER, regions: ['51'] });
    expect(stranger.body.errors).toBeUndefined();
    expect(stranger.body.data!._entities).toEqual([null, null]);
  });

  test('_entities gives an officer what lies in its regions only, and the grant\'s purpose only with a purpose of its own', async () => {
    const noPurpose = await entitiesAs({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'] });
    expect(noPurpose.body.data!._entities[0].purpose).toBeNull();
    expect(noPurpose.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const near = await entitiesAs({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: 'case 2026-118' });
    expect(near.body.data!._entities).toEqual([
      { id: 'CHARITY:RCSC-E-1', purpose: '校服', charityProgram: { code: CODE } },
      { code: CODE, budget: '500000.00' },
    ]);
    const far = await entitiesAs({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5113'] });
    expect(far.body.data!._entities).toEqual([null, null]);
  });
});
