// What a charity's writes and pre-checks may not reveal (ACCESS.md v2): a
// grant's answer never confirms the name, or the registration, of the ID
// number typed; registering a program never says whose a taken code is; and
// the pre-check is bounded per organisation (distinct persons per hour), so
// it cannot sweep a population. Production mode, real HTTP, real tokens;
// every refusal has its allowed twin.
import { ingest } from '../../src/ingest/service';
import { preCheckPersonsPerHour } from '../../src/lib/config';
import { idNumberFor } from '../helpers/exchange';
import { startTestHub, type GraphqlResponse, type TestHub } from '../helpers/hub';
import {
  auditedDuring,
  CHENGDU,
  firstError,
  ID,
  keyOf,
  NANCHONG,
  ONE_FOUNDATION,
  RED_CROSS,
  RED_CROSS_PROGRAM,
  seedWorld,
  seen,
} from './accessWorld';

/** The pre-check bound of this hub: low, so that a handful of questions reaches it. */
const LIMIT = 3;
const LIMIT_VARIABLE = 'HUB_PRE_CHECK_PERSONS_PER_HOUR';

let hub: TestHub;
let redCross: string;
let oneFoundation: string;
beforeAll(async () => {
  // The hub's environment reaches the bound through its configuration (src/lib/config.ts).
  hub = await startTestHub({ env: { NODE_ENV: 'production', [LIMIT_VARIABLE]: String(LIMIT) } });
  await seedWorld(hub);
  redCross = await charityToken(RED_CROSS, 'rc-operator');
  oneFoundation = await charityToken(ONE_FOUNDATION, 'of-operator');
});
afterAll(() => hub.stop());

const charityToken = (org: string, sub = `${org.toLowerCase()}-operator`) =>
  hub.token({ role: 'CHARITY', org, regions: [], purpose: 'grant application 2026-12', sub });

/** Valid resident ID numbers the hub has never been sent. */
let unknownSequence = 500;
const unknownIdNumber = (county = CHENGDU) => idNumberFor(county, '2001-04-05', ++unknownSequence);

// --- recordCharityGrant ---------------------------------------------------------

const RECORD_GRANT = (selection: string) => `mutation($input: CharityGrantInput!) { recordCharityGrant(input: $input) { ${selection} } }`;
const GRANT_FIELDS = 'amount frequency startDate endDate status purpose beneficiaryMaskedName';

const grantInput = (sourceRecordId: string, beneficiaryIdNumber: string, fields: Record<string, unknown> = {}) => ({
  sourceRecordId,
  charityProgramCode: RED_CROSS_PROGRAM,
  beneficiaryIdNumber,
  regionCode: CHENGDU,
  amount: '800.00',
  frequency: 'ONE_OFF',
  startDate: '2026-10-08',
  purpose: '冬季助学',
  ...fields,
});

const recordGrant = (input: Record<string, unknown>, selection = GRANT_FIELDS, token = redCross) =>
  hub.graphql(RECORD_GRANT(selection), { token, variables: { input } });

const maskedNameReads = <E extends { fields: string[] }>(entries: E[]) => entries.filter((e) => e.fields.includes('CharityGrant.beneficiaryMaskedName'));

