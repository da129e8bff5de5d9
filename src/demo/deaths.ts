// People die during the year (the registry dates their deaths); payments to
// them stop with the month of death, as departments' registers do once the
// death is notified. Except for a few planted cases (D6: PAYMENT_AFTER_DEATH)
// where a department never heard and kept paying.
import type { RecordBook } from './book';
import { monthEnd } from './calendar';
import type { Caseload } from './caseload';
import type { Plants } from './plants';
import type { RecordObject } from './types';

/**
 * The payments a department is most likely to keep making unnoticed, in the
 * order one is chosen; the insurance premium is the last resort (停保 missed).
 */
const STREAMS = ['TEKUN', 'DIBAO', 'DISABILITY_NURSING_SUBSIDY', 'DISABILITY_LIVING_SUBSIDY', 'MEDICAL_PREMIUM_SUBSIDY'];

const runsPast = (record: RecordObject, last: string): boolean =>
  record.status !== 'CANCELLED' && record.frequency !== 'ONE_OFF' && (record.endDate === null || record.endDate > last);

/** Ends or drops dead people's records; returns the ones left paying on purpose (D6), one per planted person. */
export function settleDeaths(book: RecordBook, caseload: Caseload, plants: Plants): RecordObject[] {
  const deathOf = new Map<string, string>();
  for (const { member } of caseload.persons.values()) {
    if (member.person.deathDate) deathOf.set(member.person.idNumber, member.person.deathDate);
  }
  const kept = plants.paidAfterDeath.flatMap(({ member }) => {
    const died = member.person.deathDate!;
    const own = book.all().filter((r) => r.beneficiaryIdNumber === member.person.idNumber && runsPast(r, monthEnd(died)));
    const stream = STREAMS.map((program) => own.find((r) => r.program === program)).find((r) => r !== undefined);
    return stream ? [stream] : [];
  });
  for (const record of [...book.all()]) {
    const died = deathOf.get(record.beneficiaryIdNumber);
    if (died === undefined || kept.includes(record)) continue;
    const last = monthEnd(died);
    if (record.startDate > (record.frequency === 'ONE_OFF' ? died : last)) book.remove(record);
    else if (runsPast(record, last)) {
      record.endDate = last;
      record.status = 'ENDED';
    }
  }
  return kept;
}
