// G7 EXPENDITURE_POVERTY_CANDIDATE (RULES.md, 支出型贫困): a household not on
// its own DIBAO at D, with monthlyIncomePerCapita at most 1.5 x the DIBAO
// standard of its county, year(D) and area (the nearest registered ancestor's
// when the county has none), members' MEDICAL expenses in [D-365, D] above
// half of income x living members x 12, and no member with TEMPORARY or
// MEDICAL_ASSISTANCE recent or covering D.
//
// Standards of 2026, DIBAO: 锦江 510104 URBAN 780.00 (limit 1170.00) and RURAL
// 600.00 (limit 900.00); 青羊 510105 has none, so 成都 510100 URBAN 700.00
// applies (limit 1050.00), not 四川 510000's 900.00. 2025's 锦江 URBAN 2000.00
// must not be used. 贵州's county 520102 has no standard anywhere above it.
import { g7ExpenditurePovertyCandidate as G7 } from '../../src/detection/gaps/g7ExpenditurePovertyCandidate';
import type { RuleRow } from '../../src/detection/types';
import { D, Fixture, householdsNamed, JINJIANG, openRuleDatabase, QINGYANG, type RuleDatabase } from './gapFixtures';

const f = new Fixture();
const standard = (regionCode: string, area: string, monthlyAmount: string, year = 2026) =>
  ({ type: 'standard', regionCode, year, program: 'DIBAO', area, monthlyAmount });
f.add(
  { type: 'region', code: '520000', name: '贵州省', parentCode: null, level: 'PROVINCE' },
  { type: 'region', code: '520100', name: '贵阳市', parentCode: '520000', level: 'CITY' },
  { type: 'region', code: '520102', name: '南明区', parentCode: '520100', level: 'COUNTY' },
  standard(JINJIANG, 'URBAN', '780.00'),
  standard(JINJIANG, 'RURAL', '600.00'),
  standard('510100', 'URBAN', '700.00'),
  standard('510000', 'URBAN', '900.00'),
  standard(JINJIANG, 'URBAN', '2000.00', 2025),
  // A TEKUN standard of the county must not be taken for its DIBAO standard.
  { type: 'standard', regionCode: QINGYANG, year: 2026, program: 'TEKUN', area: 'URBAN', monthlyAmount: '5000.00' },
);

interface Home { household: string; members: string[] }
/** A household of `size` living adults with the given income per head (and household fields). */
function home(income: string | null, size = 1, fields: Record<string, unknown> = {}, memberFields: Record<string, unknown> = {}): Home {
  const members = Array.from({ length: size }, () => f.person('1975-01-01', memberFields));
  return { household: f.household(members, { monthlyIncomePerCapita: income, ...fields }), members };
}
/** Medical bills of the first member, dated in the year before D. */
const bills = (h: Home, amount: string, date = '2026-03-02') => f.expense(h.members[0]!, amount, date);
const oneOff = (date: string) => ({ frequency: 'ONE_OFF', startDate: date, endDate: date });

// Found: two living members, 650.00 each; the line is 0.5 x 650 x 2 x 12 = 7800.00, bills 8000.00.
const found = home('650.00', 2);
bills(found, '5000.00');
f.expense(found.members[1]!, '3000.00', '2026-01-15');

// Bills must exceed half a year's income of the living members.
const billsAtLine = home('650.00', 2);
bills(billsAtLine, '7800.00');
const billsJustOver = home('650.00', 2);
bills(billsJustOver, '7800.01');

// Income at most 1.5 x the standard.
const incomeAtLimit = home('1170.00');
bills(incomeAtLimit, '8000.00');
const incomeOverLimit = home('1170.01');
bills(incomeOverLimit, '8000.00');
const incomeUnknown = home(null);
bills(incomeUnknown, '8000.00');

// Only MEDICAL expenses of current members dated in [D-365, D] count; the line for one member at 650.00
// is 3900.00 (for two, 7800.00: the leaver's 6000.00 would tip it over).
const expenseOnFirstDay = home('650.00');
bills(expenseOnFirstDay, '2000.00', '2025-06-30');
bills(expenseOnFirstDay, '2000.00', D);
const expenseDayTooOld = home('650.00');
bills(expenseDayTooOld, '2000.00', '2025-06-29');
bills(expenseDayTooOld, '2000.00', D);
const expenseAfterD = home('650.00');
bills(expenseAfterD, '2000.00', '2026-07-01');
bills(expenseAfterD, '2000.00', D);
const schoolExpense = home('650.00');
bills(schoolExpense, '2000.00', D);
f.expense(schoolExpense.members[0]!, '2000.00', '2026-02-02', 'EDUCATION');
const leaverExpense = home('650.00', 2);
bills(leaverExpense, '2000.00', D);
f.expense(leaverExpense.members[1]!, '6000.00', D);
f.household([leaverExpense.members[0]!], { monthlyIncomePerCapita: '650.00' }, leaverExpense.household);

