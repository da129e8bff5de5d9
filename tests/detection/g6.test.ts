// G6 UNATTENDED_CHILD_WITHOUT_GUARANTEE (RULES.md): a living orphan under 18 on
// D whom no ORPHAN_GUARANTEE or TEKUN covers on D.
import { g6UnattendedChildWithoutGuarantee as G6 } from '../../src/detection/gaps/g6UnattendedChildWithoutGuarantee';
import type { RuleRow } from '../../src/detection/types';
import { D, Fixture, JINJIANG, openRuleDatabase, personsNamed, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
const orphan = (birth = '2016-04-04', fields: Record<string, unknown> = {}) => f.person(birth, { orphan: true, ...fields });

// Raised by a grandparent, listed in the grandparent's household (not on 低保).
const found = orphan();
const grandparentHome = f.household([f.person('1950-05-05'), found]);
const notOrphan = f.person('2016-04-05', { orphan: false });
const orphanUnknown = f.person('2016-04-06');

const seventeen = orphan('2008-07-01');
const eighteenToday = orphan('2008-06-30');

const guaranteeCoversD = orphan();
f.record('ORPHAN_GUARANTEE', guaranteeCoversD, { amount: '1400.00' });
const tekunCoversD = orphan();
f.record('TEKUN', tekunCoversD);
const guaranteeEndedYesterday = orphan();
f.record('ORPHAN_GUARANTEE', guaranteeEndedYesterday, { endDate: '2026-06-29', status: 'ENDED' });
const guaranteeStartsTomorrow = orphan();
f.record('ORPHAN_GUARANTEE', guaranteeStartsTomorrow, { startDate: '2026-07-01' });
const guaranteeCancelled = orphan();
f.record('ORPHAN_GUARANTEE', guaranteeCancelled, { status: 'CANCELLED' });
// 低保 is not the guarantee: the child is named, under the 低保 household.
const onDibaoOnly = orphan();
const dibaoHome = f.onDibao(onDibaoOnly);

const diedOnD = orphan('2016-04-07', { deathDate: D });

let db: RuleDatabase;
let rows: RuleRow[];
const named = (id: string) => personsNamed(rows).includes(db.keyOf(id));

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G6);
});
afterAll(() => db.drop());

describe('G6 UNATTENDED_CHILD_WITHOUT_GUARANTEE', () => {
  it('names exactly the orphans under 18 without the guarantee or 特困 on D', () => {
    const expected = [found, seventeen, guaranteeEndedYesterday, guaranteeStartsTomorrow, guaranteeCancelled, onDibaoOnly];
    expect([...personsNamed(rows)].sort()).toEqual(expected.map(db.keyOf).sort());
  });

  it("gives the finding row: the child's listing and region, the orphans' guarantee of civil affairs", () => {
    expect(rows.find((r) => r.person_key === db.keyOf(found))).toEqual({
      person_key: db.keyOf(found),
      household_source_id: grandparentHome,
      region_code: JINJIANG,
      region_codes: [JINJIANG],
      area: null,
      records: [],
      overpayment: null,
      suggested_programs: ['ORPHAN_GUARANTEE'],
      departments: ['CIVIL_AFFAIRS'],
    });
  });

  it('needs orphan to be true, not false or unknown', () => {
    expect(named(notOrphan)).toBe(false);
    expect(named(orphanUnknown)).toBe(false);
  });

  it('names a 17-year-old, not one who turns 18 on D', () => {
    expect(named(seventeen)).toBe(true);
    expect(named(eighteenToday)).toBe(false);
  });

  it('is closed by the guarantee or 特困 covering D', () => {
    expect(named(guaranteeCoversD)).toBe(false);
    expect(named(tekunCoversD)).toBe(false);
  });

  it('is not closed by a guarantee ended the day before, starting the day after, or cancelled', () => {
    expect(named(guaranteeEndedYesterday)).toBe(true);
    expect(named(guaranteeStartsTomorrow)).toBe(true);
    expect(named(guaranteeCancelled)).toBe(true);
  });

  it('is not closed by 低保, and names the 低保 household', () => {
    expect(rows.find((r) => r.person_key === db.keyOf(onDibaoOnly))).toMatchObject({
      household_source_id: dibaoHome.household, records: [],
    });
  });

  it('never names a child dead on D', () => {
    expect(named(found)).toBe(true);
    expect(named(diedOnD)).toBe(false);
  });
});
