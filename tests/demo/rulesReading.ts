// A deliberately plain, independent reading of RULES.md (all but G8), used
// only to check that the demo set holds the planted problems and no others.
// It is not the hub's detector: it works on the exchange objects in memory.
import type { DemoDataObject, ExpenseObject, HouseholdObject, PersonObject, RecordObject, StandardObject } from '../../src/demo';

export interface Finding {
  rule: string;
  /** Sorted record keys (duplicate rules), an ID number or a household sourceId (gap rules). */
  subject: string;
}

const FAR = '9999-12-31';
const key = (r: RecordObject): string => `${r.department}:${r.sourceRecordId}`;
const counts = (r: RecordObject): boolean => r.status !== 'CANCELLED';
const covers = (r: RecordObject, d: string): boolean => counts(r) && r.startDate <= d && (r.endDate ?? FAR) >= d;
const overlap = (a: RecordObject, b: RecordObject): boolean => a.startDate <= (b.endDate ?? FAR) && b.startDate <= (a.endDate ?? FAR);
const minusDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const monthEnd = (d: string): string => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).toISOString().slice(0, 10);
const recent = (r: RecordObject, d: string): boolean => counts(r) && r.startDate >= minusDays(d, 365) && r.startDate <= d;
function age(idNumber: string, d: string): number {
  const birth = idNumber.slice(6, 14);
  return Number(d.slice(0, 4)) - Number(birth.slice(0, 4)) - (d.slice(5, 7) + d.slice(8, 10) < birth.slice(4) ? 1 : 0);
}
const HOUSEHOLD_LEVEL = new Set(['DIBAO', 'PUBLIC_RENTAL', 'RENTAL_SUBSIDY', 'RURAL_HOUSING_RENOVATION']);

