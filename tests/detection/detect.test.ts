// The rule runner (src/detection/detect.ts) on a real database: detect() reads
// and sorts; runDetection() stores findings so that a later run keeps their
// review state, refreshes their evidence, resolves the ones no longer found
// (DISMISSED stays DISMISSED) and leaves the rules it did not run alone.
import type { TestDatabase } from '../helpers/database';
import { person } from '../ingest/builders';
import { DetectOptionError, detect, runDetection, toRulesJson, type DetectedFinding } from '../../src/detection/detect';
import { allRules } from '../../src/detection';
import { storeRun } from '../../src/detection/store';
import {
  dibaoFor, family, idNumber, keyOf, loadedDatabase, record, sortedKeys, type RecordObject,
} from './duplicateFixtures';
import { ingest } from '../../src/ingest/service';
import { ADMIN, items } from '../ingest/builders';

const D = '2026-06-30';
const LATER = '2026-07-31';

// D1: a parent on 低保 and 特困 (to disappear: the 特困 will be cancelled, then restored).
const home = family();
const dibao = dibaoFor(home);
const tekun = record('TEKUN', home.parent, { amount: '800.00', startDate: '2026-03-15' });
// D4: public rental and the rental subsidy (to be CONFIRMED by a reviewer).
const housed = family();
const rental = record('PUBLIC_RENTAL', housed.head, { householdSourceId: housed.sourceId, amount: '350.00', startDate: '2026-03-01', needCategory: 'HOUSING' });
const subsidy = record('RENTAL_SUBSIDY', housed.head, { householdSourceId: housed.sourceId, amount: '300.00', needCategory: 'HOUSING' });
// D5 twice: one whose amount changes, one DISMISSED and then gone.
const changing = idNumber({ birth: '19580101' });
const changingTekun = record('TEKUN', changing, { startDate: '2026-02-01' });
const changingLiving = record('DISABILITY_LIVING_SUBSIDY', changing, { amount: '100.00', needCategory: 'DISABILITY_CARE' });
const dismissed = idNumber({ birth: '19590202' });
const dismissedTekun = record('TEKUN', dismissed, { startDate: '2026-02-01' });
const dismissedLiving = record('DISABILITY_LIVING_SUBSIDY', dismissed, { needCategory: 'DISABILITY_CARE' });
// D6: a rule the second run does not run.
const deceased = idNumber({ birth: '19400101' });
const afterDeath = record('PRICE_SUBSIDY', deceased, { amount: '100.00' });

const keyFor = (rule: string, ...records: RecordObject[]) => [rule, ...sortedKeys(...records)].join('|');
const F1 = keyFor('D1', dibao, tekun);
const F4 = keyFor('D4', rental, subsidy);
const F5 = keyFor('D5', changingTekun, changingLiving);
const F5_DISMISSED = keyFor('D5', dismissedTekun, dismissedLiving);
const F6 = keyFor('D6', afterDeath);

let test: TestDatabase;
const send = async (objects: unknown[]) => {
  const summary = await ingest(test.db.prisma, items(objects), { sender: ADMIN, personKeyPepper: test.config.idPepper });
  expect(summary.rejected).toBe(0);
};
const stored = (findingKey: string) => test.db.prisma.finding.findUniqueOrThrow({ where: { findingKey } });
const day = (date: Date) => date.toISOString().slice(0, 10);

beforeAll(async () => {
  test = await loadedDatabase([
    home.household, housed.household, person(deceased, { deathDate: '2026-02-15' }),
    dibao, tekun, rental, subsidy, changingTekun, changingLiving, dismissedTekun, dismissedLiving, afterDeath,
  ]);
});
afterAll(() => test.drop());

