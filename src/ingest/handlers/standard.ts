// `standard` lines: the local assistance standard (保障标准) per region, year, program and area.
import { z } from 'zod';
import { FieldError } from '../../lib/errors';
import { money, oneOf, regionCode, year } from '../fields';
import { adminOnly, saveIfChanged, type Handler } from '../handler';
import { formatMoney } from '../../lib/money';

const schema = z.strictObject({
  type: z.literal('standard'),
  regionCode,
  year,
  program: oneOf(['DIBAO', 'TEKUN'] as const),
  area: oneOf(['URBAN', 'RURAL'] as const),
  monthlyAmount: money,
});

export const standardHandler: Handler<z.infer<typeof schema>> = {
  type: 'standard',
  schema,
  refuse: adminOnly('standards'),
  async apply(ctx, line) {
    if (!ctx.regions.has(line.regionCode)) {
      throw new FieldError('regionCode', `unknown region ${line.regionCode}: send its region line first`);
    }
    const key = { regionCode: line.regionCode, year: line.year, program: line.program, area: line.area };
    const stored = await ctx.tx.standard.findUnique({ where: { regionCode_year_program_area: key } });
    const previous = stored && { monthlyAmount: formatMoney(stored.monthlyAmount) };
    const next = { monthlyAmount: line.monthlyAmount };
    const entityKey = `${key.regionCode}/${key.year}/${key.program}/${key.area}`;
    return saveIfChanged(ctx, { type: 'standard', key: entityKey }, previous, next, () =>
      ctx.tx.standard.upsert({
        where: { regionCode_year_program_area: key },
        create: { ...key, ...next },
        update: next,
      }),
    );
  },
};
