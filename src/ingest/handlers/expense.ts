// `expense` lines: documented out-of-pocket costs (for example large medical
// bills reported by HEALTHCARE_SECURITY), used by the expenditure-poverty rule.
import { z } from 'zod';
import { formatDate, toDbDate } from '../../lib/dates';
import { personKey } from '../../lib/ids';
import { formatMoney } from '../../lib/money';
import { DEPARTMENT_VALUES, NEED_CATEGORY_VALUES } from '../../departments/programs';
import { idNumber, isoDate, money, oneOf, sourceId } from '../fields';
import { PERSON_ACCESS_SELECT, refuseExpenseWrite, refuseWithoutPurpose } from '../../access/writes';
import { checkOwnDepartment, refuseWith, saveIfChanged, type Handler } from '../handler';
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
  async apply(ctx, line) {
    checkOwnDepartment(ctx.sender, line.department);
    const key = { department: line.department, sourceId: line.sourceId };
    const owner = personKey(line.idNumber.normalized, ctx.personKeyPepper);
    const stored = await ctx.tx.expense.findUnique({ where: { department_sourceId: key }, include: { person: { select: PERSON_ACCESS_SELECT } } });
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
      await ensurePerson(ctx, owner, line.idNumber);
      const data = { ...next, date: toDbDate(line.date), sender: ctx.sender.name };
      await ctx.tx.expense.upsert({ where: { department_sourceId: key }, create: { ...key, ...data }, update: data });
    });
  },
};
