// 医保 also reports large out-of-pocket medical costs (expense lines). The demo
// reports them for the planted near-poor households: two that got no relief
// (G7: EXPENDITURE_POVERTY_CANDIDATE, 支出型贫困) and one whose bill was met by
// temporary assistance afterwards (no finding).
import { RELIEF_FROM } from './civilAffairs';
import { addDays, dayBetween } from './calendar';
import type { HouseholdCase } from './caseload';
import { formatFen } from './money';
import type { Plants } from './plants';
import type { Rng } from './random';
import type { ExpenseObject } from './types';

/** G7 fires above half a year's income of the living members; bills come to 1.4-2x that. */
function billsFen(rng: Rng, h: HouseholdCase): number {
  const living = h.members.filter((m) => m.alive).length;
  return Math.ceil((h.incomeFen * living * 6 * rng.int(140, 200)) / 100);
}

export function expenseLines(rng: Rng, plants: Plants): ExpenseObject[] {
  const lines: ExpenseObject[] = [];
  const add = (h: HouseholdCase, amountFen: number, date: string): void => {
    const patient = [...h.members].filter((m) => m.alive).sort((a, b) => b.age - a.age)[0] ?? h.head;
    lines.push({
      type: 'expense',
      department: 'HEALTHCARE_SECURITY',
      sourceId: `EXP-2026-${String(lines.length + 1).padStart(6, '0')}`,
      idNumber: patient.person.idNumber,
      category: 'MEDICAL',
      amount: formatFen(amountFen),
      date,
    });
  };
  for (const h of plants.expenditurePoor) {
    // A first admission in spring and a readmission in summer.
    const total = billsFen(rng, h);
    const first = Math.round((total * rng.int(55, 70)) / 100);
    add(h, first, dayBetween(rng, '2026-02-01', '2026-05-31'));
    add(h, total - first, dayBetween(rng, '2026-06-01', '2026-09-30'));
  }
  if (plants.relievedBill) add(plants.relievedBill, billsFen(rng, plants.relievedBill), dayBetween(rng, '2026-03-01', addDays(RELIEF_FROM, -14)));
  return lines;
}
