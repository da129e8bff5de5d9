// The assistance side of the demo set: what each department pays the registry's
// households, generated department by department from civil affairs' means
// test, with the planted problems chosen first (gaps leave things out) and
// added last (duplicates), and deaths settled at the end.
import { RecordBook } from './book';
import { buildCaseload } from './caseload';
import { charityPrograms, charityRecords } from './charity';
import { civilAffairsRecords } from './civilAffairs';
import { settleDeaths } from './deaths';
import { disabilityRecords } from './disability';
import { educationRecords } from './education';
import { employmentRecords } from './employment';
import { expenseLines } from './expenses';
import { healthcareRecords } from './healthcare';
import type { BuiltHousehold } from './household';
import { housingRecords } from './housing';
import { choosePlants } from './plants';
import { paidAfterDeath, plantDuplicates, plantedGaps, reportOf, type PlantedProblemReport } from './problems';
import type { Rng } from './random';
import type { CharityProgramObject, ExpenseObject, RecordObject } from './types';

export interface DemoAssistance {
  charityPrograms: CharityProgramObject[];
  records: RecordObject[];
  expenses: ExpenseObject[];
  planted: PlantedProblemReport[];
}

export function generateAssistance(rng: Rng, built: readonly BuiltHousehold[], crossListed: readonly string[]): DemoAssistance {
  const caseload = buildCaseload(rng, built, crossListed);
  const plants = choosePlants(rng, caseload);
  const book = new RecordBook();
  civilAffairsRecords(rng, book, caseload, plants);
  educationRecords(rng, book, caseload, plants);
  housingRecords(rng, book, caseload, plants);
  const stays = healthcareRecords(rng, book, caseload, plants);
  employmentRecords(rng, book, caseload, plants);
  disabilityRecords(rng, book, caseload, plants);
  charityRecords(rng, book, caseload, plants, stays);
  const planted = plantDuplicates(rng, book, caseload, plants);
  planted.push(...paidAfterDeath(settleDeaths(book, caseload, plants)), ...plantedGaps(plants));
  const expenses = expenseLines(rng, plants);
  const records = book.finish();
  return { charityPrograms: charityPrograms(), records, expenses, planted: planted.map(reportOf) };
}
