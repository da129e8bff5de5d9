// The assistance side of the demo set: what each department pays the registry's
// households, generated department by department from civil affairs' means
// test, with the planted problems chosen first (gaps leave things out) and
// added last (duplicates), and deaths settled at the end.
import { RecordBook } from './book';
import { buildCaseload } from './caseload';
import { charityPrograms, charityRecords } from './charity';
import { civilAffairsRecords } from './civilAffairs';
import { settleDeaths } from './deaths';
import { disabledPersonsFederationRecords } from './disabledPersonsFederation';
import { educationRecords } from './education';
import { expenseLines } from './expenses';
import { healthcareSecurityRecords } from './healthcareSecurity';
import type { BuiltHousehold } from './household';
import { housingRecords } from './housing';
import { humanResourcesRecords } from './humanResources';
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
  const stays = healthcareSecurityRecords(rng, book, caseload, plants);
  humanResourcesRecords(rng, book, caseload, plants);
  disabledPersonsFederationRecords(rng, book, caseload, plants);
  charityRecords(rng, book, caseload, plants, stays);
  const planted = plantDuplicates(rng, book, caseload, plants);
  planted.push(...paidAfterDeath(settleDeaths(book, caseload, plants)), ...plantedGaps(plants));
  const expenses = expenseLines(rng, plants);
  const records = book.finish();
  return { charityPrograms: charityPrograms(), records, expenses, planted: planted.map(reportOf) };
}
