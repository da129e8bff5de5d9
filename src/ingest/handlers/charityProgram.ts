// `charityProgram` lines: a charity registers a program before paying grants
// against it. Charities may also do this through GraphQL (charity subgraph).
import { z } from 'zod';
import { formatDate, toDbDate } from '../../lib/dates';
import { FieldError } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import { NEED_CATEGORY_VALUES } from '../../departments/programs';
import type { CharityProgram } from '../../db/client/prisma/client';
import { grantCommitment, refuseProgramBudget, type ProgramTerms } from '../../access/writes';
import { isoDate, money, oneOf } from '../fields';
import { charityOrg, refuseWith, saveIfChanged, type Handler, type IngestContext, type Sender } from '../handler';

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
    // A charity keeps its program's budget at or above what its grants commit, counted with the program as the line leaves it.
    if (org && stored) {
      const terms = { code: line.code, ...next };
      refuseWith(refuseProgramBudget(terms, await committedTo(ctx, terms, false)));
    }
    ctx.programCommitments.delete(line.code);
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

/** A stored program's terms as the grant checks read them (src/access/writes.ts). */
export function programTerms(program: CharityProgram): ProgramTerms {
  return {
    code: program.code,
    regionCodes: program.regionCodes,
    budget: formatMoney(program.budget),
    startDate: formatDate(program.startDate),
    endDate: program.endDate && formatDate(program.endDate),
  };
}

/**
 * What a program's grants that are not CANCELLED commit it to, in cents
 * (grantCommitment, with the program's terms as given). Counted once per
 * batch and kept in ctx.programCommitments, which the record handler keeps up
 * to date as it stores grants; `cached: false` counts afresh and keeps nothing
 * (terms about to change).
 */
export async function committedTo(ctx: IngestContext, program: Omit<ProgramTerms, 'budget'>, cached = true): Promise<bigint> {
  const known = cached ? ctx.programCommitments.get(program.code) : undefined;
  if (known !== undefined) return known;
  const grants = await ctx.tx.assistanceRecord.findMany({
    where: { charityProgramCode: program.code, status: { not: 'CANCELLED' } },
    select: { amount: true, frequency: true, startDate: true, endDate: true, status: true },
  });
  let total = 0n;
  for (const g of grants) {
    total += grantCommitment(
      { amount: formatMoney(g.amount), frequency: g.frequency, startDate: formatDate(g.startDate), endDate: g.endDate && formatDate(g.endDate), status: g.status },
      program,
    );
  }
  if (cached) ctx.programCommitments.set(program.code, total);
  return total;
}
