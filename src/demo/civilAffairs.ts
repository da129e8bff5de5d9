// 民政: 低保 for households below the standard, 特困 for people alone and unable
// to work, one-off 临时救助 after emergencies, and the orphans' guarantee.
import type { RecordBook } from './book';
import { AS_OF, dayBetween, monthEnd, monthStartBetween } from './calendar';
import type { Caseload, HouseholdCase, Member } from './caseload';
import type { Plants } from './plants';
import type { Rng } from './random';
import { orphanFen } from './rates';
import { tekunFen } from './standards';
import type { NeedCategory, RecordObject } from './types';

/** Everyone on 低保 gets at least this share of the standard (保底), even with income close to it. */
const MIN_SHARE = 0.2;

/** Whole yuan per member: (standard - assessed income), times the living members. */
function dibaoAmountFen(h: HouseholdCase, assessedFen: number): number {
  const perCapita = Math.max(h.standardFen - assessedFen, Math.ceil(h.standardFen * MIN_SHARE));
  return Math.ceil(perCapita / 100) * 100 * Math.max(1, h.members.filter((m) => m.alive).length);
}

/** 分档: grade 1 for the poorest (gap of 70% of the standard or more). */
function dibaoGrade(h: HouseholdCase, assessedFen: number): number {
  const gap = (h.standardFen - assessedFen) / h.standardFen;
  return gap >= 0.7 ? 1 : gap >= 0.4 ? 2 : 3;
}

/** Long-standing cases started years ago; a head who died this year was on it before. */
function dibaoStart(rng: Rng, h: HouseholdCase): string {
  if (h.head.person.deathDate !== null || !rng.chance(0.2)) return monthStartBetween(rng, '2017-01', '2025-12');
  return monthStartBetween(rng, '2026-01', '2026-10');
}

function addDibao(rng: Rng, book: RecordBook, h: HouseholdCase): void {
  const ended = h.support === 'DIBAO_ENDED';
  // Households that have since left (or the cross-listed mothers' stale registrations) were assessed earlier, when poorer.
  const assessedFen = h.band === 'POOR' ? h.incomeFen : rng.int(Math.floor(h.standardFen * 0.5), Math.floor(h.standardFen * 0.9));
  const startDate = ended ? monthStartBetween(rng, '2018-01', '2025-06') : dibaoStart(rng, h);
  const details: Record<string, string | number> = { dibaoGrade: dibaoGrade(h, assessedFen), assessedIncomePerCapita: (assessedFen / 100).toFixed(2) };
  if (ended) details.reason = '家庭人均收入超过保障标准，渐退期满停发';
  if (h.dibaoStatus === 'SUSPENDED') details.reason = '年度复核未提交收入证明，暂停发放';
  const grant = {
    program: 'DIBAO' as const,
    beneficiary: h.head.person.idNumber,
    household: h.household.sourceId,
    regionCode: h.county.code,
    amountFen: dibaoAmountFen(h, assessedFen),
    frequency: 'MONTHLY' as const,
    startDate,
    endDate: ended ? monthEnd(monthStartBetween(rng, '2026-02', '2026-09')) : null,
    status: ended ? ('ENDED' as const) : h.dibaoStatus,
    needCategory: 'LIVING' as const,
    details,
  };
  book.add(grant);
  // A few were keyed in twice and the copy voided: CANCELLED never counts, so no duplicate finding.
  if (!ended && rng.chance(0.04)) book.add({ ...grant, status: 'CANCELLED', details: { ...details, reason: '重复录入，已作废' } });
}

function addTekun(rng: Rng, book: RecordBook, h: HouseholdCase, member: Member, startDate?: string): RecordObject {
  return book.add({
    program: 'TEKUN',
    beneficiary: member.person.idNumber,
    regionCode: h.county.code,
    amountFen: tekunFen(h.county.code, h.household.area),
    frequency: 'MONTHLY',
    startDate: startDate ?? monthStartBetween(rng, '2014-01', '2025-12'),
    needCategory: 'LIVING',
    // Most live at home with a carer paid for; some in the township home for the aged (敬老院).
    details: { supportMode: rng.chance(0.2) ? 'CENTRALISED' : 'DISPERSED' },
  });
}

