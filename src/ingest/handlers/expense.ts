// `expense` lines: documented out-of-pocket costs (for example large medical
// bills reported by HEALTHCARE_SECURITY), used by the expenditure-poverty rule.
import { z } from 'zod';
import { formatDate } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import { DEPARTMENT_VALUES, NEED_CATEGORY_VALUES } from '../../departments/programs';
import { idNumber, isoDate, money, oneOf, sourceId } from '../fields';
import { refuseExpenseWrite, refuseWithoutPurpose, unrestricted } from '../../access/writes';
import { personKeyOf, checkOwnDepartment, refuseWith, saveIfChanged, type Handler } from '../handler';
import { ensurePerson, personsForWriteChecks } from './person';

const schema = z.strictObject({
  type: z.literal('expense'),
  department: oneOf(DEPARTMENT_VALUES),
  sourceId,
  idNumber,
  category: oneOf(NEED_CATEGORY_VALUES),
  amount: money,
  date: isoDate,
});

export const expenseHandler: Handler<z.infer<typeof schema>> = {
  type: 'expense',
  schema,
  // Charities report what they paid (grants), not people's costs.
  refuse: (sender) => (sender.department === 'CHARITY' ? 'expenses are not reported by charities' : null),
  keys(ctx, line, keys) {
    keys.expenses.add(`${line.department}:${line.sourceId}`);
    if (!unrestricted(ctx.caller)) keys.persons.add(personKeyOf(ctx, line.idNumber));
  },
  async apply(ctx, line) {
    checkOwnDepartment(ctx.sender, line.department);
    const key = { department: line.department, sourceId: line.sourceId };
    const owner = personKeyOf(ctx, line.idNumber);
    const stored = await ctx.store.expense(`${line.department}:${line.sourceId}`);
    // Scope before comparison (src/access/writes.ts): the expense's person, new and stored.
    const persons = await personsForWriteChecks(ctx, [owner]);
    refuseWith(refuseExpenseWrite(ctx.caller, stored?.person ?? null, persons.get(owner) ?? null));
    refuseWith(refuseWithoutPurpose(ctx.caller, 'expense', line));
    const previous = stored && {
      personKey: stored.personKey,
      category: stored.category,
      amount: formatMoney(stored.amount),
      date: formatDate(stored.date),
    };
    const next = { personKey: owner, category: line.category, amount: line.amount, date: line.date };
    return saveIfChanged(ctx, { type: 'expense', key: `${line.department}:${line.sourceId}` }, previous, next, async () => {
      ensurePerson(ctx, owner, line.idNumber);
      // The date stays YYYY-MM-DD: the chunk's statement hands it to PostgreSQL as text.
      ctx.store.putExpense(`${line.department}:${line.sourceId}`, { ...key, ...next, sender: ctx.sender.name });
    });
  },
};