describe('detect', () => {
  let findings: DetectedFinding[];
  beforeAll(async () => {
    findings = await detect(test.db.prisma, { asOf: D });
  });

  it('returns a finding per rule row with its key, the rule\'s kind and every column', () => {
    expect(findings.find((f) => f.findingKey === F1)).toEqual({
      findingKey: F1,
      kind: 'DUPLICATE',
      rule: 'D1',
      personKey: keyOf(test, home.parent),
      householdSourceId: home.sourceId,
      regionCode: '510104',
      regionCodes: ['510104'],
      area: null,
      records: sortedKeys(dibao, tekun),
      overpayment: '3200.00',
      suggestedPrograms: [],
      departments: ['CIVIL_AFFAIRS'],
    });
    expect(findings.filter((f) => f.kind === 'DUPLICATE').map((f) => f.findingKey)).toEqual([F1, F4, ...[F5, F5_DISMISSED].sort(), F6]);
  });

  it('sorts by RULES.md\'s rule order, then by finding key, and names each finding once', () => {
    const order = allRules.map((r) => r.id);
    const sorted = [...findings].sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule) || (a.findingKey < b.findingKey ? -1 : 1));
    expect(findings.map((f) => f.findingKey)).toEqual(sorted.map((f) => f.findingKey));
    expect(new Set(findings.map((f) => f.findingKey)).size).toBe(findings.length);
  });

  it('reads only: no run and no finding is stored', async () => {
    expect(await test.db.prisma.detectionRun.count()).toBe(0);
    expect(await test.db.prisma.finding.count()).toBe(0);
  });

  it('runs only the rules named, in RULES.md\'s order, reporting each as it finishes', async () => {
    const done: [string, number][] = [];
    const some = await detect(test.db.prisma, { asOf: D, rules: ['D5', 'D1'], onRuleDone: (rule, found) => done.push([rule, found]) });
    expect(done).toEqual([['D1', 1], ['D5', 2]]);
    expect(some.map((f) => f.findingKey)).toEqual([F1, ...[F5, F5_DISMISSED].sort()]);
  });

  it('refuses an unknown rule id or an impossible date, naming the option, before reading anything', async () => {
    await expect(detect(test.db.prisma, { asOf: D, rules: ['D1', 'D9' as never] })).rejects.toMatchObject({
      option: 'rules', reason: expect.stringMatching(/^unknown rule D9; the rules are D1, D2/),
    });
    await expect(detect(test.db.prisma, { asOf: '2026-02-29' })).rejects.toThrow(DetectOptionError);
    await expect(runDetection(test.db.prisma, { asOf: '30/06/2026', startedBy: 'test' })).rejects.toMatchObject({ option: 'asOf' });
    expect(await test.db.prisma.detectionRun.count()).toBe(0);
  });
});

describe('toRulesJson', () => {
  it('gives a duplicate exactly RULES.md\'s object, keys in its order', async () => {
    const [finding] = await detect(test.db.prisma, { asOf: D, rules: ['D1'] });
    expect(JSON.stringify(toRulesJson(finding!, D))).toBe(
      `{"kind":"DUPLICATE","rule":"D1","personKey":"${keyOf(test, home.parent)}","householdSourceId":"${home.sourceId}",` +
        `"records":${JSON.stringify(sortedKeys(dibao, tekun))},"overpayment":"3200.00","asOf":"${D}"}`,
    );
  });

  it('gives a gap its own shape: region, area and suggested programs, no records or overpayment', () => {
    const gap: DetectedFinding = {
      findingKey: 'G8|513431|RURAL', kind: 'GAP', rule: 'G8', personKey: null, householdSourceId: null, regionCode: '513431',
      regionCodes: ['513431'], area: 'RURAL', records: [], overpayment: null, suggestedPrograms: ['TEKUN'], departments: ['CIVIL_AFFAIRS'],
    };
    expect(JSON.stringify(toRulesJson(gap, D))).toBe(
      `{"kind":"GAP","rule":"G8","personKey":null,"householdSourceId":null,"regionCode":"513431","area":"RURAL","suggestedPrograms":["TEKUN"],"asOf":"${D}"}`,
    );
  });
});

