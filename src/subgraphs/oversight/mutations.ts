// Reviewing findings: an OFFICER of a department the finding involves, in
// their regions (or an ADMIN), confirms, dismisses (with a reason) or resolves
// it. The state and the kept review row are written in one transaction; a
// later detection run keeps the state.
import type { FindingStatus } from '../../db/client/prisma/enums';
import { forbidden, userInputError } from '../../lib/errors';
import type { HubContext } from '../../graphql/context';
import { actorOf, changedMeanwhile, cleanNote, notFound } from './actions';
import { builder } from './builder';
import { ReviewDecisionEnum } from './enums';
import { forgetCachedReads, visibleFinding } from './loaders';
import { sees } from '../../access/filters';
import { FindingType } from './types';

type Decision = 'CONFIRMED' | 'DISMISSED' | 'RESOLVED';

/** Which decisions each state allows: a dismissed or resolved finding may be confirmed again, nothing else goes back. */
export const REVIEW_TRANSITIONS: Record<FindingStatus, Decision[]> = {
  OPEN: ['CONFIRMED', 'DISMISSED', 'RESOLVED'],
  CONFIRMED: ['DISMISSED', 'RESOLVED'],
  DISMISSED: ['CONFIRMED'],
  RESOLVED: ['CONFIRMED'],
};

builder.mutationField('reviewFinding', (t) =>
  t.field({
    type: FindingType,
    description:
      'Record a review decision on a finding that involves your department in your regions. DISMISSED needs a note saying why. Every decision is kept (Finding.reviews).',
    args: {
      id: t.arg.id({ required: true }),
      status: t.arg({ type: ReviewDecisionEnum, required: true }),
      note: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => review(ctx, String(args.id), args.status, args.note),
  }),
);

async function review(ctx: HubContext, id: string, to: Decision, rawNote: string | null | undefined) {
  const caller = ctx.caller!;
  const finding = await visibleFinding(ctx, id);
  if (!finding) throw notFound('id', `no finding ${id}`);
  if (!sees(caller, 'findingReview', finding)) throw forbidden('you review only findings that involve your department in your regions');
  const note = cleanNote('note', rawNote, to === 'DISMISSED' ? 'is required to dismiss a finding: say why it is not a problem' : null);
  const from = finding.status;
  if (!REVIEW_TRANSITIONS[from].includes(to)) {
    const allowed = REVIEW_TRANSITIONS[from];
    throw userInputError('status', `the finding is ${from}; it can become ${allowed.join(' or ')}, not ${to}`);
  }
  const actor = actorOf(caller);
  await ctx.prisma.$transaction(async (tx) => {
    const reviewedAt = new Date();
    // Only if nobody reviewed it since we read it: two decisions never interleave.
    const { count } = await tx.finding.updateMany({
      where: { id: finding.id, status: from },
      data: { status: to, reviewNote: note, reviewedBy: actor.sub, reviewedAt },
    });
    if (count !== 1) throw changedMeanwhile(`finding ${id}`);
    await tx.findingReview.create({ data: { findingId: finding.id, fromStatus: from, toStatus: to, note, ...actor, at: reviewedAt } });
  });
  forgetCachedReads(ctx);
  return (await visibleFinding(ctx, id))!;
}
