// Charity programs by code, one statement per request for both subgraphs that
// read them: the charity subgraph shows a program (checking programVisible
// first) and the assistance subgraph asks which organisation paid a grant.
// Loaded whoever owns them; named under `charity.` so a charity write in the
// request forgets them (charity/loaders.ts forgetCachedReads).
import type { CharityProgram } from '../db/client/prisma/client';
import { byKey } from './batch';
import type { HubContext } from './context';

/** Programs by code, null when unknown: callers check who may see them. */
export function programByCode(ctx: HubContext) {
  return byKey<string, CharityProgram>(
    ctx,
    'charity.programByCode',
    (codes) => ctx.prisma.charityProgram.findMany({ where: { code: { in: codes } } }),
    (program) => program.code,
  );
}