describe('recordCharityGrant answers the same whether or not the hub knows the ID number', () => {
  test('a grant to a registered ID number and one to an unknown valid ID number get identical answers, with no masked name', async () => {
    // Both in Nanchong, outside the program's regions (5101): today both are
    // stored; once ingestion refuses grants outside the program and to unknown
    // ID numbers (ACCESS.md v2), both are refused, alike. Either way the two
    // answers must not differ.
    const outside = { regionCode: NANCHONG };
    const known = await recordGrant(grantInput('ORACLE-RC-KNOWN', ID.wangWu, outside));
    const unknown = await recordGrant(grantInput('ORACLE-RC-UNKNOWN', unknownIdNumber(NANCHONG), outside));
    expect(seen(known)).toEqual(seen(unknown));
    expect(JSON.stringify(known.body)).not.toContain('王');
  });

  test('the answer to recording a grant refuses the masked name, and reading nothing writes no audit entry', async () => {
    let answer: GraphqlResponse | undefined;
    const entries = await auditedDuring(hub, async () => {
      answer = await recordGrant(grantInput('ORACLE-RC-LI', ID.liXiaohong));
    });
    expect(answer!.body.data).toEqual({
      recordCharityGrant: {
        amount: '800.00', frequency: 'ONE_OFF', startDate: '2026-10-08', endDate: '2026-10-08', status: 'ACTIVE', purpose: '冬季助学',
        beneficiaryMaskedName: null,
      },
    });
    expect(answer!.body.errors).toEqual([
      {
        message:
          'CharityGrant.beneficiaryMaskedName: not given in the answer to a write; once the grant is stored, read it with charityProgram(code) { grants { beneficiaryMaskedName } }',
        path: ['recordCharityGrant', 'beneficiaryMaskedName'],
        extensions: { code: 'FORBIDDEN', reason: 'NOT_IN_WRITE_ANSWER', field: 'CharityGrant.beneficiaryMaskedName', serviceName: 'charity' },
      },
    ]);
    expect(maskedNameReads(entries)).toEqual([]);
  });

  test('the program\'s grants reached from the write\'s answer give no masked name either', async () => {
    const { body } = await recordGrant(
      grantInput('ORACLE-RC-LIST', ID.zhangSan),
      'charityProgram { grants { id beneficiaryMaskedName } }',
    );
    const grants = body.data!.recordCharityGrant.charityProgram.grants as { id: string; beneficiaryMaskedName: string | null }[];
    expect(grants.map((g) => g.id)).toContain('CHARITY:ORACLE-RC-LIST');
    expect(grants.filter((g) => g.beneficiaryMaskedName !== null)).toEqual([]);
    expect(new Set(body.errors!.map((e) => e.extensions!.reason))).toEqual(new Set(['NOT_IN_WRITE_ANSWER']));
    expect(JSON.stringify(body)).not.toMatch(/张|李/);
  });

  test('allowed twin: once stored, the charity reads its grantee\'s masked name on its program\'s grants, audited', async () => {
    const grants = `{ charityProgram(code: "${RED_CROSS_PROGRAM}") { grants { id beneficiaryMaskedName } } }`;
    let body: GraphqlResponse['body'] | undefined;
    const entries = await auditedDuring(hub, async () => {
      ({ body } = await hub.graphql(grants, { token: redCross }));
    });
    expect(body!.errors).toBeUndefined();
    expect(body!.data!.charityProgram.grants).toEqual(
      expect.arrayContaining([
        { id: 'CHARITY:ORACLE-RC-LI', beneficiaryMaskedName: '李**' },
        { id: 'CHARITY:ORACLE-RC-LIST', beneficiaryMaskedName: '张*' },
      ]),
    );
    expect(maskedNameReads(entries).map((e) => e.personKey)).toEqual(
      expect.arrayContaining([keyOf(hub, ID.liXiaohong), keyOf(hub, ID.zhangSan)]),
    );
  });

  test('ingestion\'s refusal comes back unchanged as BAD_USER_INPUT naming the field, the same for a registered and an unknown ID number', async () => {
    const line = (idNumber: string) => ({
      type: 'record', department: 'CHARITY', sourceRecordId: 'ORACLE-RC-BAD', program: 'CHARITY_GRANT', beneficiaryIdNumber: idNumber,
      regionCode: '510199', amount: '800.00', frequency: 'ONE_OFF', startDate: '2026-10-08', status: 'ACTIVE', needCategory: 'EDUCATION',
      charityProgramCode: RED_CROSS_PROGRAM,
    });
    // What ingestion itself says about the line (nothing is stored: it is refused).
    const summary = await ingest(hub.db.prisma, [{ position: 0, input: line(ID.liXiaohong) }], {
      sender: { name: 'rc-operator', department: 'CHARITY', org: RED_CROSS },
      personKeyPepper: hub.config.idPepper,
    });
    const problem = summary.rejections[0]!.problems[0]!;
    expect(problem.field).toBe('regionCode');

    const known = await recordGrant(grantInput('ORACLE-RC-BAD', ID.liXiaohong, { regionCode: '510199' }));
    const unknown = await recordGrant(grantInput('ORACLE-RC-BAD', unknownIdNumber(), { regionCode: '510199' }));
    expect(known.body.data).toEqual({ recordCharityGrant: null });
    expect(known.body.errors).toEqual([
      {
        message: `regionCode: ${problem.reason}`,
        path: ['recordCharityGrant'],
        extensions: { code: 'BAD_USER_INPUT', field: 'regionCode', reason: problem.reason, serviceName: 'charity' },
      },
    ]);
    expect(seen(unknown)).toEqual(seen(known));
    expect(await hub.db.prisma.assistanceRecord.count({ where: { department: 'CHARITY', sourceRecordId: 'ORACLE-RC-BAD' } })).toBe(0);
  });
});

