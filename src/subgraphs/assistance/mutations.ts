// The batch path of EXCHANGE.md: a list of exchange objects, validated and
// stored by the same service as `assist-hub import`, each reported by index.
import { GraphQLError } from 'graphql';
import type { Caller } from '../../access/callers';
import { ingest, type IngestSummary } from '../../ingest/service';
import type { Sender } from '../../ingest/handler';
import { builder } from './builder';
import { addDuplicateCheck, checkBatch, type CheckedBatch } from './doorCheck';
import { doorCheck } from '../../detection/door';

export const MAX_BATCH = 5000;

const FieldProblemType = builder.objectRef<{ field: string; reason: string }>('FieldProblem').implement({
  description: 'What is wrong with one exchange object: the field and a reason a person can act on.',
  fields: (t) => ({ field: t.exposeString('field'), reason: t.exposeString('reason') }),
});

const RejectionType = builder.objectRef<IngestSummary['rejections'][number]>('ExchangeRejection').implement({
  description: 'An object that was not stored; nothing of it was kept.',
  fields: (t) => ({
    index: t.int({ description: 'Position in the submitted list, from 0.', resolve: (r) => r.position }),
    // One object's problems: a field or a few.
    problems: t.field({ type: [FieldProblemType], listSize: { assumedSize: 3 }, resolve: (r) => r.problems }),
  }),
});

const BatchResultType = builder.objectRef<CheckedBatch>('ExchangeBatchResult').implement({
  description: 'What happened to a batch: counts, and every rejected object with its problems.',
  fields: (t) => ({
    stored: t.exposeInt('stored', { description: 'Created or changed (the previous version is kept in history).' }),
    unchanged: t.exposeInt('unchanged', { description: 'Identical to what was stored: nothing written.' }),
    rejected: t.exposeInt('rejected'),
    // At most the batch (5,000 objects), mostly none: 20 is a bad batch.
    rejections: t.field({ type: [RejectionType], listSize: { assumedSize: 20 }, resolve: (summary) => summary.rejections }),
  }),
});
addDuplicateCheck(BatchResultType);

builder.mutationField('submitExchangeBatch', (t) =>
  t.field({
    type: BatchResultType,
    description: `Store a batch of exchange objects (EXCHANGE.md), at most ${MAX_BATCH} per call. Each object is stored whole or rejected whole; valid objects are stored even when others are rejected.`,
    args: { objects: t.arg({ type: ['JSON'], required: true }) },
    resolve: async (_root, args, ctx) => {
      if (args.objects.length > MAX_BATCH) {
        throw new GraphQLError(`objects: at most ${MAX_BATCH} per call, got ${args.objects.length}`, {
          extensions: { code: 'BAD_USER_INPUT', field: 'objects' },
        });
      }
      const items = args.objects.map((input, index) => ({ position: index, input }));
      const summary = await ingest(ctx.prisma, items, { sender: senderOf(ctx.caller!), personKeyPepper: ctx.config.idPepper, followUp: doorCheck });
      return checkBatch(ctx, summary);
    },
  }),
);

/**
 * ADMIN sends as an administrator import; everyone else as their own
 * department, and always as the token's caller: the write checks hold every
 * line to the caller's regions (src/access/writes.ts, ACCESS.md v2).
 */
function senderOf(caller: Caller): Sender {
  if (caller.role === 'ADMIN') return { name: caller.sub, department: null, caller };
  if (caller.role === 'CHARITY') return { name: caller.sub, department: 'CHARITY', org: caller.org, caller };
  if (!caller.department) throw new GraphQLError('your token names no department', { extensions: { code: 'FORBIDDEN' } });
  return { name: caller.sub, department: caller.department, caller };
}
