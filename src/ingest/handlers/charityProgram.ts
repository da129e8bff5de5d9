// `charityProgram` lines: a charity registers a program before paying grants
// against it. Charities may also do this through GraphQL (charity subgraph).
import { z } from 'zod';
import { formatDate, toDbDate } from '../../lib/dates';
import { FieldError } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import { NEED_CATEGORY_VALUES } from '../../lib/programs';
import { isoDate, money, oneOf } from '../fields';
import { charityOrg, saveIfChanged, type Handler, type Sender } from '../handler';

export const charityProgramSchema = z.strictObject({
  type: z.literal('charityProgram'),
  code: z
    .string({ error: 'must be the program code as a string' })
    .regex(/^[A-Z0-9][A-Z0-9-]{1,63}$/, { error: 'must be 2-64 upper-case letters, digits or -, e.g. RED-CROSS-SC-2026-EDU' }),
  name: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(200),
  organization: z.string({ error: 'must be the charity organisation code' }).trim().min(1).max(64),
  needCategory: oneOf(NEED_CATEGORY_VALUES),
  regionCodes: z
    .array(z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, { error: 'must be a region-code prefix of 2, 4 or 6 digits' }), {
      error: 'must be a list of region-code prefixes',
    })
    .min(1, { error: 'must list at least one region-code prefix' })
    .max(200),
  budget: money,
  startDate: isoDate,
  endDate: isoDate.nullable().optional(),
});

export type CharityProgramLine = z.infer<typeof charityProgramSchema>;

export const charityProgramHandler: Handler<CharityProgramLine> = {
  type: 'charityProgram',
  schema: charityProgramSchema,
  refuse: (sender: Sender) =>
    sender.department === null || sender.department === 'CHARITY' ? null : 'charity programs are registered by charities',
  async apply(ctx, line) {
    const org = charityOrg(ctx.sender);
    if (org && line.organization !== org) {
      throw new FieldError('organization', `must be your own organisation (${org})`);
    }
    if (line.endDate && line.endDate < line.startDate) {
      throw new FieldError('endDate', `is before startDate (${line.endDate} < ${line.startDate})`);
    }
    const stored = await ctx.tx.charityProgram.findUnique({ where: { code: line.code } });
    if (stored && org && stored.organization !== org) {
      throw new FieldError('code', `${line.code} belongs to another organisation`);
    }
    const previous = stored && {
      name: stored.name,
      organization: stored.organization,
      needCategory: stored.needCategory,
      regionCodes: stored.regionCodes,
      budget: formatMoney(stored.budget),
      startDate: formatDate(stored.startDate),
      endDate: stored.endDate && formatDate(stored.endDate),
    };
    const next = {
      name: line.name,
      organization: line.organization,
      needCategory: line.needCategory,
      regionCodes: [...new Set(line.regionCodes)].sort(),
      budget: line.budget,
      startDate: line.startDate,
      endDate: line.endDate ?? null,
    };
    return saveIfChanged(ctx, { type: 'charityProgram', key: line.code }, previous, next, () => {
      const data = {
        ...next,
        startDate: toDbDate(next.startDate),
        endDate: next.endDate ? toDbDate(next.endDate) : null,
        sender: ctx.sender.name,
      };
      return ctx.tx.charityProgram.upsert({ where: { code: line.code }, create: { code: line.code, ...data }, update: data });
    });
  },
};