// --- registerCharityProgram ---------------------------------------------------------

const REGISTER = `mutation($input: CharityProgramInput!) { registerCharityProgram(input: $input) { code organization budget } }`;
const programInput = (code: string) => ({
  code, name: '测试项目', needCategory: 'EDUCATION', regionCodes: ['5101'], budget: '1000.00', startDate: '2026-01-01',
});
const register = (token: string, code: string) => hub.graphql(REGISTER, { token, variables: { input: programInput(code) } });

describe('registerCharityProgram does not tell whose a taken code is', () => {
  test('a code taken by the caller and the same code taken by another organisation get identical answers, naming neither', async () => {
    const ownCode = await register(redCross, RED_CROSS_PROGRAM);
    const theirCode = await register(oneFoundation, RED_CROSS_PROGRAM);
    expect(seen(theirCode)).toEqual(seen(ownCode));
    expect(theirCode.body.data).toBeNull();
    expect(theirCode.body.errors).toEqual([
      {
        message: `code: ${RED_CROSS_PROGRAM} cannot be registered: choose another code; change your own programs with updateCharityProgram`,
        path: ['registerCharityProgram'],
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'code',
          reason: `${RED_CROSS_PROGRAM} cannot be registered: choose another code; change your own programs with updateCharityProgram`,
          serviceName: 'charity',
        },
      },
    ]);
    expect(JSON.stringify(theirCode.body)).not.toMatch(/already|another organisation|belongs|RED-CROSS-SC"/);
    const stored = await hub.db.prisma.charityProgram.findUniqueOrThrow({ where: { code: RED_CROSS_PROGRAM } });
    expect([stored.organization, stored.budget.toFixed(2)]).toEqual([RED_CROSS, '100000.00']);
  });

  test('allowed twin: a fresh code is registered for the caller\'s organisation', async () => {
    const { body } = await register(oneFoundation, 'ONE-FOUNDATION-SC-2026-ORACLE');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ registerCharityProgram: { code: 'ONE-FOUNDATION-SC-2026-ORACLE', organization: ONE_FOUNDATION, budget: '1000.00' } });
  });
});

// --- the pre-check bound ---------------------------------------------------------

const PRE_CHECK = `query($id: String!) { assistancePreCheck(idNumber: $id, needCategory: LIVING, from: "2026-01-01", to: "2026-12-31") { received } }`;
const preCheck = (token: string, id: string) => hub.graphql(PRE_CHECK, { token, variables: { id } });
const answered = (response: GraphqlResponse) => response.body.errors === undefined && typeof response.body.data?.assistancePreCheck?.received === 'boolean';
const countedFor = (org: string) => hub.db.prisma.preCheckUse.count({ where: { org } });

/** The refusal, but for the seconds left, which move with the clock. */
const withoutClock = (response: GraphqlResponse) => {
  const view = seen(response);
  return { ...view, errors: view.errors?.map((e) => ({ ...e, extensions: { ...e.extensions, retryAfterSeconds: 'n' } })) };
};

