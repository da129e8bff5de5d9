// 住建: urban 低保/特困 households either rent with a subsidy (租赁补贴) or live in
// public rental housing (公租房); rural ones may get their dilapidated house
// renovated (农村危房改造). All three are household-level: paid to the head.
import type { Grant, RecordBook } from './book';
import { addDays, dayBetween, monthStartBetween } from './calendar';
import type { Caseload, HouseholdCase } from './caseload';
import type { Plants } from './plants';
import type { Rng } from './random';
import { publicRentalPerSqmFen, rentalSubsidyPerSqmFen } from './rates';
import type { RecordObject } from './types';

/** Housing standard: 15 m² per member, counted up to four members. */
const SQM_PER_MEMBER = 15;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const base = (h: HouseholdCase): Pick<Grant, 'beneficiary' | 'household' | 'regionCode' | 'needCategory'> => ({
  beneficiary: h.head.person.idNumber,
  household: h.household.sourceId,
  regionCode: h.county.code,
  needCategory: 'HOUSING',
});

function rentalSubsidy(rng: Rng, book: RecordBook, h: HouseholdCase, startDate: string, endDate: string | null): RecordObject {
  const sqm = Math.min(h.members.length, 4) * SQM_PER_MEMBER;
  return book.add({
    ...base(h),
    program: 'RENTAL_SUBSIDY',
    amountFen: sqm * rentalSubsidyPerSqmFen(h.county.code),
    frequency: 'MONTHLY',
    startDate,
    endDate,
    status: endDate ? 'ENDED' : 'ACTIVE',
    details: { propertyRef: `ZLBT-${h.county.code}-${startDate.slice(0, 4)}-${pad(rng.int(1, 9999), 5)}`, floorAreaSqm: `${sqm}.00` },
  });
}

function publicRental(rng: Rng, book: RecordBook, h: HouseholdCase, startDate: string): RecordObject {
  const sqm = Math.min(28 + h.members.length * 8, 60) + rng.int(0, 9) / 10;
  const ref = `GZF-${h.county.code}-${pad(rng.int(1, 40), 3)}-${rng.int(1, 12)}-${rng.int(1, 3)}-${rng.int(2, 18)}${pad(rng.int(1, 8), 2)}`;
  return book.add({
    ...base(h),
    program: 'PUBLIC_RENTAL',
    amountFen: Math.round(sqm * publicRentalPerSqmFen(h.county.code) / 100) * 100,
    frequency: 'MONTHLY',
    startDate,
    details: { propertyRef: ref, floorAreaSqm: sqm.toFixed(2) },
  });
}

function renovation(rng: Rng, book: RecordBook, h: HouseholdCase): void {
  const rebuild = rng.chance(0.4);
  book.add({
    ...base(h),
    program: 'RURAL_HOUSING_RENOVATION',
    amountFen: (rebuild ? rng.int(30, 35) : rng.int(15, 20)) * 100000,
    frequency: 'ONE_OFF',
    startDate: dayBetween(rng, '2025-05-01', '2026-10-31'),
    details: { propertyRef: `WGF-${h.county.code}-${pad(rng.int(1, 999), 4)}`, floorAreaSqm: `${rng.int(55, 100)}.00` },
  });
}

export function housingRecords(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants): void {
  for (const h of caseload.households) {
    if (plants.housingDouble.includes(h) || !h.head.alive) continue;
    const poor = h.support === 'DIBAO' || h.support === 'TEKUN';
    if (h.household.area === 'RURAL') {
      if (poor && rng.chance(0.1)) renovation(rng, book, h);
      continue;
    }
    if (!rng.chance(poor ? 0.3 : h.band === 'NEAR' ? 0.08 : 0)) continue;
    if (!poor || rng.chance(0.6)) {
      rentalSubsidy(rng, book, h, monthStartBetween(rng, '2021-01', '2026-09'), null);
      continue;
    }
    const moveIn = monthStartBetween(rng, '2020-01', '2026-06');
    // Many renters were on the subsidy until the day before they got the keys: adjacent, not overlapping.
    if (rng.chance(0.3)) rentalSubsidy(rng, book, h, monthStartBetween(rng, '2017-01', '2019-12'), addDays(moveIn, -1));
    publicRental(rng, book, h, moveIn);
  }
}

/** D4: moved into public rental housing, but the rental subsidy ran on (one stopped late, one never). */
export function plantHousingDouble(rng: Rng, book: RecordBook, plants: Plants): RecordObject[][] {
  return plants.housingDouble.map((h, i) => {
    const moveIn = monthStartBetween(rng, '2025-10', '2026-04');
    const subsidy = rentalSubsidy(rng, book, h, monthStartBetween(rng, '2022-01', '2024-12'), i % 2 === 0 ? null : '2026-08-31');
    return [publicRental(rng, book, h, moveIn), subsidy];
  });
}
