// `household` lines. Re-sending a household replaces its member list; the
// earlier list stays in history. Members not yet known as persons are created
// from what their ID number tells (birth date, sex).
import { z } from 'zod';
import { FieldError } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import { idNumber, money, oneOf, regionCode, sourceId } from '../fields';
import { refuseHouseholdWrite, refuseWithoutPurpose, unrestricted } from '../../access/writes';
import { personKeyOf, checkCounty, refuseWith, saveIfChanged, type Handler, type IngestContext, type Sender } from '../handler';
import { ensurePerson, personsForWriteChecks } from './person';

const RELATIONS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER'] as const;

const memberSchema = z.strictObject({ idNumber, relation: oneOf(RELATIONS) });

const schema = z.strictObject({
  type: z.literal('household'),
  sourceId,
  regionCode,
  township: z.string({ error: 'must be a string' }).trim().max(100).nullable().optional(),
  area: oneOf(['URBAN', 'RURAL'] as const),
  monthlyIncomePerCapita: money.nullable().optional(),
  members: z.array(memberSchema, { error: 'must be a list of {idNumber, relation}' }).min(1, { error: 'must list at least the head' }).max(50),
});

type HouseholdLine = z.infer<typeof schema>;

export const householdHandler: Handler<HouseholdLine> = {
  type: 'household',
  schema,
  refuse: (sender: Sender) =>
    sender.department === null || sender.department === 'CIVIL_AFFAIRS'
      ? null
      : 'households are registered by CIVIL_AFFAIRS (or an administrator import)',
  keys(ctx, line, keys) {
    keys.households.add(line.sourceId);
    // Members are read only for the write checks (an unrestricted caller's read nothing).
    if (!unrestricted(ctx.caller)) for (const m of line.members) keys.persons.add(personKeyOf(ctx, m.idNumber));
  },
  async apply(ctx, line) {
    checkCounty(ctx, 'regionCode', line.regionCode);
    const members = memberKeys(ctx, line);
    const stored = await ctx.store.household(line.sourceId);
    // Scope before comparison (src/access/writes.ts): the household's region, old and new, and every stored person it lists.
    const persons = await personsForWriteChecks(ctx, members.map((m) => m.personKey));
    const inLineOrder = [...members].sort((a, b) => a.index - b.index).map((m) => persons.get(m.personKey) ?? null);
    refuseWith(refuseHouseholdWrite(ctx.caller, stored, line, inLineOrder));
    refuseWith(refuseWithoutPurpose(ctx.caller, 'household', line));
    const previous = stored && {
      regionCode: stored.regionCode,
      township: stored.township,
      area: stored.area,
      monthlyIncomePerCapita: stored.monthlyIncomePerCapita && formatMoney(stored.monthlyIncomePerCapita),
      members: stored.members.map((m) => ({ personKey: m.personKey, relation: m.relation })),
    };
    const fields = {
      regionCode: line.regionCode,
      township: line.township ?? null,
      area: line.area,
      monthlyIncomePerCapita: line.monthlyIncomePerCapita ?? null,
    };
    const next = { ...fields, members: members.map(({ personKey, relation }) => ({ personKey, relation })) };
    return saveIfChanged(ctx, { type: 'household', key: line.sourceId }, previous, next, async () => {
      for (const m of members) ensurePerson(ctx, m.personKey, m.id);
      const rows = members.map((m, position) => ({ householdSourceId: line.sourceId, personKey: m.personKey, relation: m.relation, position }));
      ctx.store.putHousehold(line.sourceId, { sourceId: line.sourceId, ...fields }, rows, stored?.members.map((m) => m.personKey) ?? []);
    });
  },
};

type Member = {
  personKey: string;
  relation: (typeof RELATIONS)[number];
  id: HouseholdLine['members'][number]['idNumber'];
  /** Position in the line's list. */
  index: number;
};

function memberKeys(ctx: IngestContext, line: HouseholdLine): Member[] {
  const heads = line.members.filter((m) => m.relation === 'HEAD').length;
  if (heads !== 1) throw new FieldError('members', `must have exactly one HEAD, found ${heads}`);
  const seen = new Set<string>();
  // Head first, then in the order sent: the order is part of what was sent.
  const ordered = [...line.members].sort((a, b) => Number(b.relation === 'HEAD') - Number(a.relation === 'HEAD'));
  return ordered.map((member) => {
    const key = personKeyOf(ctx, member.idNumber);
    const index = line.members.indexOf(member);
    if (seen.has(key)) throw new FieldError(`members.${index}.idNumber`, 'lists the same person twice');
    seen.add(key);
    return { personKey: key, relation: member.relation, id: member.idNumber, index };
  });
}