describe('the pre-check is bounded per organisation: distinct persons per hour', () => {
  test(`${LIMIT} distinct persons are answered and audited; a 4th is refused with RATE_LIMITED, PRE_CHECK_LIMIT, the bound and when to retry`, async () => {
    const sweeper = await charityToken('SWEEP-A');
    const entries = await auditedDuring(hub, async () => {
      for (const id of [ID.zhangSan, ID.liXiaohong, ID.nobody]) {
        const response = await preCheck(sweeper, id);
        expect(response.body.errors).toBeUndefined();
        expect(answered(response)).toBe(true);
      }
    });
    expect(entries.map((e) => [e.personKey, e.fields])).toEqual([
      [keyOf(hub, ID.zhangSan), ['AssistancePreCheck.received']],
      [keyOf(hub, ID.liXiaohong), ['AssistancePreCheck.received']],
      [keyOf(hub, ID.nobody), ['AssistancePreCheck.received']],
    ]);

    const fourth = await preCheck(sweeper, ID.wangWu);
    // The charity subgraph answers 200 (a subgraph's 429 would break a
    // gateway's call to it); the gateway, where callers come in, makes it 429.
    expect(fourth.status).toBe(429);
    expect(fourth.body.data).toBeNull();
    const error = firstError(fourth.body)!;
    expect(error.extensions).toEqual({
      code: 'RATE_LIMITED',
      reason: 'PRE_CHECK_LIMIT',
      limit: LIMIT,
      windowSeconds: 3600,
      retryAfterSeconds: expect.any(Number),
      retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      serviceName: 'charity',
    });
    expect(error.message).toBe(
      `pre-check limit reached: your organisation may ask about at most ${LIMIT} distinct persons per hour; ` +
        `persons asked about in the last hour may be asked about again; a new person after ${error.extensions!.retryAt}`,
    );
    // The slot frees when the first question turns an hour old.
    const oldest = await hub.db.prisma.preCheckUse.findFirstOrThrow({ where: { org: 'SWEEP-A' }, orderBy: { askedAt: 'asc' } });
    const freesAt = Date.parse(error.extensions!.retryAt);
    expect(freesAt - (oldest.askedAt.getTime() + 3600_000)).toBeGreaterThanOrEqual(0);
    expect(freesAt - (oldest.askedAt.getTime() + 3600_000)).toBeLessThan(1000);
    expect(error.extensions!.retryAfterSeconds).toBeGreaterThan(3500);
    expect(error.extensions!.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(await countedFor('SWEEP-A')).toBe(LIMIT);
  });

  test('the refusal reads the same for a registered and an unknown ID number, and writes no audit entry (nothing was read)', async () => {
    const sweeper = await charityToken('SWEEP-A');
    let registered: GraphqlResponse | undefined;
    let unknown: GraphqlResponse | undefined;
    const entries = await auditedDuring(hub, async () => {
      registered = await preCheck(sweeper, ID.zhaoLiu);
      unknown = await preCheck(sweeper, unknownIdNumber());
    });
    expect(firstError(registered!.body)?.extensions?.reason).toBe('PRE_CHECK_LIMIT');
    expect(withoutClock(unknown!)).toEqual(withoutClock(registered!));
    expect(entries).toEqual([]);
    expect(await countedFor('SWEEP-A')).toBe(LIMIT);
  });

  test('allowed twin: asking again about a person already counted this hour is answered and uses no budget', async () => {
    const sweeper = await charityToken('SWEEP-A');
    const again = await preCheck(sweeper, ID.liXiaohong);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data).toEqual({ assistancePreCheck: { received: true } }); // the household's dibao, January to March
    expect(await countedFor('SWEEP-A')).toBe(LIMIT);
    // Still full for anyone new.
    expect(firstError((await preCheck(sweeper, ID.wangWu)).body)?.extensions?.reason).toBe('PRE_CHECK_LIMIT');
  });

  test('allowed twin: another organisation has its own budget', async () => {
    const other = await charityToken('SWEEP-B');
    const response = await preCheck(other, ID.wangWu);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({ assistancePreCheck: { received: true } });
  });

  test('the hour slides: questions older than an hour no longer count, and their rows are deleted', async () => {
    const sweeper = await charityToken('SWEEP-C');
    for (const id of [ID.zhangSan, ID.liXiaohong, ID.zhangXiaoming]) expect(answered(await preCheck(sweeper, id))).toBe(true);
    expect(firstError((await preCheck(sweeper, ID.wangWu)).body)?.extensions?.reason).toBe('PRE_CHECK_LIMIT');
    // Two of the three questions turn an hour old.
    const keys = [keyOf(hub, ID.zhangSan), keyOf(hub, ID.liXiaohong)];
    await hub.db.prisma.preCheckUse.updateMany({ where: { org: 'SWEEP-C', personKey: { in: keys } }, data: { askedAt: new Date(Date.now() - 3601_000) } });
    expect(answered(await preCheck(sweeper, ID.wangWu))).toBe(true);
    expect(answered(await preCheck(sweeper, ID.zhaoLiu))).toBe(true);
    expect(firstError((await preCheck(sweeper, ID.nobody)).body)?.extensions?.reason).toBe('PRE_CHECK_LIMIT');
    const rows = await hub.db.prisma.preCheckUse.findMany({ where: { org: 'SWEEP-C' }, select: { personKey: true } });
    expect(rows.map((r) => r.personKey).sort()).toEqual([ID.zhangXiaoming, ID.wangWu, ID.zhaoLiu].map((id) => keyOf(hub, id)).sort());
  });

  test('concurrent questions about new persons never take more than the free slots', async () => {
    const sweeper = await charityToken('SWEEP-D');
    const ids = Array.from({ length: 8 }, () => unknownIdNumber());
    const responses = await Promise.all(ids.map((id) => preCheck(sweeper, id)));
    expect(responses.filter(answered)).toHaveLength(LIMIT);
    const refused = responses.filter((r) => !answered(r));
    expect(refused.map((r) => firstError(r.body)?.extensions?.reason)).toEqual(Array(ids.length - LIMIT).fill('PRE_CHECK_LIMIT'));
    expect(await countedFor('SWEEP-D')).toBe(LIMIT);
  });

  test('through a gateway that reaches the charity subgraph over HTTP, the refusal is the same (code, reason, message), status 429', async () => {
    const env = { NODE_ENV: 'production', [LIMIT_VARIABLE]: String(LIMIT), HUB_FORWARDING_SECRET: 'a-forwarding-secret-for-this-test-of-40-chars' };
    const charity = await startTestHub({ env, mode: { kind: 'subgraph', name: 'charity' } });
    const gateway = await startTestHub({ env, mode: { kind: 'gateway', remotes: { charity: `${charity.url}/graphql` } } });
    try {
      const token = await gateway.token({ role: 'CHARITY', org: 'SWEEP-R', regions: [], purpose: 'grant application 2026-12' });
      const ask = (id: string) => gateway.graphql(PRE_CHECK, { token, variables: { id } });
      for (let i = 0; i < LIMIT; i++) expect(answered(await ask(unknownIdNumber()))).toBe(true);
      const refused = await ask(unknownIdNumber());
      expect(refused.status).toBe(429);
      expect(refused.body.data).toBeNull();
      expect(firstError(refused.body)).toMatchObject({
        message: expect.stringMatching(new RegExp(`^pre-check limit reached: your organisation may ask about at most ${LIMIT} distinct persons per hour; `)),
        extensions: { code: 'RATE_LIMITED', reason: 'PRE_CHECK_LIMIT', limit: LIMIT, serviceName: 'charity' },
      });
    } finally {
      await gateway.stop();
      await charity.stop();
    }
  });

  test('a question refused for bad input uses no budget', async () => {
    const sweeper = await charityToken('SWEEP-E');
    const bad = await preCheck(sweeper, '123');
    expect(firstError(bad.body)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber' });
    expect(await countedFor('SWEEP-E')).toBe(0);
  });
});

describe('HUB_PRE_CHECK_PERSONS_PER_HOUR', () => {
  test('defaults to 200, takes a whole number of at least 1, and refuses anything else naming the variable', () => {
    expect(preCheckPersonsPerHour({})).toBe(200);
    expect(preCheckPersonsPerHour({ HUB_PRE_CHECK_PERSONS_PER_HOUR: '' })).toBe(200);
    expect(preCheckPersonsPerHour({ HUB_PRE_CHECK_PERSONS_PER_HOUR: '3' })).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'many']) {
      expect(() => preCheckPersonsPerHour({ HUB_PRE_CHECK_PERSONS_PER_HOUR: bad })).toThrow(/HUB_PRE_CHECK_PERSONS_PER_HOUR must be a whole number/);
    }
  });
});