export function findings(objects: readonly DemoDataObject[], d: string): Finding[] {
  const records = objects.filter((o): o is RecordObject => o.type === 'record').filter(counts);
  const households = objects.filter((o): o is HouseholdObject => o.type === 'household');
  const persons = new Map(objects.filter((o): o is PersonObject => o.type === 'person').map((p) => [p.idNumber, p]));
  const expenses = objects.filter((o): o is ExpenseObject => o.type === 'expense');
  const standards = objects.filter((o): o is StandardObject => o.type === 'standard');
  const membersOf = new Map(households.map((h) => [h.sourceId, h.members.map((m) => m.idNumber)]));
  const coveredBy = (r: RecordObject): string[] =>
    HOUSEHOLD_LEVEL.has(r.program) ? membersOf.get(r.householdSourceId ?? '') ?? [] : [r.beneficiaryIdNumber];
  const alive = (id: string): boolean => (persons.get(id)?.deathDate ?? FAR) > d;
  const of = (program: string): RecordObject[] => records.filter((r) => r.program === program);
  const out: Finding[] = [];
  const pairs = (rule: string, as: RecordObject[], bs: RecordObject[], same: (a: RecordObject, b: RecordObject) => boolean): void => {
    for (const a of as) for (const b of bs) if (a !== b && same(a, b) && overlap(a, b)) out.push({ rule, subject: [key(a), key(b)].sort().join(' ') });
  };
  pairs('D1', of('DIBAO'), of('TEKUN'), (a, b) => coveredBy(a).includes(b.beneficiaryIdNumber));
  const streams = records.filter((r) => r.frequency !== 'ONE_OFF' && r.program !== 'TEMPORARY' && r.program !== 'CHARITY_GRANT');
  pairs('D2', streams, streams, (a, b) => a.program === b.program && key(a) < key(b) && coveredBy(a).some((p) => coveredBy(b).includes(p)));
  const byEvent = new Map<string, RecordObject[]>();
  for (const r of records) if (r.eventRef) byEvent.set(`${r.beneficiaryIdNumber}|${r.eventRef}`, [...(byEvent.get(`${r.beneficiaryIdNumber}|${r.eventRef}`) ?? []), r]);
  for (const group of byEvent.values()) {
    const bases = group.flatMap((r) => (r.expenseBasis ? [Number(r.expenseBasis)] : []));
    const sum = group.reduce((total, r) => total + Number(r.amount), 0);
    if (group.length > 1 && bases.length > 0 && sum > Math.max(...bases) + 0.001) out.push({ rule: 'D3', subject: group.map(key).sort().join(' ') });
  }
  pairs('D4', of('PUBLIC_RENTAL'), of('RENTAL_SUBSIDY'), (a, b) => a.householdSourceId === b.householdSourceId);
  pairs('D5', of('DISABILITY_LIVING_SUBSIDY'), of('TEKUN'), (a, b) => a.beneficiaryIdNumber === b.beneficiaryIdNumber);
  for (const r of records) {
    const died = persons.get(r.beneficiaryIdNumber)?.deathDate;
    if (!died) continue;
    if (r.frequency === 'ONE_OFF' ? r.startDate > died : (r.endDate ?? FAR) > monthEnd(died)) out.push({ rule: 'D6', subject: key(r) });
  }

  const onDibao = (id: string): boolean => of('DIBAO').some((r) => covers(r, d) && coveredBy(r).includes(id));
  const onTekun = (id: string): boolean => of('TEKUN').some((r) => covers(r, d) && r.beneficiaryIdNumber === id);
  const has = (id: string, test: (r: RecordObject) => boolean): boolean => records.some((r) => r.beneficiaryIdNumber === id && test(r));
  for (const p of persons.values()) {
    const id = p.idNumber;
    if (!alive(id)) continue;
    const poor = onDibao(id) || onTekun(id);
    const stage = p.schoolStage;
    const eduAid = (r: RecordObject): boolean =>
      (r.department === 'EDUCATION' || (r.program === 'CHARITY_GRANT' && r.needCategory === 'EDUCATION')) && (covers(r, d) || recent(r, d));
    if (stage && stage !== 'HIGHER' && age(id, d) >= 6 && age(id, d) <= 18 && poor && !has(id, eduAid)) out.push({ rule: 'G1', subject: id });
    const premium = (r: RecordObject): boolean => r.program === 'MEDICAL_PREMIUM_SUBSIDY' && (covers(r, d) || r.startDate.slice(0, 4) === d.slice(0, 4));
    if (poor && !has(id, premium)) out.push({ rule: 'G2', subject: id });
    const grade = p.disabilityGrade;
    if (grade !== null && grade <= 2 && !has(id, (r) => r.program === 'DISABILITY_NURSING_SUBSIDY' && covers(r, d))) out.push({ rule: 'G3', subject: id });
    if (grade !== null && onDibao(id) && !onTekun(id) && !has(id, (r) => r.program === 'DISABILITY_LIVING_SUBSIDY' && covers(r, d))) {
      out.push({ rule: 'G4', subject: id });
    }
    if (p.orphan && age(id, d) < 18 && !has(id, (r) => (r.program === 'ORPHAN_GUARANTEE' || r.program === 'TEKUN') && covers(r, d))) {
      out.push({ rule: 'G6', subject: id });
    }
  }
  for (const h of households) {
    const ids = h.members.map((m) => m.idNumber);
    const living = ids.filter(alive);
    const dibao = of('DIBAO').some((r) => r.householdSourceId === h.sourceId && covers(r, d));
    const member = (id: string): PersonObject => persons.get(id)!;
    const idle = living.some((id) => {
      const p = member(id);
      const a = age(id, d);
      return a >= 16 && a <= 59 && p.employmentStatus === 'UNEMPLOYED' && p.schoolStage === null && !(p.disabilityGrade !== null && p.disabilityGrade <= 2);
    });
    const employed = ids.some((id) => member(id).employmentStatus === 'EMPLOYED');
    const jobAid = ids.some((id) => has(id, (r) => r.department === 'HUMAN_RESOURCES' && (covers(r, d) || recent(r, d))));
    if (dibao && idle && !employed && !jobAid) out.push({ rule: 'G5', subject: h.sourceId });
    const standard = standards.find((s) => s.regionCode === h.regionCode && s.area === h.area && s.program === 'DIBAO');
    const income = Number(h.monthlyIncomePerCapita);
    const bills = expenses
      .filter((e) => ids.includes(e.idNumber) && e.category === 'MEDICAL' && e.date >= minusDays(d, 365) && e.date <= d)
      .reduce((total, e) => total + Number(e.amount), 0);
    const relief = ids.some((id) => has(id, (r) => (r.program === 'TEMPORARY' || r.program === 'MEDICAL_ASSISTANCE') && (covers(r, d) || recent(r, d))));
    if (!dibao && standard && income <= 1.5 * Number(standard.monthlyAmount) && bills > 0.5 * income * living.length * 12 && !relief) {
      out.push({ rule: 'G7', subject: h.sourceId });
    }
  }
  return out;
}
