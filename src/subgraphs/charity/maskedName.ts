// A charity's view of its grantees' names: masked (张*), and only on its own
// grants (ACCESS.md). The rule in permissions.ts admits only the charity that
// paid the grant, with a purpose, outside the answer to a write, and notes the
// read for the audit log.
import { byKey } from '../../graphql/batch';
import type { HubContext } from '../../graphql/context';
import { maskName } from '../../lib/names';
import { builder } from './builder';
import { CharityGrantRef } from './types';

/** Registered names by person key (null when the registry has none). */
const nameByPersonKey = (ctx: HubContext) =>
  byKey(
    ctx,
    'charity.nameByPersonKey',
    (keys: string[]) => ctx.prisma.person.findMany({ where: { personKey: { in: keys } }, select: { personKey: true, name: true } }),
    (person) => person.personKey,
  );

builder.objectField(CharityGrantRef, 'beneficiaryMaskedName', (t) =>
  t.string({
    nullable: true,
    description:
      'For the charity that paid the grant: the beneficiary\'s name with all but the first character masked (张*); null when the registry has no name. Needs a purpose and is audited. Not given in the answer to a mutation (refused there, reason NOT_IN_WRITE_ANSWER): read it on charityProgram(code) { grants } once the grant is stored.',
    resolve: async (grant, _args, ctx) => {
      const name = (await nameByPersonKey(ctx).load(grant.record.beneficiaryKey))?.name ?? null;
      return name === null ? null : maskName(name);
    },
  }),
);
