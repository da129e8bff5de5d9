// Plants the duplicate-payment problems chosen in plants.ts and lists every
// planted problem with its evidence, so tests and the people demonstrating
// the hub know exactly which findings to expect (RULES.md rule ids).
import { recordKey, type RecordBook } from './book';
import type { Caseload } from './caseload';
import { addBillGrant } from './charity';
import { plantTekunInDibao } from './civilAffairs';
import { plantLivingWhileTekun } from './disabledPersonsFederation';
import { addMedicalAssistance, hospitalStay } from './healthcareSecurity';
import { plantHousingDouble } from './housing';
import type { Plants } from './plants';
import type { Rng } from './random';
import { POLICY_GAP } from './standards';
import type { RecordObject } from './types';

export interface PlantedProblem {
  /** RULES.md rule id (D1-D6, G1-G8). */
  rule: string;
  idNumber: string | null;
  householdSourceId: string | null;
  /** Evidence records, as DEPARTMENT:sourceRecordId once numbered. */
  records: RecordObject[];
  note: string;
}

export interface PlantedProblemReport extends Omit<PlantedProblem, 'records'> {
  records: string[];
}

/** Call after RecordBook.finish(), when the records have their ids. */
export const reportOf = (p: PlantedProblem): PlantedProblemReport => ({ ...p, records: p.records.map(recordKey).sort() });

const counting = (book: RecordBook, program: string, household: string): RecordObject[] =>
  book.all().filter((r) => r.program === program && r.householdSourceId === household && r.status !== 'CANCELLED');

const person = (rule: string, idNumber: string, household: string | null, records: RecordObject[], note: string): PlantedProblem =>
  ({ rule, idNumber, householdSourceId: household, records, note });

export function plantDuplicates(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants): PlantedProblem[] {
  const planted: PlantedProblem[] = [];
  plantTekunInDibao(rng, book, plants).forEach((tekun, i) => {
    const { member, home } = plants.tekunInDibao[i]!;
    const dibao = counting(book, 'DIBAO', home.household.sourceId);
    planted.push(person('D1', member.person.idNumber, home.household.sourceId, [tekun, ...dibao], 'parent in a 低保 household also registered as 特困'));
  });
  for (const [idNumber, listings] of caseload.listings) {
    if (listings.length < 2) continue;
    const dibao = listings.flatMap((h) => counting(book, 'DIBAO', h.household.sourceId));
    planted.push(person('D2', idNumber, null, dibao, '低保 drawn in two counties through two household listings'));
  }
  for (const { member, home } of plants.overCovered) {
    const stay = hospitalStay(rng, home, member, true)!;
    const assistance = addMedicalAssistance(book, stay);
    // The fund paid the family's whole claim without deducting what medical assistance had already paid.
    const extra = Math.round((stay.outOfPocketFen * rng.int(10, 30)) / 100);
    const grant = addBillGrant(rng, book, stay, stay.outOfPocketFen - stay.assistanceFen + extra);
    planted.push(person('D3', member.person.idNumber, home.household.sourceId, [assistance, grant], `bill ${stay.eventRef} paid beyond its cost`));
  }
  plantHousingDouble(rng, book, plants).forEach((pair, i) => {
    const h = plants.housingDouble[i]!;
    planted.push(person('D4', h.head.person.idNumber, h.household.sourceId, pair, 'rental subsidy not stopped after moving into public rental housing'));
  });
  plantLivingWhileTekun(rng, book, plants).forEach((living, i) => {
    const { member, home } = plants.livingWhileTekun[i]!;
    const tekun = book.all().filter((r) => r.program === 'TEKUN' && r.beneficiaryIdNumber === member.person.idNumber);
    planted.push(person('D5', member.person.idNumber, home.household.sourceId, [living, ...tekun], 'disability living subsidy while 特困'));
  });
  return planted;
}

export const paidAfterDeath = (kept: RecordObject[]): PlantedProblem[] =>
  kept.map((r) => person('D6', r.beneficiaryIdNumber, r.householdSourceId, [r], `${r.program} still paid after the beneficiary died`));

export function plantedGaps(plants: Plants): PlantedProblem[] {
  const ids = (rule: string, set: Set<string>, note: string): PlantedProblem[] => [...set].map((id) => person(rule, id, null, [], note));
  const households = (rule: string, sourceIds: string[], note: string): PlantedProblem[] =>
    sourceIds.map((sourceId) => ({ rule, idNumber: null, householdSourceId: sourceId, records: [], note }));
  return [
    ...ids('G1', plants.noEducation, 'school-age child on 低保 without education aid'),
    ...ids('G3', plants.noNursing, 'grade 1-2 disability without the nursing subsidy'),
    ...ids('G4', plants.noLiving, 'disabled person on 低保 without the living subsidy'),
    ...households('G5', [...plants.noEmploymentAid], '低保 household with an idle working-age member and no employment aid'),
    ...households('G7', plants.expenditurePoor.map((h) => h.household.sourceId), 'near-poor household with large medical bills and no relief'),
    {
      rule: 'G8', idNumber: null, householdSourceId: null, records: [],
      note: `TEKUN standard below 1.3x DIBAO in ${POLICY_GAP.regionCode} ${POLICY_GAP.area}`,
    },
  ];
}