// A member dead at D: their bills count, they do not count among the living (line 3900.00, not 7800.00).
const deadMemberBills = home('650.00');
const deadSpouse = f.person('1974-01-01', { deathDate: '2026-02-01' });
f.household([deadMemberBills.members[0]!, deadSpouse], { monthlyIncomePerCapita: '650.00' }, deadMemberBills.household);
f.expense(deadSpouse, '4000.00', '2026-01-20');
const nobodyLiving = home('650.00', 1, {}, { deathDate: '2026-05-01' });
bills(nobodyLiving, '8000.00', '2026-04-01');

// Not on its own 低保 at D.
const onDibao = home('650.00');
bills(onDibao, '8000.00');
f.dibao(onDibao.household);
const dibaoEndedYesterday = home('650.00');
bills(dibaoEndedYesterday, '8000.00');
f.dibao(dibaoEndedYesterday.household, { endDate: '2026-06-29', status: 'ENDED' });
const dibaoCancelled = home('650.00');
bills(dibaoCancelled, '8000.00');
f.dibao(dibaoCancelled.household, { status: 'CANCELLED' });
// Its member is also listed by a household on 低保: this household is still not on 低保 itself.
const memberOnDibaoElsewhere = home('650.00');
bills(memberOnDibaoElsewhere, '8000.00');
f.dibao(f.household([f.person('1955-05-05'), memberOnDibaoElsewhere.members[0]!], { monthlyIncomePerCapita: '5000.00' }));

// Relief: temporary or medical assistance of any member, recent or covering D.
const temporaryRecent = home('650.00');
bills(temporaryRecent, '8000.00');
f.record('TEMPORARY', temporaryRecent.members[0]!, { ...oneOff('2025-06-30'), amount: '3000.00' });
const temporaryTooOld = home('650.00');
bills(temporaryTooOld, '8000.00');
f.record('TEMPORARY', temporaryTooOld.members[0]!, { ...oneOff('2025-06-29'), amount: '3000.00' });
const temporaryAfterD = home('650.00');
bills(temporaryAfterD, '8000.00');
f.record('TEMPORARY', temporaryAfterD.members[0]!, { ...oneOff('2026-07-01'), amount: '3000.00' });
const medicalAssistanceCoversD = home('650.00');
bills(medicalAssistanceCoversD, '8000.00');
f.record('MEDICAL_ASSISTANCE', medicalAssistanceCoversD.members[0]!, { startDate: '2025-01-01', endDate: null });
const medicalAssistanceCancelled = home('650.00');
bills(medicalAssistanceCancelled, '8000.00');
f.record('MEDICAL_ASSISTANCE', medicalAssistanceCancelled.members[0]!, { ...oneOff('2026-04-01'), status: 'CANCELLED' });
const reliefToDeadMember = home('650.00');
const reliefSpouse = f.person('1974-02-02', { deathDate: '2026-02-01' });
f.household([reliefToDeadMember.members[0]!, reliefSpouse], { monthlyIncomePerCapita: '650.00' }, reliefToDeadMember.household);
bills(reliefToDeadMember, '8000.00');
f.record('MEDICAL_ASSISTANCE', reliefSpouse, { ...oneOff('2026-01-25'), amount: '6000.00' });
const otherRelief = home('650.00');
bills(otherRelief, '8000.00');
f.record('PRICE_SUBSIDY', otherRelief.members[0]!, oneOff('2026-04-01'));

// Which standard: the city's for a county without one (1050.00), the area's own, this year's, none at all.
const qingyangUnderCityLimit = home('1000.00', 1, { regionCode: QINGYANG });
bills(qingyangUnderCityLimit, '8000.00');
const qingyangOverCityLimit = home('1100.00', 1, { regionCode: QINGYANG });
bills(qingyangOverCityLimit, '8000.00');
const ruralOverRuralLimit = home('1000.00', 1, { area: 'RURAL' });
bills(ruralOverRuralLimit, '8000.00');
const urbanUnderUrbanLimit = home('1000.00');
bills(urbanUnderUrbanLimit, '8000.00');
const overThisYearsLimit = home('1500.00');
bills(overThisYearsLimit, '12000.00');
const noStandardAnywhere = home('100.00', 1, { regionCode: '520102' });
bills(noStandardAnywhere, '8000.00');

