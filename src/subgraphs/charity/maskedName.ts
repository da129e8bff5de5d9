// A charity's view of its grantees' names: masked (张*), and only on its own
// grants (ACCESS.md). The rule in permissions.ts admits only the charity that
// paid the grant, with a purpose, outside the answer to a write, and notes the
// read for the audit log.
import DataLoader from 'dataloader';
import { loaderFor, type HubContext } from '../../graphql/context';
import { maskName } from '../../lib/names';
import { builder } from './builder';
import { CharityGrantRef } from './types';

/** Registered names by person key (null when the registry has none). */
function nameByPersonKey(ctx: HubContext) {
  return loaderFor(
    ctx,
    'charity.nameByPersonKey',
    () =>
      new DataLoader<string, string | null>(async (keys) => {
        const rows = await ctx.prisma.person.findMany({ where: { personKey: { in: [...keys] } }, select: { personKey: true, name: true } });
        const byKey = new Map(rows.map((row) => [row.personKey, row.name]));
        return keys.map((key) => byKey.get(key) ?? null);
      }),
  );
}

builder.objectField(CharityGrantRef, 'beneficiaryMaskedName', (t) =>
  t.string({
    nullable: true,
    description:
      'For the charity that paid the grant: the beneficiary\'s name with all but the first character masked (张*); null when the registry has no name. Needs a purpose and is audited. Not given in the answer to a mutation (refused there, reason NOT_IN_WRITE_ANSWER): read it on charityProgram(code) { grants } once the grant is stored.',
    resolve: async (grant, _args, ctx) => {
      const name = await nameByPersonKey(ctx).load(grant.record.beneficiaryKey);
      return name === null ? null : maskName(name);
    },
  }),
);
