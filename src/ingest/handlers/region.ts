// `region` lines: administrative divisions, parents before children.
import { z } from 'zod';
import { FieldError } from '../../lib/errors';
import { oneOf, regionCode } from '../fields';
import { adminOnly, saveIfChanged, type Handler } from '../handler';

const schema = z.strictObject({
  type: z.literal('region'),
  code: regionCode,
  name: z.string({ error: 'must be the region\'s name' }).trim().min(1, { error: 'must not be empty' }).max(100),
  parentCode: regionCode.nullable().optional(),
  level: oneOf(['PROVINCE', 'CITY', 'COUNTY'] as const),
});

export const regionHandler: Handler<z.infer<typeof schema>> = {
  type: 'region',
  schema,
  refuse: adminOnly('regions'),
  async apply(ctx, line) {
    const parentCode = line.parentCode ?? null;
    if (parentCode === line.code) throw new FieldError('parentCode', 'a region cannot be its own parent');
    if (parentCode && !ctx.regions.has(parentCode)) {
      throw new FieldError('parentCode', `unknown region ${parentCode}: send the parent region first`);
    }
    const stored = await ctx.tx.region.findUnique({ where: { code: line.code } });
    const next = { name: line.name, level: line.level, parentCode };
    const previous = stored && { name: stored.name, level: stored.level, parentCode: stored.parentCode };
    const outcome = await saveIfChanged(ctx, { type: 'region', key: line.code }, previous, next, () =>
      ctx.tx.region.upsert({ where: { code: line.code }, create: { code: line.code, ...next }, update: next }),
    );
    ctx.regions.set(line.code, line.level);
    return outcome;
  },
};