let db: RuleDatabase;
let rows: RuleRow[];
const named = (h: Home) => householdsNamed(rows).includes(h.household);

beforeAll(async () => {
  db = await openRuleDatabase(f);
  rows = await db.run(G7);
});
afterAll(() => db.drop());

describe('G7 EXPENDITURE_POVERTY_CANDIDATE', () => {
  it('names exactly the near-poor households with large medical bills and no relief', () => {
    const expected = [found, billsJustOver, incomeAtLimit, expenseOnFirstDay, deadMemberBills, dibaoEndedYesterday, dibaoCancelled,
      memberOnDibaoElsewhere, temporaryTooOld, temporaryAfterD, medicalAssistanceCancelled, otherRelief, qingyangUnderCityLimit,
      urbanUnderUrbanLimit].map((h) => h.household);
    expect([...householdsNamed(rows)].sort()).toEqual(expected.sort());
  });

  it('names the household under its region, suggesting temporary and medical assistance', () => {
    expect(rows.find((r) => r.household_source_id === found.household)).toEqual({
      person_key: null,
      household_source_id: found.household,
      region_code: JINJIANG,
      region_codes: [JINJIANG],
      area: null,
      records: [],
      overpayment: null,
      suggested_programs: ['TEMPORARY', 'MEDICAL_ASSISTANCE'],
      departments: ['CIVIL_AFFAIRS', 'HEALTHCARE_SECURITY'],
    });
  });

  it('needs bills strictly above half the yearly income of the living members', () => {
    expect(named(billsJustOver)).toBe(true);
    expect(named(billsAtLine)).toBe(false);
  });

  it('takes an income of exactly 1.5 times the standard, not a cent more, nor an unknown income', () => {
    expect(named(incomeAtLimit)).toBe(true);
    expect(named(incomeOverLimit)).toBe(false);
    expect(named(incomeUnknown)).toBe(false);
  });

  it('counts medical expenses dated from 365 days before D to D only', () => {
    expect(named(expenseOnFirstDay)).toBe(true);
    expect(named(expenseDayTooOld)).toBe(false);
    expect(named(expenseAfterD)).toBe(false);
  });

  it('counts medical expenses only, of current members only', () => {
    expect(named(schoolExpense)).toBe(false);
    expect(named(leaverExpense)).toBe(false);
  });

  it("counts a dead member's bills but not the dead member among the living; no living member, no finding", () => {
    expect(named(deadMemberBills)).toBe(true);
    expect(named(nobodyLiving)).toBe(false);
  });

  it("leaves out a household whose own 低保 covers D, not one whose 低保 ended the day before or was cancelled", () => {
    expect(named(onDibao)).toBe(false);
    expect(named(dibaoEndedYesterday)).toBe(true);
    expect(named(dibaoCancelled)).toBe(true);
  });

  it("does not take a member's 低保 through another household for the household's own", () => {
    expect(named(memberOnDibaoElsewhere)).toBe(true);
  });

  it('is closed by temporary assistance started 365 days before D, not 366, nor starting after D', () => {
    expect(named(temporaryRecent)).toBe(false);
    expect(named(temporaryTooOld)).toBe(true);
    expect(named(temporaryAfterD)).toBe(true);
  });

  it('is closed by medical assistance covering D, even to a member since dead, not by a cancelled one or other aid', () => {
    expect(named(medicalAssistanceCoversD)).toBe(false);
    expect(named(reliefToDeadMember)).toBe(false);
    expect(named(medicalAssistanceCancelled)).toBe(true);
    expect(named(otherRelief)).toBe(true);
  });

  it("uses the nearest registered ancestor's standard for a county without one (the city's, not the province's)", () => {
    expect(named(qingyangUnderCityLimit)).toBe(true);
    expect(named(qingyangOverCityLimit)).toBe(false);
  });

  it("uses the standard of the household's area and of D's year, and finds nothing where no standard is registered", () => {
    expect(named(urbanUnderUrbanLimit)).toBe(true);
    expect(named(ruralOverRuralLimit)).toBe(false);
    expect(named(overThisYearsLimit)).toBe(false);
    expect(named(noStandardAnywhere)).toBe(false);
  });
});
