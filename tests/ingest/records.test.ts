// `record`, `expense` and `charityProgram` lines at the service level
// (EXCHANGE.md, "record", "expense", "charityProgram"): every department's
// record is stored with its detail row, program ownership and the period,
// household and charity rules refuse a line on the right field with nothing
// stored, a sender sends only its own department's lines, and re-sending is a
// no-op while a change is kept in history. One database for the whole file.
import type { Sender } from '../../src/ingest/handler';
import { ingest, type IngestSummary } from '../../src/ingest/service';
import { personKey } from '../../src/lib/ids';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { ADMIN, REGIONS, household, idNumber, items } from './builders';

let test_: TestDatabase;
const prisma = () => test_.db.prisma;
const keyOf = (id: string) => personKey(id.toUpperCase(), test_.config.idPepper);

function send(objects: unknown[], sender: Sender = ADMIN): Promise<IngestSummary> {
  return ingest(prisma(), items(objects), { sender, personKeyPepper: test_.config.idPepper });
}

const EDUCATION: Sender = { name: 'import:EDUCATION', department: 'EDUCATION' };
const CIVIL_AFFAIRS: Sender = { name: 'import:CIVIL_AFFAIRS', department: 'CIVIL_AFFAIRS' };
const HEALTHCARE: Sender = { name: 'import:HEALTHCARE_SECURITY', department: 'HEALTHCARE_SECURITY' };
const ORG_A: Sender = { name: 'charity-a-officer', department: 'CHARITY', org: 'ORG-A' };
const ORG_B: Sender = { name: 'charity-b-officer', department: 'CHARITY', org: 'ORG-B' };

// One registered household (head, spouse, child) that household-level programs refer to.
const head = idNumber({ birth: '19780304', sex: 'MALE' });
const spouse = idNumber({ birth: '19800612', sex: 'FEMALE' });
const child = idNumber({ birth: '20140901', sex: 'FEMALE' });
const family = household([
  { idNumber: head, relation: 'HEAD' },
  { idNumber: spouse, relation: 'SPOUSE' },
  { idNumber: child, relation: 'CHILD' },
]);
const HH = family.sourceId as string;
const PROGRAM_A = 'ORG-A-2026-EDU';

function charityProgram(fields: Record<string, unknown> = {}) {
  return {
    type: 'charityProgram',
    code: PROGRAM_A,
    name: '助学计划',
    organization: 'ORG-A',
    needCategory: 'EDUCATION',
    regionCodes: ['5101'],
    budget: '500000.00',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    ...fields,
  };
}

let sequence = 0;
/** A valid EDUCATION record (a term grant for the household's child) unless fields say otherwise. */
function record(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'record',
    department: 'EDUCATION',
    sourceRecordId: `REC-T-${++sequence}`,
    program: 'EDU_GRANT',
    beneficiaryIdNumber: child,
    householdSourceId: null,
    regionCode: '510104',
    amount: '1250.00',
    frequency: 'PER_TERM',
    startDate: '2026-03-01',
    endDate: '2026-07-10',
    status: 'ACTIVE',
    needCategory: 'EDUCATION',
    eventRef: null,
    expenseBasis: null,
    charityProgramCode: null,
    details: {},
    ...fields,
  };
}

