// 教育: students from 低保/特困 families and orphans get the term grant (助学金)
// in spring and autumn; vocational students also the fee waiver, university
// students often a work-study job; severely disabled children who cannot
// attend school are taught at home (送教上门). Near-poor families sometimes.
import type { RecordBook } from './book';
import { TERMS } from './calendar';
import { basicLivingCovered, type Caseload, type HouseholdCase, type Member } from './caseload';
import { schoolFor, specialSchoolFor } from './places';
import type { Plants } from './plants';
import type { Rng } from './random';
import { EDU_GRANT_FEN, HOME_TEACHING_FEN, VOCATIONAL_FEE_WAIVER_FEN, WORK_STUDY_FEN } from './rates';
import type { RecordProgram, SchoolStage } from './types';

type Term = (typeof TERMS)[keyof typeof TERMS];

function addTerm(
  book: RecordBook, h: HouseholdCase, m: Member, program: RecordProgram, amountFen: number,
  term: Term, school: string, stage: SchoolStage | null,
): void {
  const past = term === TERMS.spring;
  book.add({
    program,
    beneficiary: m.person.idNumber,
    regionCode: h.county.code,
    amountFen,
    frequency: 'PER_TERM',
    startDate: term.start,
    endDate: term.end,
    status: past ? 'ENDED' : 'ACTIVE',
    needCategory: 'EDUCATION',
    details: { schoolTerm: term.code, schoolName: school, ...(stage ? { schoolStage: stage } : {}) },
  });
}

/** Severe intellectual or multiple disability, of compulsory-school age, not enrolled. */
const taughtAtHome = (m: Member): boolean =>
  m.person.schoolStage === null && (m.person.disabilityGrade ?? 9) <= 2 && m.age >= 6 && m.age <= 15;

export function educationRecords(rng: Rng, book: RecordBook, caseload: Caseload, plants: Plants): void {
  for (const { member: m, home: h } of caseload.persons.values()) {
    const id = m.person.idNumber;
    if (!m.alive || plants.noEducation.has(id)) continue;
    if (taughtAtHome(m)) {
      for (const term of [TERMS.spring, TERMS.autumn]) addTerm(book, h, m, 'EDU_HOME_TEACHING', HOME_TEACHING_FEN, term, specialSchoolFor(h), null);
      continue;
    }
    const stage = m.person.schoolStage;
    if (stage === null) continue;
    const school = schoolFor(rng, h, stage);
    const poor = m.person.orphan || h.support === 'DIBAO' || h.support === 'TEKUN' || basicLivingCovered(caseload, id);
    const nearPoor = h.support === 'DIBAO_ENDED' || h.band === 'NEAR';
    if (!poor) {
      if (nearPoor && rng.chance(0.4)) addTerm(book, h, m, 'EDU_GRANT', EDU_GRANT_FEN[stage], TERMS.autumn, school, stage);
      continue;
    }
    for (const term of [TERMS.spring, TERMS.autumn]) addTerm(book, h, m, 'EDU_GRANT', EDU_GRANT_FEN[stage], term, school, stage);
    if (stage === 'VOCATIONAL') addTerm(book, h, m, 'EDU_FEE_WAIVER', VOCATIONAL_FEE_WAIVER_FEN, TERMS.autumn, school, stage);
    if (stage === 'HIGHER' && rng.chance(0.4)) {
      book.add({
        program: 'EDU_WORK_STUDY',
        beneficiary: id,
        regionCode: h.county.code,
        amountFen: WORK_STUDY_FEN,
        frequency: 'MONTHLY',
        startDate: TERMS.autumn.start,
        endDate: TERMS.autumn.end,
        needCategory: 'EDUCATION',
        details: { schoolTerm: TERMS.autumn.code, schoolName: school, schoolStage: stage },
      });
    }
  }
}
