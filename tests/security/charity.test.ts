// The charity's narrow window onto people (ACCESS.md): a yes/no pre-check
// ("has this person received aid for this need, in this period, from
// anyone?"), masked names of its own grantees, and nothing else: no person
// entity, no other organisation's programs or grants. Everything goes through
// the gateway over real HTTP with real tokens.
import { SignJWT } from 'jose';
import { startTestHub, type TestHub } from '../helpers/hub';
import {
  auditedDuring,
  firstError,
  ID,
  keyOf,
  NAME,
  ONE_FOUNDATION,
  ONE_FOUNDATION_PROGRAM,
  RED_CROSS,
  RED_CROSS_PROGRAM,
  seedWorld,
  seen,
} from './accessWorld';

let hub: TestHub;
let redCross: string;
let oneFoundation: string;
beforeAll(async () => {
  hub = await startTestHub();
  await seedWorld(hub);
  redCross = await hub.token({ role: 'CHARITY', org: RED_CROSS, regions: [], purpose: 'grant application 2026-031', sub: 'rc-operator' });
  oneFoundation = await hub.token({ role: 'CHARITY', org: ONE_FOUNDATION, regions: [], purpose: 'grant application 2026-77' });
});
afterAll(() => hub.stop());

const PRE_CHECK = `query($id: String!, $need: NeedCategory!, $from: Date!, $to: Date!) {
  assistancePreCheck(idNumber: $id, needCategory: $need, from: $from, to: $to) { received } }`;

const preCheck = (token: string, id: string, need: string, from: string, to: string) =>
  hub.graphql(PRE_CHECK, { token, variables: { id, need, from, to } });

const received = async (id: string, need: string, from: string, to: string) => {
  const { body } = await preCheck(redCross, id, need, from, to);
  expect(body.errors).toBeUndefined();
  return body.data!.assistancePreCheck.received as boolean;
};