function without(object: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const copy = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

function expense(fields: Record<string, unknown> = {}) {
  return {
    type: 'expense',
    department: 'HEALTHCARE_SECURITY',
    sourceId: `EXP-T-${++sequence}`,
    idNumber: head,
    category: 'MEDICAL',
    amount: '38000.00',
    date: '2026-03-02',
    ...fields,
  };
}

const storedRecord = (line: Record<string, unknown>) =>
  prisma().assistanceRecord.findUnique({
    where: {
      department_sourceRecordId: {
        department: line.department as never,
        sourceRecordId: line.sourceRecordId as string,
      },
    },
  });
const historyOf = (entityType: string, entityKey: string) =>
  prisma().changeEvent.findMany({ where: { entityType, entityKey }, orderBy: { id: 'asc' } });
const recordHistory = (line: Record<string, unknown>) => historyOf('record', `${line.department}:${line.sourceRecordId}`);
const day = (date: Date | null) => date && date.toISOString().slice(0, 10);

/** A row as plain values: Decimals as 2-decimal strings, dates as YYYY-MM-DD. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => {
      if (value instanceof Date) return [key, day(value)];
      if (value !== null && typeof value === 'object' && 'toFixed' in value) return [key, (value as { toFixed(n: number): string }).toFixed(2)];
      return [key, value];
    }),
  );
}

/** Every department's detail table, by department. */
function detailTables() {
  const p = prisma();
  return {
    CIVIL_AFFAIRS: p.civilAffairsRecordDetail,
    EDUCATION: p.educationRecordDetail,
    HOUSING: p.housingRecordDetail,
    HEALTHCARE_SECURITY: p.healthcareSecurityRecordDetail,
    HUMAN_RESOURCES: p.humanResourcesRecordDetail,
    DISABLED_PERSONS_FEDERATION: p.disabledPersonsFederationRecordDetail,
    CHARITY: p.charityRecordDetail,
  } as unknown as Record<
    string,
    {
      findUnique(args: { where: { recordId: number } }): Promise<Record<string, unknown> | null>;
      count(args: { where: { recordId: number } }): Promise<number>;
    }
  >;
}

/** Sends one line that must be refused, checks nothing at all was written, and returns its problems. */
async function refused(line: Record<string, unknown>, sender: Sender = ADMIN) {
  const before = await Promise.all([
    prisma().changeEvent.count(),
    prisma().assistanceRecord.count(),
    prisma().person.count(),
    prisma().expense.count(),
    prisma().charityProgram.count(),
  ]);
  const summary = await send([line], sender);
  expect(summary).toMatchObject({ stored: 0, unchanged: 0, rejected: 1 });
  const after = await Promise.all([
    prisma().changeEvent.count(),
    prisma().assistanceRecord.count(),
    prisma().person.count(),
    prisma().expense.count(),
    prisma().charityProgram.count(),
  ]);
  expect(after).toEqual(before);
  return summary.rejections[0]!.problems;
}

beforeAll(async () => {
  test_ = await createTestDatabase();
  expect(await send([...REGIONS, family, charityProgram()], ADMIN)).toMatchObject({ stored: REGIONS.length + 2, rejected: 0 });
});
afterAll(() => test_.drop());

describe('a valid record of each department is stored with its detail row', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'CIVIL_AFFAIRS',
      {
        department: 'CIVIL_AFFAIRS', program: 'DIBAO', beneficiaryIdNumber: head, householdSourceId: HH, amount: '1140.50',
        frequency: 'MONTHLY', startDate: '2026-01-01', endDate: null, needCategory: 'LIVING',
        details: { dibaoGrade: 2, assessedIncomePerCapita: '420.35', supportMode: null, reason: '家庭收入低于标准' },
      },
    ],
    [
      'EDUCATION',
      { details: { schoolTerm: '2026-SPRING', schoolName: '锦江实验小学', schoolStage: 'PRIMARY' } },
    ],
    [
      'HOUSING',
      {
        department: 'HOUSING', program: 'RENTAL_SUBSIDY', beneficiaryIdNumber: head, householdSourceId: HH, amount: '600.00',
        frequency: 'MONTHLY', startDate: '2026-02-01', endDate: '2027-01-31', needCategory: 'HOUSING',
        details: { propertyRef: 'GZF-510104-0042', floorAreaSqm: '45.50' },
      },
    ],
    [
      'HEALTHCARE_SECURITY',
      {
        department: 'HEALTHCARE_SECURITY', program: 'MEDICAL_ASSISTANCE', beneficiaryIdNumber: spouse, amount: '12345.67',
        frequency: 'ONE_OFF', startDate: '2026-03-20', endDate: '2026-03-20', needCategory: 'MEDICAL', eventRef: 'BILL-2026-0007',
        expenseBasis: '38000.01',
        details: { hospitalName: '四川大学华西医院', billTotal: '52000.00', insurancePaid: '13999.99', admissionDate: '2026-02-28', dischargeDate: '2026-03-15' },
      },
    ],
    [
      'HUMAN_RESOURCES',
      {
        department: 'HUMAN_RESOURCES', program: 'PUBLIC_WELFARE_JOB', beneficiaryIdNumber: spouse, amount: '1800.00',
        frequency: 'MONTHLY', startDate: '2026-04-01', endDate: '2026-12-31', needCategory: 'EMPLOYMENT',
        details: { employer: '春熙路街道办事处', position: '保洁员', trainingCourse: null, hoursPerMonth: 80 },
      },
    ],
    [
      'DISABLED_PERSONS_FEDERATION',
      {
        department: 'DISABLED_PERSONS_FEDERATION', program: 'DISABILITY_NURSING_SUBSIDY', beneficiaryIdNumber: head, amount: '100.00',
        frequency: 'MONTHLY', startDate: '2026-01-01', endDate: null, needCategory: 'DISABILITY_CARE',
        details: { disabilityGrade: 1, disabilityType: 'PHYSICAL', deviceName: '轮椅' },
      },
    ],
    [
      'CHARITY',
      {
        department: 'CHARITY', program: 'CHARITY_GRANT', charityProgramCode: PROGRAM_A, amount: '2000.00', frequency: 'ONE_OFF',
        startDate: '2026-09-01', endDate: '2026-09-01', details: { purpose: '秋季学期学费' },
      },
    ],
  ];

  it.each(cases)('%s: the core row has money and dates exactly as sent, the details go to that department\'s table only', async (department, fields) => {
    const line = record(fields);
    const summary = await send([line]);
    expect(summary.rejections).toEqual([]);
    expect(summary).toMatchObject({ stored: 1, unchanged: 0, rejected: 0 });

    const stored = await storedRecord(line);
    expect(stored).not.toBeNull();
    expect(plain(stored!)).toMatchObject({
      department,
      sourceRecordId: line.sourceRecordId,
      program: line.program,
      beneficiaryKey: keyOf(line.beneficiaryIdNumber as string),
      householdSourceId: line.householdSourceId,
      regionCode: line.regionCode,
      amount: line.amount,
      frequency: line.frequency,
      startDate: line.startDate,
      endDate: line.endDate,
      status: line.status,
      needCategory: line.needCategory,
      eventRef: line.eventRef,
      expenseBasis: line.expenseBasis,
      charityProgramCode: line.charityProgramCode,
      sender: ADMIN.name,
    });

    const tables = detailTables();
    const row = await tables[department]!.findUnique({ where: { recordId: stored!.id } });
    expect(row).not.toBeNull();
    const columns = Object.fromEntries(Object.keys(row!).map((column) => [column, null]));
    expect(plain(row!)).toEqual({ ...columns, ...(line.details as object), recordId: stored!.id });
    for (const [other, table] of Object.entries(tables)) {
      if (other !== department) expect(await table.count({ where: { recordId: stored!.id } })).toBe(0);
    }

    const history = await recordHistory(line);
    expect(history.map((e) => [e.action, e.sender])).toEqual([['CREATED', ADMIN.name]]);
    expect(history[0]!.current).toMatchObject({ amount: line.amount, startDate: line.startDate });
  });

  it('a record without details stores no detail row', async () => {
    const line = record({ details: {} });
    expect(await send([line])).toMatchObject({ stored: 1 });
    const stored = await storedRecord(line);
    expect(await detailTables().EDUCATION!.count({ where: { recordId: stored!.id } })).toBe(0);
  });
});