const EMERGENCIES: readonly (readonly [string, NeedCategory, number, number])[] = [
  ['家庭成员突发重病住院，自付费用高', 'MEDICAL', 2000, 5000],
  ['住房失火，生活用品损毁', 'EMERGENCY', 2000, 5000],
  ['遭遇交通事故致伤，暂时丧失劳动能力', 'EMERGENCY', 1000, 4000],
  ['暴雨洪涝受灾', 'EMERGENCY', 500, 3000],
  ['主要劳动力失业，基本生活暂时困难', 'LIVING', 500, 2000],
];

/** 临时救助: paid once, in round hundreds, to the head, on or before the day the head died. */
function addTemporary(rng: Rng, book: RecordBook, h: HouseholdCase, emergency = rng.pick(EMERGENCIES), from = '2026-01-05'): void {
  const [reason, needCategory, min, max] = emergency;
  const last = h.head.person.deathDate && h.head.person.deathDate < AS_OF ? h.head.person.deathDate : AS_OF;
  if (last < from) return;
  book.add({
    program: 'TEMPORARY',
    beneficiary: h.head.person.idNumber,
    regionCode: h.county.code,
    amountFen: rng.int(min / 100, max / 100) * 10000,
    frequency: 'ONE_OFF',
    startDate: dayBetween(rng, from, last),
    needCategory,
    details: { reason },
  });
}

function addOrphanGuarantee(rng: Rng, book: RecordBook, h: HouseholdCase, child: Member): void {
  const born = Number(child.person.idNumber.slice(6, 10));
  const from = `${Math.max(2019, born + 1)}-01`;
  book.add({
    program: 'ORPHAN_GUARANTEE',
    beneficiary: child.person.idNumber,
    regionCode: h.county.code,
    amountFen: orphanFen(h.county.code),
    frequency: 'MONTHLY',
    startDate: monthStartBetween(rng, from, '2025-12'),
    needCategory: 'LIVING',
    details: { reason: rng.chance(0.4) ? '父母双亡' : '事实无人抚养（父亲死亡、母亲失联）' },
  });
}

/** Bills of the relieved household are dated before this (see expenses.ts). */
export const RELIEF_FROM = '2026-06-15';

export function civilAffairsRecords(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants): void {
  const billed = new Set(plants.expenditurePoor);
  for (const h of caseload.households) {
    if (h.support === 'DIBAO' || h.support === 'DIBAO_ENDED') addDibao(rng, book, h);
    if (h.support === 'TEKUN') addTekun(rng, book, h, h.head);
    const chance = h.support === 'DIBAO' ? 0.1 : h.support === 'TEKUN' ? 0.05 : h.band === 'NEAR' ? 0.06 : 0;
    if (!billed.has(h) && h !== plants.relievedBill && rng.chance(chance)) addTemporary(rng, book, h);
    for (const child of h.members) {
      if (child.person.orphan && child.alive && child.age < 18 && caseload.persons.get(child.person.idNumber)?.home === h) {
        addOrphanGuarantee(rng, book, h, child);
      }
    }
  }
  // The near-poor household whose large hospital bill (reported in spring) was met by 临时救助:
  // no expenditure-poverty finding.
  if (plants.relievedBill) addTemporary(rng, book, plants.relievedBill, EMERGENCIES[0]!, RELIEF_FROM);
}

/** D1: a parent listed in a 低保 household, registered as 特困 as well since mid-2025. */
export function plantTekunInDibao(rng: Rng, book: RecordBook, plants: Plants): RecordObject[] {
  return plants.tekunInDibao.map(({ member, home }) => addTekun(rng, book, home, member, monthStartBetween(rng, '2025-04', '2025-09')));
}