describe('the pre-check', () => {
  test('a household-level dibao counts for every current member, not only the head it was paid to', async () => {
    expect(await received(ID.liXiaohong, 'LIVING', '2026-03-01', '2026-03-31')).toBe(true);
  });

  test('periods are inclusive: the last day of a record overlaps, the day after does not', async () => {
    expect(await received(ID.liXiaohong, 'LIVING', '2026-03-31', '2026-03-31')).toBe(true);
    expect(await received(ID.liXiaohong, 'LIVING', '2026-04-01', '2026-06-30')).toBe(false);
  });

  test('an open-ended record overlaps any later period', async () => {
    expect(await received(ID.wangWu, 'LIVING', '2030-01-01', '2030-12-31')).toBe(true);
  });

  test('another charity\'s grant counts ("from anyone"), but only for its need category', async () => {
    expect(await received(ID.wangWu, 'MEDICAL', '2026-04-01', '2026-04-01')).toBe(true);
    expect(await received(ID.wangWu, 'EDUCATION', '2026-01-01', '2026-12-31')).toBe(false);
  });

  test('a CANCELLED record does not count', async () => {
    expect(await received(ID.liXiaohong, 'HOUSING', '2026-01-01', '2026-12-31')).toBe(false);
  });

  test('an unknown person gets exactly the answer of a known person without aid (no existence oracle)', async () => {
    const unknown = await preCheck(redCross, ID.nobody, 'HOUSING', '2026-01-01', '2026-12-31');
    const known = await preCheck(redCross, ID.liXiaohong, 'HOUSING', '2026-01-01', '2026-12-31');
    expect(unknown.status).toBe(200);
    expect(seen(unknown)).toEqual(seen(known));
    expect(unknown.body.errors).toBeUndefined();
    expect(unknown.body.data).toEqual({ assistancePreCheck: { received: false } });
  });

  test('the answer has one field, received: no amounts, departments or person data to select', async () => {
    const { body } = await hub.graphql(`{ __type(name: "AssistancePreCheck") { fields { name type { kind ofType { name } } } } }`, { token: redCross });
    expect(body.data!.__type.fields).toEqual([{ name: 'received', type: { kind: 'NON_NULL', ofType: { name: 'Boolean' } } }]);
    const more = await hub.graphql(
      `{ assistancePreCheck(idNumber: "${ID.zhangSan}", needCategory: MEDICAL, from: "2026-01-01", to: "2026-12-31") { received amount } }`,
      { token: redCross },
    );
    expect(more.status).toBe(400);
    expect(firstError(more.body)?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(firstError(more.body)?.message).toMatch(/"amount"/);
  });

  test('each answer writes an audit entry for the person asked about, with the charity\'s purpose', async () => {
    const entries = await auditedDuring(hub, async () => expect(await received(ID.zhangSan, 'MEDICAL', '2026-05-01', '2026-05-31')).toBe(true));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      personKey: keyOf(hub, ID.zhangSan),
      sub: 'rc-operator',
      role: 'CHARITY',
      purpose: 'grant application 2026-031',
      fields: ['AssistancePreCheck.received'],
    });
  });

  test('an invalid ID number is refused naming idNumber', async () => {
    const wrongCheck = ID.zhangSan.slice(0, 17) + (ID.zhangSan.endsWith('0') ? '1' : '0');
    const { body } = await preCheck(redCross, wrongCheck, 'LIVING', '2026-01-01', '2026-12-31');
    expect(body.data).toBeNull();
    expect(firstError(body)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idNumber' } });
    expect(firstError(body)?.message).toMatch(/^idNumber: check character is/);
  });

  test('a period running backwards is refused naming to', async () => {
    const { body } = await preCheck(redCross, ID.zhangSan, 'LIVING', '2026-06-01', '2026-05-31');
    expect(firstError(body)).toMatchObject({
      message: 'to: is before from (2026-05-31 < 2026-06-01)',
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
  });

  test('a period over three years is refused naming to; exactly three years is answered', async () => {
    const { body } = await preCheck(redCross, ID.zhangSan, 'LIVING', '2026-01-01', '2029-01-01');
    expect(firstError(body)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
    expect(firstError(body)?.message).toMatch(/at most 3 years/);
    expect(await received(ID.zhangSan, 'LIVING', '2026-01-01', '2028-12-31')).toBe(true);
  });

  test('a pre-check without a purpose is refused and leaves no answer; with one it is answered', async () => {
    const noPurpose = await hub.token({ role: 'CHARITY', org: RED_CROSS, regions: [] });
    const { body } = await preCheck(noPurpose, ID.zhangSan, 'MEDICAL', '2026-01-01', '2026-12-31');
    expect(body.data).toBeNull();
    expect(firstError(body)).toMatchObject({
      message: 'Query.assistancePreCheck: personal data is read only with a purpose (token claim `purpose`)',
      extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_MISSING' },
    });
    expect(await received(ID.zhangSan, 'MEDICAL', '2026-01-01', '2026-12-31')).toBe(true);
  });

  test('a charity token naming no organisation is refused, at the door as a bad claim (ACCESS.md v2)', async () => {
    // mintToken refuses these claims, so the token is signed here.
    const noOrg = await new SignJWT({ sub: 'no-org', role: 'CHARITY', regions: [], purpose: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('assist-hub')
      .setAudience('assist-hub')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(hub.config.jwtSecret));
    const { body } = await preCheck(noOrg, ID.zhangSan, 'MEDICAL', '2026-01-01', '2026-12-31');
    expect(body.data ?? null).toBeNull();
    expect(firstError(body)).toMatchObject({ message: 'token org claim is required for CHARITY: the charity organisation\'s code', extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_BAD_CLAIM' } });
  });

  test.each(['OFFICER', 'SYSTEM', 'CASEWORKER', 'AUDITOR', 'ADMIN'] as const)('%s may not use the pre-check, purpose or not', async (role) => {
    // Only OFFICER and SYSTEM carry a department (ACCESS.md v2).
    const token = await hub.token({ role, ...(role === 'OFFICER' || role === 'SYSTEM' ? { department: 'CIVIL_AFFAIRS' as const } : {}), purpose: 'case 1' });
    const { body } = await preCheck(token, ID.zhangSan, 'MEDICAL', '2026-01-01', '2026-12-31');
    expect(body.data).toBeNull();
    expect(firstError(body)).toMatchObject({ message: 'not allowed for this caller', extensions: { code: 'FORBIDDEN' } });
  });
});

const GRANTS = (code: string) => `{ charityProgram(code: "${code}") { code grants { id beneficiaryMaskedName } } }`;

describe('masked names of a charity\'s own grantees', () => {
  test('the charity that paid the grant sees the name masked, first character kept', async () => {
    const { body } = await hub.graphql(GRANTS(RED_CROSS_PROGRAM), { token: redCross });
    expect(body.errors).toBeUndefined();
    expect(body.data!.charityProgram.grants).toEqual([{ id: 'CHARITY:SEC-RC-1', beneficiaryMaskedName: '张**' }]);
    const other = await hub.graphql(GRANTS(ONE_FOUNDATION_PROGRAM), { token: oneFoundation });
    expect(other.body.data!.charityProgram.grants).toEqual([{ id: 'CHARITY:SEC-OF-1', beneficiaryMaskedName: '王*' }]);
  });

  test('reading a masked name is audited as such', async () => {
    const entries = await auditedDuring(hub, () => hub.graphql(GRANTS(RED_CROSS_PROGRAM), { token: redCross }));
    expect(entries.map((e) => [e.personKey, e.role, e.fields])).toEqual([
      [keyOf(hub, ID.zhangXiaoming), 'CHARITY', ['CharityGrant.beneficiaryMaskedName']],
    ]);
  });

  test('recording a grant does not answer with the masked name of the person paid; the program\'s grants then show it', async () => {
    const { body } = await hub.graphql(
      `mutation($input: CharityGrantInput!) { recordCharityGrant(input: $input) { id beneficiaryMaskedName } }`,
      {
        token: redCross,
        variables: {
          input: {
            sourceRecordId: 'SEC-RC-2', charityProgramCode: RED_CROSS_PROGRAM, beneficiaryIdNumber: ID.liXiaohong,
            regionCode: '510104', amount: '300.00', frequency: 'ONE_OFF', startDate: '2026-10-01',
          },
        },
      },
    );
    expect(body.data!.recordCharityGrant).toEqual({ id: 'CHARITY:SEC-RC-2', beneficiaryMaskedName: null });
    expect(body.errors).toHaveLength(1);
    expect(firstError(body)).toMatchObject({
      path: ['recordCharityGrant', 'beneficiaryMaskedName'],
      extensions: { code: 'FORBIDDEN', reason: 'NOT_IN_WRITE_ANSWER' },
    });
    const listed = await hub.graphql(GRANTS(RED_CROSS_PROGRAM), { token: redCross });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data!.charityProgram.grants).toContainEqual({ id: 'CHARITY:SEC-RC-2', beneficiaryMaskedName: '李**' });
  });

  test('without a purpose the masked name is refused at its path, naming the field', async () => {
    const noPurpose = await hub.token({ role: 'CHARITY', org: RED_CROSS, regions: [] });
    const { body } = await hub.graphql(GRANTS(RED_CROSS_PROGRAM), { token: noPurpose });
    const grants = body.data!.charityProgram.grants;
    expect(grants).toContainEqual({ id: 'CHARITY:SEC-RC-1', beneficiaryMaskedName: null });
    expect(grants.filter((g: any) => g.beneficiaryMaskedName !== null)).toEqual([]);
    expect(body.errors).toHaveLength(grants.length);
    expect(firstError(body)).toMatchObject({
      message: 'CharityGrant.beneficiaryMaskedName: personal data is read only with a purpose (token claim `purpose`)',
      path: ['charityProgram', 'grants', expect.any(Number), 'beneficiaryMaskedName'],
      extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_MISSING' },
    });
  });

  test('another charity reaches neither the grant nor its grantee\'s name', async () => {
    const { body } = await hub.graphql(GRANTS(RED_CROSS_PROGRAM), { token: oneFoundation });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ charityProgram: null });
    // Re-using the grant's id to get it back is refused before anything is read.
    const reuse = await hub.graphql(
      `mutation($input: CharityGrantInput!) { recordCharityGrant(input: $input) { id beneficiaryMaskedName } }`,
      {
        token: oneFoundation,
        variables: {
          input: {
            sourceRecordId: 'SEC-RC-1', charityProgramCode: ONE_FOUNDATION_PROGRAM, beneficiaryIdNumber: ID.wangWu,
            regionCode: '511302', amount: '1.00', frequency: 'ONE_OFF', startDate: '2026-10-01',
          },
        },
      },
    );
    expect(firstError(reuse.body)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sourceRecordId' } });
    expect(JSON.stringify(reuse.body)).not.toMatch(/张/);
  });

  test('an officer with a purpose reads the full name through the person, not the charity\'s masked field', async () => {
    const officer = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: 'case 2026-12' });
    const masked = await hub.graphql(`{ assistanceRecord(id: "CHARITY:SEC-RC-1") { id ... on CharityGrant { beneficiaryMaskedName } } }`, { token: officer });
    expect(masked.body.data!.assistanceRecord).toEqual({ id: 'CHARITY:SEC-RC-1', beneficiaryMaskedName: null });
    expect(firstError(masked.body)).toMatchObject({
      message: 'not allowed for this caller',
      path: ['assistanceRecord', 'beneficiaryMaskedName'],
      extensions: { code: 'FORBIDDEN' },
    });
    const full = await hub.graphql(`{ assistanceRecord(id: "CHARITY:SEC-RC-1") { id beneficiary { name } } }`, { token: officer });
    expect(full.body.errors).toBeUndefined();
    expect(full.body.data!.assistanceRecord).toEqual({ id: 'CHARITY:SEC-RC-1', beneficiary: { name: NAME.zhangXiaoming } });
  });
});

describe('a charity reaches no person data through the gateway', () => {
  test.each([
    ['the beneficiary\'s name', 'beneficiary { name }'],
    ['the beneficiary\'s key', 'beneficiary { personKey }'],
    ['the beneficiary\'s disability', 'beneficiary { disabilityGrade }'],
    ['the region', 'region { code }'],
    ['the history', 'history { current }'],
  ])('%s on its own grant is refused; the grant itself comes back', async (_what, selection) => {
    const { body } = await hub.graphql(`{ charityProgram(code: "${RED_CROSS_PROGRAM}") { grants { id amount ${selection} } } }`, { token: redCross });
    expect(firstError(body)?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(body)).not.toContain(NAME.zhangXiaoming);
    expect(JSON.stringify(body)).not.toContain(keyOf(hub, ID.zhangXiaoming));
    const twin = await hub.graphql(`{ charityProgram(code: "${RED_CROSS_PROGRAM}") { grants { id amount } } }`, { token: redCross });
    expect(twin.body.data!.charityProgram.grants).toContainEqual({ id: 'CHARITY:SEC-RC-1', amount: '1200.00' });
  });

  test.each([
    ['person', `{ person(personKey: "KEY") { personKey } }`],
    ['personByIdNumber', `{ personByIdNumber(idNumber: "${ID.zhangXiaoming}") { personKey } }`],
    ['household', `{ household(sourceId: "HH-SEC-A") { sourceId } }`],
    ['households', `{ households(first: 5) { totalCount } }`],
    ['assistanceRecords', `{ assistanceRecords(first: 5) { totalCount } }`],
  ])('the %s query is refused to a charity', async (field, query) => {
    const { body } = await hub.graphql(query.replace('KEY', keyOf(hub, ID.zhangXiaoming)), { token: redCross });
    expect(body.data?.[field] ?? null).toBeNull();
    expect(firstError(body)).toMatchObject({ message: 'not allowed for this caller', path: [field], extensions: { code: 'FORBIDDEN' } });
  });
});

describe('charity isolation', () => {
  test('another organisation\'s program is absent from the list and its count, and looks unknown', async () => {
    const list = await hub.graphql(`{ charityPrograms(first: 50) { totalCount edges { node { code } } } }`, { token: redCross });
    expect(list.body.data!.charityPrograms).toEqual({ totalCount: 1, edges: [{ node: { code: RED_CROSS_PROGRAM } }] });
    const theirs = await hub.graphql(`{ charityProgram(code: "${ONE_FOUNDATION_PROGRAM}") { code } }`, { token: redCross });
    const unknown = await hub.graphql(`{ charityProgram(code: "NO-SUCH-PROGRAM") { code } }`, { token: redCross });
    expect(theirs.body.data).toEqual({ charityProgram: null });
    expect(seen(unknown)).toEqual(seen(theirs));
  });

  test('another organisation\'s program cannot be changed or paid from; the owner can', async () => {
    const update = await hub.graphql(
      `mutation { updateCharityProgram(code: "${ONE_FOUNDATION_PROGRAM}", input: { budget: "1.00" }) { code budget } }`,
      { token: redCross },
    );
    expect(firstError(update.body)).toMatchObject({
      message: `code: ${ONE_FOUNDATION_PROGRAM} is not a registered program of ${RED_CROSS}`,
      extensions: { code: 'BAD_USER_INPUT', field: 'code' },
    });
    const batch = await hub.graphql(`mutation($o: [JSON!]!) { submitExchangeBatch(objects: $o) { stored rejections { problems { field reason } } } }`, {
      token: redCross,
      variables: {
        o: [{
          type: 'record', department: 'CHARITY', sourceRecordId: 'SEC-RC-9', program: 'CHARITY_GRANT', beneficiaryIdNumber: ID.wangWu,
          regionCode: '511302', amount: '10.00', frequency: 'ONE_OFF', startDate: '2026-10-01', status: 'ACTIVE',
          needCategory: 'MEDICAL', charityProgramCode: ONE_FOUNDATION_PROGRAM,
        }],
      },
    });
    expect(batch.body.data!.submitExchangeBatch).toEqual({
      stored: 0,
      rejections: [{ problems: [{ field: 'charityProgramCode', reason: `unknown charity program ${ONE_FOUNDATION_PROGRAM}: register it first` }] }],
    });
    const program = await hub.db.prisma.charityProgram.findUniqueOrThrow({ where: { code: ONE_FOUNDATION_PROGRAM } });
    expect(program.budget.toFixed(2)).toBe('200000.00');

    const own = await hub.graphql(
      `mutation { updateCharityProgram(code: "${ONE_FOUNDATION_PROGRAM}", input: { budget: "250000" }) { code budget } }`,
      { token: oneFoundation },
    );
    expect(own.body.data!.updateCharityProgram).toEqual({ code: ONE_FOUNDATION_PROGRAM, budget: '250000.00' });
  });
});