describe('refused records: the field and a reason, nothing stored', () => {
  it('a program its department does not own is refused on "program"', async () => {
    expect(await refused(record({ department: 'EDUCATION', program: 'DIBAO', beneficiaryIdNumber: head, householdSourceId: HH }))).toEqual([
      { field: 'program', reason: 'DIBAO is a CIVIL_AFFAIRS program; EDUCATION may not send it' },
    ]);
    expect(await refused(record({ department: 'HOUSING', program: 'MEDICAL_ASSISTANCE', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'program', reason: 'MEDICAL_ASSISTANCE is a HEALTHCARE_SECURITY program; HOUSING may not send it' },
    ]);
  });

  it('an unknown household is refused on "householdSourceId"', async () => {
    expect(await refused(record({ householdSourceId: 'HH-510104-NOPE', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'householdSourceId', reason: 'unknown household HH-510104-NOPE: send it first' },
    ]);
  });

  it('an unknown region is refused on "regionCode"', async () => {
    expect(await refused(record({ regionCode: '510199', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'regionCode', reason: 'unknown region 510199: send its region line first' },
    ]);
  });

  it('a period ending before it starts is refused on "endDate"', async () => {
    expect(await refused(record({ startDate: '2026-02-01', endDate: '2026-01-31', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'endDate', reason: 'is before startDate (2026-01-31 < 2026-02-01)' },
    ]);
  });

  it('a ONE_OFF whose endDate is not its startDate is refused on "endDate"', async () => {
    expect(await refused(record({ frequency: 'ONE_OFF', startDate: '2026-05-01', endDate: '2026-05-02', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'endDate', reason: 'must equal startDate for a ONE_OFF record (the payment date)' },
    ]);
  });

  it('a ONE_OFF with endDate null (or omitted) is stored with endDate = startDate', async () => {
    const withNull = record({ frequency: 'ONE_OFF', startDate: '2026-05-01', endDate: null });
    const omitted = without(record({ frequency: 'ONE_OFF', startDate: '2026-06-15' }), 'endDate');
    expect(await send([withNull, omitted])).toMatchObject({ stored: 2, rejected: 0 });
    expect(day((await storedRecord(withNull))!.endDate)).toBe('2026-05-01');
    expect(day((await storedRecord(omitted))!.endDate)).toBe('2026-06-15');
    // …and sending the explicit payment date afterwards is the same record.
    expect(await send([{ ...withNull, endDate: '2026-05-01' }])).toMatchObject({ stored: 0, unchanged: 1 });
  });

  it('a household-level program (DIBAO) without householdSourceId is refused on "householdSourceId"', async () => {
    const line = record({ department: 'CIVIL_AFFAIRS', program: 'DIBAO', beneficiaryIdNumber: head, needCategory: 'LIVING', frequency: 'MONTHLY', endDate: null });
    expect(await refused(line)).toEqual([{ field: 'householdSourceId', reason: 'is required: DIBAO covers a whole household' }]);
    expect(await refused(without(line, 'householdSourceId'))).toEqual([
      { field: 'householdSourceId', reason: 'is required: DIBAO covers a whole household' },
    ]);
  });

  it('a DIBAO whose beneficiary is not the household HEAD is refused on "beneficiaryIdNumber"', async () => {
    const base = { department: 'CIVIL_AFFAIRS', program: 'DIBAO', householdSourceId: HH, needCategory: 'LIVING', frequency: 'MONTHLY', endDate: null };
    const reason = `must be the head of household ${HH} for a household-level program`;
    expect(await refused(record({ ...base, beneficiaryIdNumber: spouse }))).toEqual([{ field: 'beneficiaryIdNumber', reason }]);
    // A person in no household at all, not yet known: not created either.
    expect(await refused(record({ ...base, beneficiaryIdNumber: idNumber() }))).toEqual([{ field: 'beneficiaryIdNumber', reason }]);
  });

  it('CHARITY_GRANT needs a registered charityProgramCode, and only CHARITY_GRANT may carry one', async () => {
    const grant = { department: 'CHARITY', program: 'CHARITY_GRANT', beneficiaryIdNumber: idNumber() };
    expect(await refused(record({ ...grant, charityProgramCode: null }))).toEqual([
      { field: 'charityProgramCode', reason: 'is required for a CHARITY_GRANT' },
    ]);
    expect(await refused(without(record(grant), 'charityProgramCode'))).toEqual([
      { field: 'charityProgramCode', reason: 'is required for a CHARITY_GRANT' },
    ]);
    expect(await refused(record({ ...grant, charityProgramCode: 'NO-SUCH-PROGRAM' }))).toEqual([
      { field: 'charityProgramCode', reason: 'unknown charity program NO-SUCH-PROGRAM: register it first' },
    ]);
    expect(await refused(record({ charityProgramCode: PROGRAM_A, beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'charityProgramCode', reason: 'is only for CHARITY_GRANT records' },
    ]);
  });

  it('an unknown key inside details is refused on "details.<key>", also a key of another department', async () => {
    expect(await refused(record({ details: { schoolTerm: '2026-SPRING', colour: 'blue' } }))).toEqual([
      { field: 'details.colour', reason: 'unknown field (not in EXCHANGE.md for this type)' },
    ]);
    expect(await refused(record({ details: { dibaoGrade: 2 } }))).toEqual([
      { field: 'details.dibaoGrade', reason: 'unknown field (not in EXCHANGE.md for this type)' },
    ]);
  });

  it('a wrong value inside details is refused on "details.<key>"', async () => {
    const dibao = { department: 'CIVIL_AFFAIRS', program: 'DIBAO', beneficiaryIdNumber: head, householdSourceId: HH, needCategory: 'LIVING', frequency: 'MONTHLY', endDate: null };
    expect(await refused(record({ ...dibao, details: { dibaoGrade: 'high' } }))).toEqual([
      { field: 'details.dibaoGrade', reason: 'must be a whole number from 1 to 9' },
    ]);
    expect(await refused(record({ ...dibao, details: { assessedIncomePerCapita: -5 } }))).toEqual([
      { field: 'details.assessedIncomePerCapita', reason: 'must be a decimal string in yuan such as "1014.00", not a number' },
    ]);
    expect(await refused(record({ details: { schoolTerm: 'spring' } }))).toEqual([
      { field: 'details.schoolTerm', reason: 'must be a term such as "2026-SPRING", "2026-AUTUMN" or "2026-2027-1"' },
    ]);
  });

  it('an unknown top-level field is refused on that field', async () => {
    expect(await refused(record({ approvedBy: '王科长', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'approvedBy', reason: 'unknown field (not in EXCHANGE.md for this type)' },
    ]);
  });

  it('a negative amount (or expenseBasis) is refused', async () => {
    expect(await refused(record({ amount: '-520.00', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'amount', reason: 'must not be negative' },
    ]);
    expect(await refused(record({ expenseBasis: '-1', beneficiaryIdNumber: idNumber() }))).toEqual([
      { field: 'expenseBasis', reason: 'must not be negative' },
    ]);
  });
});

describe('senders: a department sends only its own records', () => {
  it('a department sender is refused another department\'s record on "department", and accepted for its own', async () => {
    const foreign = record({ department: 'CIVIL_AFFAIRS', program: 'TEMPORARY', beneficiaryIdNumber: idNumber(), frequency: 'ONE_OFF', startDate: '2026-04-01', endDate: null, needCategory: 'EMERGENCY' });
    expect(await refused(foreign, EDUCATION)).toEqual([
      { field: 'department', reason: 'EDUCATION may only send its own records, not CIVIL_AFFAIRS\'s' },
    ]);
    expect(await send([foreign], CIVIL_AFFAIRS)).toMatchObject({ stored: 1, rejected: 0 });
    const own = record();
    expect(await send([own], EDUCATION)).toMatchObject({ stored: 1, rejected: 0 });
    expect((await recordHistory(own)).map((e) => e.sender)).toEqual([EDUCATION.name]);
  });

  it('the same rule holds for expenses', async () => {
    expect(await refused(expense({ idNumber: idNumber() }), EDUCATION)).toEqual([
      { field: 'department', reason: 'EDUCATION may only send its own records, not HEALTHCARE_SECURITY\'s' },
    ]);
    expect(await send([expense()], HEALTHCARE)).toMatchObject({ stored: 1 });
  });

  it('an administrator import (department null) may send every department\'s records in one batch', async () => {
    const batch = [
      record(),
      record({ department: 'HUMAN_RESOURCES', program: 'EMPLOYMENT_TRAINING', beneficiaryIdNumber: spouse, needCategory: 'EMPLOYMENT', frequency: 'ONE_OFF', startDate: '2026-05-10', endDate: null }),
      record({ department: 'CIVIL_AFFAIRS', program: 'PRICE_SUBSIDY', beneficiaryIdNumber: head, needCategory: 'LIVING', frequency: 'MONTHLY', endDate: null, amount: '30.00' }),
      record({ department: 'CHARITY', program: 'CHARITY_GRANT', charityProgramCode: PROGRAM_A }),
      expense(),
    ];
    expect(await send(batch, ADMIN)).toMatchObject({ stored: batch.length, rejected: 0 });
  });
});

describe('charities: their own organisation only', () => {
  it('a grant by org B against org A\'s program is refused (read as unknown, so no program is revealed); org A\'s own grant is stored', async () => {
    const grant = { department: 'CHARITY', program: 'CHARITY_GRANT', charityProgramCode: PROGRAM_A, beneficiaryIdNumber: idNumber() };
    expect(await refused(record(grant), ORG_B)).toEqual([
      { field: 'charityProgramCode', reason: `unknown charity program ${PROGRAM_A}: register it first` },
    ]);
    // To a person the hub knows in the program's regions: a charity never creates a person (ACCESS.md v2).
    const own = record({ ...grant, beneficiaryIdNumber: child });
    expect(await send([own], ORG_A)).toMatchObject({ stored: 1, rejected: 0 });
    expect((await storedRecord(own))!.charityProgramCode).toBe(PROGRAM_A);
  });

  it('org B cannot overwrite org A\'s grant by re-using its sourceRecordId, even against its own program', async () => {
    const programB = charityProgram({ code: 'ORG-B-2026-EDU', organization: 'ORG-B' });
    expect(await send([programB], ORG_B)).toMatchObject({ stored: 1 });
    const grantA = record({ department: 'CHARITY', program: 'CHARITY_GRANT', charityProgramCode: PROGRAM_A, amount: '800.00' });
    expect(await send([grantA], ORG_A)).toMatchObject({ stored: 1 });
    expect(await refused({ ...grantA, charityProgramCode: 'ORG-B-2026-EDU', amount: '1.00' }, ORG_B)).toEqual([
      { field: 'sourceRecordId', reason: 'is already used by another organisation\'s grant: choose another id' },
    ]);
    expect(await storedRecord(grantA)).toMatchObject({ charityProgramCode: PROGRAM_A });
    expect((await storedRecord(grantA))!.amount.toFixed(2)).toBe('800.00');
  });

  it('a CHARITY sender without an organisation is refused on "type" (grant and program registration)', async () => {
    const anonymous: Sender = { name: 'import:CHARITY', department: 'CHARITY' };
    const reason = 'a charity sender must name its organisation (token claim org, or --org)';
    expect(await refused(record({ department: 'CHARITY', program: 'CHARITY_GRANT', charityProgramCode: PROGRAM_A, beneficiaryIdNumber: idNumber() }), anonymous)).toEqual([
      { field: 'type', reason },
    ]);
    expect(await refused(charityProgram({ code: 'NO-ORG-PROGRAM' }), anonymous)).toEqual([{ field: 'type', reason }]);
  });

  it('a charity program from a non-charity department is refused on "type"', async () => {
    expect(await refused(charityProgram({ code: 'EDU-OWN-PROGRAM', organization: 'EDUCATION' }), EDUCATION)).toEqual([
      { field: 'type', reason: 'charity programs are registered by charities' },
    ]);
  });

  it('a charity registers programs of its own organisation only, and cannot take over another\'s program', async () => {
    expect(await refused(charityProgram({ code: 'ORG-B-2026-MED' }), ORG_B)).toEqual([
      { field: 'organization', reason: 'must be your own organisation (ORG-B)' },
    ]);
    expect(await refused(charityProgram({ organization: 'ORG-B', budget: '1.00' }), ORG_B)).toEqual([
      { field: 'code', reason: `${PROGRAM_A} belongs to another organisation` },
    ]);
    expect((await prisma().charityProgram.findUniqueOrThrow({ where: { code: PROGRAM_A } })).organization).toBe('ORG-A');

    const own = charityProgram({ code: 'ORG-B-2026-MED', organization: 'ORG-B', needCategory: 'MEDICAL', regionCodes: ['510104', '51'] });
    expect(await send([own], ORG_B)).toMatchObject({ stored: 1 });
    const stored = await prisma().charityProgram.findUniqueOrThrow({ where: { code: 'ORG-B-2026-MED' } });
    expect([stored.organization, stored.budget.toFixed(2), stored.regionCodes, day(stored.startDate), day(stored.endDate)]).toEqual([
      'ORG-B', '500000.00', ['51', '510104'], '2026-01-01', '2026-12-31',
    ]);
    expect(await send([{ ...own, budget: '500000', regionCodes: ['51', '510104'] }], ORG_B)).toMatchObject({ stored: 0, unchanged: 1 });
  });
});

describe('re-sending and changing records', () => {
  const monthly = () =>
    record({
      department: 'CIVIL_AFFAIRS', program: 'DIBAO', beneficiaryIdNumber: head, householdSourceId: HH, amount: '520.00',
      frequency: 'MONTHLY', startDate: '2026-01-01', endDate: null, needCategory: 'LIVING',
      details: { dibaoGrade: 3, assessedIncomePerCapita: '420.00' },
    });

  it('the same record again is unchanged and writes no history', async () => {
    const line = record({ details: { schoolTerm: '2026-SPRING', schoolStage: 'PRIMARY' } });
    expect(await send([line])).toMatchObject({ stored: 1 });
    const events = await prisma().changeEvent.count();
    expect(await send([line])).toMatchObject({ stored: 0, unchanged: 1, rejected: 0 });
    expect(await prisma().changeEvent.count()).toBe(events);
  });

  it('endDate omitted = null for a MONTHLY record, "520" = "520.00", details "420" = "420.00": all unchanged', async () => {
    const line = monthly();
    expect(await send([line])).toMatchObject({ stored: 1 });
    const events = await prisma().changeEvent.count();
    const respelled = [
      without(line, 'endDate'),
      { ...line, amount: '520' },
      { ...line, amount: '520.0', details: { dibaoGrade: 3, assessedIncomePerCapita: '420', supportMode: null } },
      without({ ...line, householdSourceId: HH, eventRef: null }, 'expenseBasis', 'charityProgramCode'),
    ];
    const summary = await send(respelled);
    expect(summary).toMatchObject({ stored: 0, unchanged: respelled.length, rejected: 0 });
    expect(await prisma().changeEvent.count()).toBe(events);
    expect(await recordHistory(line)).toHaveLength(1);
  });

  it('dates and decimals inside details compare equal after a round trip (healthcare)', async () => {
    const line = record({
      department: 'HEALTHCARE_SECURITY', program: 'MEDICAL_ASSISTANCE', beneficiaryIdNumber: spouse, frequency: 'ONE_OFF',
      startDate: '2026-03-20', endDate: null, needCategory: 'MEDICAL', amount: '5000',
      details: { billTotal: '52000', insurancePaid: '13999.9', admissionDate: '2026-02-28', dischargeDate: '2026-03-15' },
    });
    expect(await send([line])).toMatchObject({ stored: 1 });
    expect(await send([{ ...line, amount: '5000.00', endDate: '2026-03-20', details: { ...(line.details as object), billTotal: '52000.00', insurancePaid: '13999.90' } }])).toMatchObject({
      stored: 0,
      unchanged: 1,
    });
  });

  it('a changed amount is stored and history keeps the previous and current snapshots', async () => {
    const line = monthly();
    expect(await send([line])).toMatchObject({ stored: 1 });
    const officer: Sender = { name: 'officer-9', department: 'CIVIL_AFFAIRS' };
    expect(await send([{ ...line, amount: '560.00' }], officer)).toMatchObject({ stored: 1, unchanged: 0 });
    expect((await storedRecord(line))!.amount.toFixed(2)).toBe('560.00');

    const history = await recordHistory(line);
    expect(history.map((e) => [e.action, e.sender])).toEqual([
      ['CREATED', ADMIN.name],
      ['UPDATED', 'officer-9'],
    ]);
    const snapshot = {
      program: 'DIBAO',
      beneficiaryKey: keyOf(head),
      householdSourceId: HH,
      regionCode: '510104',
      amount: '520.00',
      frequency: 'MONTHLY',
      startDate: '2026-01-01',
      endDate: null,
      status: 'ACTIVE',
      needCategory: 'LIVING',
      eventRef: null,
      expenseBasis: null,
      charityProgramCode: null,
      details: { dibaoGrade: 3, assessedIncomePerCapita: '420.00' },
    };
    expect(history[1]!.previous).toEqual(snapshot);
    expect(history[1]!.current).toEqual({ ...snapshot, amount: '560.00' });
    expect(history[0]!.current).toEqual(snapshot);
  });

  it('a change in a detail field only (schoolTerm) is an UPDATE of the record and its detail row', async () => {
    const line = record({ details: { schoolTerm: '2026-SPRING', schoolStage: 'PRIMARY' } });
    await send([line]);
    expect(await send([{ ...line, details: { schoolTerm: '2026-AUTUMN', schoolStage: 'PRIMARY' } }])).toMatchObject({ stored: 1, unchanged: 0 });
    const stored = await storedRecord(line);
    expect(await prisma().educationRecordDetail.findUnique({ where: { recordId: stored!.id } })).toMatchObject({
      schoolTerm: '2026-AUTUMN',
      schoolStage: 'PRIMARY',
    });
    const last = (await recordHistory(line)).at(-1)!;
    expect(last.action).toBe('UPDATED');
    expect((last.previous as { details: unknown }).details).toEqual({ schoolTerm: '2026-SPRING', schoolStage: 'PRIMARY' });
    expect((last.current as { details: unknown }).details).toEqual({ schoolTerm: '2026-AUTUMN', schoolStage: 'PRIMARY' });
  });

  it('a detail field left out of the new version is cleared in the detail row', async () => {
    const line = record({ details: { schoolTerm: '2026-SPRING', schoolName: '锦江实验小学', schoolStage: 'PRIMARY' } });
    await send([line]);
    expect(await send([{ ...line, details: { schoolTerm: '2026-SPRING' } }])).toMatchObject({ stored: 1 });
    const stored = await storedRecord(line);
    expect(await prisma().educationRecordDetail.findUnique({ where: { recordId: stored!.id } })).toEqual({
      recordId: stored!.id,
      schoolTerm: '2026-SPRING',
      schoolName: null,
      schoolStage: null,
    });
    expect(await send([{ ...line, details: { schoolTerm: '2026-SPRING', schoolName: null } }])).toMatchObject({ unchanged: 1 });
  });

  it('removing the details deletes the detail row (UPDATED); details null, {} and omitted are then the same', async () => {
    const line = record({ details: { schoolTerm: '2026-SPRING', schoolName: '锦江实验小学' } });
    await send([line]);
    const stored = await storedRecord(line);
    expect(await prisma().educationRecordDetail.count({ where: { recordId: stored!.id } })).toBe(1);

    expect(await send([{ ...line, details: {} }])).toMatchObject({ stored: 1 });
    expect(await prisma().educationRecordDetail.count({ where: { recordId: stored!.id } })).toBe(0);
    const last = (await recordHistory(line)).at(-1)!;
    expect(last.action).toBe('UPDATED');
    expect((last.previous as { details: unknown }).details).toEqual({ schoolTerm: '2026-SPRING', schoolName: '锦江实验小学' });
    expect((last.current as { details: unknown }).details).toEqual({});

    expect(await send([{ ...line, details: null }, without(line, 'details'), { ...line, details: { schoolTerm: null } }])).toMatchObject({
      stored: 0,
      unchanged: 3,
    });
    expect((await storedRecord(line))!.id).toBe(stored!.id);
  });
});

describe('expenses', () => {
  it('is stored exactly as sent, unchanged on re-send ("38000" = "38000.00"), UPDATED on a change', async () => {
    const line = expense({ amount: '38000.00', date: '2026-03-02' });
    expect(await send([line])).toMatchObject({ stored: 1 });
    const key = { department: 'HEALTHCARE_SECURITY' as const, sourceId: line.sourceId };
    expect(plain((await prisma().expense.findUniqueOrThrow({ where: { department_sourceId: key } })) as never)).toMatchObject({
      personKey: keyOf(head),
      category: 'MEDICAL',
      amount: '38000.00',
      date: '2026-03-02',
      sender: ADMIN.name,
    });
    const events = await prisma().changeEvent.count();
    expect(await send([line, { ...line, amount: '38000' }])).toMatchObject({ stored: 0, unchanged: 2 });
    expect(await prisma().changeEvent.count()).toBe(events);

    expect(await send([{ ...line, amount: '41000.50' }])).toMatchObject({ stored: 1 });
    const history = await historyOf('expense', `HEALTHCARE_SECURITY:${line.sourceId}`);
    expect(history.map((e) => e.action)).toEqual(['CREATED', 'UPDATED']);
    expect(history[1]!.previous).toEqual({ personKey: keyOf(head), category: 'MEDICAL', amount: '38000.00', date: '2026-03-02' });
    expect(history[1]!.current).toEqual({ personKey: keyOf(head), category: 'MEDICAL', amount: '41000.50', date: '2026-03-02' });
  });

  it('a person not yet known is created from the ID number', async () => {
    const id = idNumber({ birth: '19560707', sex: 'MALE' });
    expect(await prisma().person.count({ where: { personKey: keyOf(id) } })).toBe(0);
    expect(await send([expense({ idNumber: id })])).toMatchObject({ stored: 1 });
    const created = await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(id) } });
    expect([day(created.birthDate), created.sex, created.name]).toEqual(['1956-07-07', 'MALE', null]);
  });

  it('a negative or malformed amount is refused', async () => {
    expect(await refused(expense({ idNumber: idNumber(), amount: '-1.00' }))).toEqual([{ field: 'amount', reason: 'must not be negative' }]);
    expect(await refused(expense({ idNumber: idNumber(), amount: '1.005' }))).toEqual([
      { field: 'amount', reason: 'must be a decimal string with at most 2 decimals, got "1.005"' },
    ]);
  });
});

describe('beneficiaries', () => {
  it('a beneficiary not yet known becomes a person with birth date, sex and masked number from the ID number', async () => {
    const id = idNumber({ birth: '20080229', sex: 'FEMALE', check: 'X' });
    expect(await prisma().person.count({ where: { personKey: keyOf(id) } })).toBe(0);
    const line = record({ beneficiaryIdNumber: `${id.slice(0, 17)}x` });
    expect(await send([line])).toMatchObject({ stored: 1 });
    const created = await prisma().person.findUniqueOrThrow({ where: { personKey: keyOf(id) } });
    expect([day(created.birthDate), created.sex, created.maskedIdNumber, created.name]).toEqual([
      '2008-02-29',
      'FEMALE',
      `${id.slice(0, 4)}**********${id.slice(14)}`,
      null,
    ]);
    expect((await storedRecord(line))!.beneficiaryKey).toBe(keyOf(id));
  });
});