describe('runDetection across runs', () => {
  let firstRun: number;

  it('stores every finding OPEN and current, and the run with its rules, count and finish time', async () => {
    const run = await runDetection(test.db.prisma, { asOf: D, startedBy: 'test' });
    firstRun = run.runId;
    expect(await test.db.prisma.finding.count()).toBe(run.findings.length);
    expect(await stored(F1)).toMatchObject({ rule: 'D1', kind: 'DUPLICATE', status: 'OPEN', current: true, records: sortedKeys(dibao, tekun) });
    expect(String((await stored(F1)).overpayment)).toBe('3200');
    const row = await test.db.prisma.detectionRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(row).toMatchObject({ rules: allRules.map((r) => r.id), found: run.findings.length, startedBy: 'test' });
    expect(day(row.asOf)).toBe(D);
    expect(row.finishedAt).not.toBeNull();
  });

  it('a later run keeps a review, refreshes evidence, resolves what is gone (DISMISSED stays), and leaves rules not run alone', async () => {
    await test.db.prisma.finding.update({ where: { findingKey: F4 }, data: { status: 'CONFIRMED', reviewNote: 'subsidy to stop', reviewedBy: 'officer-1' } });
    await test.db.prisma.finding.update({ where: { findingKey: F5_DISMISSED }, data: { status: 'DISMISSED', reviewNote: 'paid back' } });
    await send([
      { ...tekun, status: 'CANCELLED' },
      { ...dismissedLiving, status: 'CANCELLED' },
      { ...changingLiving, amount: '150.00' },
    ]);

    const run = await runDetection(test.db.prisma, { asOf: LATER, rules: ['D1', 'D4', 'D5'], startedBy: 'test' });
    expect(run.runId).toBeGreaterThan(firstRun);
    expect(run.resolved).toBe(2);
    expect(run.findings.map((f) => f.findingKey)).toEqual([F4, F5]);

    const reviewed = await stored(F4);
    expect(reviewed).toMatchObject({ status: 'CONFIRMED', reviewNote: 'subsidy to stop', reviewedBy: 'officer-1', current: true });
    expect([day(reviewed.asOf), day(reviewed.firstFoundAsOf)]).toEqual([LATER, D]);
    expect(await stored(F1)).toMatchObject({ status: 'RESOLVED', current: false });
    expect(await stored(F5_DISMISSED)).toMatchObject({ status: 'DISMISSED', reviewNote: 'paid back', current: false });
    const refreshed = await stored(F5);
    expect([refreshed.status, String(refreshed.overpayment)]).toEqual(['OPEN', '900']); // 150.00 x February to July
    const untouched = await stored(F6);
    expect([untouched.status, untouched.current, day(untouched.asOf)]).toEqual(['OPEN', true, D]);
  });

  it('a resolved finding found again is OPEN and current again', async () => {
    await send([tekun]);
    await runDetection(test.db.prisma, { asOf: LATER, rules: ['D1'], startedBy: 'test' });
    expect(await stored(F1)).toMatchObject({ status: 'OPEN', current: true });
    expect(await stored(F5_DISMISSED)).toMatchObject({ status: 'DISMISSED', current: false });
  });
  it('a run that stores after a later run of the same rule changes nothing (the later run saw newer data)', async () => {
    const early = await test.db.prisma.detectionRun.create({ data: { asOf: new Date(`${LATER}T00:00:00Z`), rules: ['D1'], startedBy: 'early' } });
    await runDetection(test.db.prisma, { asOf: LATER, rules: ['D1'], startedBy: 'later' });
    expect(await stored(F1)).toMatchObject({ status: 'OPEN', current: true });

    // The early run found nothing for D1; stored now, it would resolve F1.
    expect(await storeRun(test.db.prisma, { runId: early.id, asOf: LATER, rules: ['D1'], findings: [] })).toEqual({ resolved: 0 });
    expect(await stored(F1)).toMatchObject({ status: 'OPEN', current: true });
    const recorded = await test.db.prisma.detectionRun.findUniqueOrThrow({ where: { id: early.id } });
    expect(recorded.finishedAt).not.toBeNull();
  });
});
