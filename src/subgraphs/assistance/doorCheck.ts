// The batch answer's duplicate check (src/ingest/door.ts): the duplicate
// findings that involve a record of this batch, each pointing to the Finding
// of the oversight subgraph. The sender sees only the findings ACCESS.md lets
// them read (a charity none); the findings are opened either way.
import type { ObjectRef } from '@pothos/core';
import { checkAtTheDoor, needsCheck, recordKeyOf, storedRecordKeys, type DoorCheck } from '../../ingest/door';
import type { IngestItem, IngestSummary } from '../../ingest/service';
import type { HubSchemaTypes } from '../../lib/graphql/builder';
import type { HubContext } from '../../lib/graphql/context';
import { ruleName } from '../oversight/ruleNames';
import { sees } from '../../access/filters';
import { builder } from './builder';

/** A batch's summary, its duplicate check, or why the check could not run. */
export interface CheckedBatch extends IngestSummary {
  duplicateCheck: DoorCheck | null;
  duplicateCheckError?: Error;
}

export async function checkBatch(ctx: HubContext, items: IngestItem[], summary: IngestSummary): Promise<CheckedBatch> {
  if (!needsCheck(summary)) return { ...summary, duplicateCheck: null };
  const keys = new Map(items.flatMap((item) => {
    const key = recordKeyOf(item.input);
    return key ? [[item.position, key] as const] : [];
  }));
  try {
    const check = await checkAtTheDoor(ctx.prisma, storedRecordKeys(keys, summary), { startedBy: `ingest:${ctx.caller!.sub}` });
    return { ...summary, duplicateCheck: { ...check, findings: check.findings.filter((f) => sees(ctx.caller, 'finding', f)) } };
  } catch (error) {
    // The batch is stored whatever happens here: say so, and fail only this field.
    return { ...summary, duplicateCheck: null, duplicateCheckError: error as Error };
  }
}

const FindingRef = builder.externalRef('Finding', builder.keyDirective(builder.selection<{ id: string }>('id'), false)).implement({
  externalFields: (t) => ({ id: t.id() }),
  fields: () => ({}),
});

type Found = DoorCheck['findings'][number];

const BatchDuplicateType = builder.objectRef<Found>('BatchDuplicateFinding').implement({
  description: 'A duplicate finding that involves a record of this batch. The record is stored; the finding is open for review.',
  fields: (t) => ({
    findingId: t.id({ resolve: (f) => String(f.id) }),
    finding: t.field({ type: FindingRef, description: 'The finding itself (oversight subgraph).', resolve: (f) => ({ id: String(f.id) }) }),
    rule: t.exposeString('rule', { description: 'D1 to D6 (RULES.md).' }),
    ruleName: t.string({ nullable: true, resolve: (f) => ruleName(f.rule) }),
    status: t.string({ description: 'Its review state: OPEN when new; a finding found again keeps its state.', resolve: (f) => f.status }),
    records: t.exposeStringList('records', { description: 'Evidence records, "DEPARTMENT:sourceRecordId", sorted.' }),
    overpayment: t.expose('overpayment', { type: 'Money', nullable: true, description: 'Estimated amount paid twice up to the check\'s date.' }),
  }),
});

const DuplicateCheckType = builder.objectRef<DoorCheck>('BatchDuplicateCheck').implement({
  description: 'The duplicate rules (D1-D6) run over the whole database once the batch was stored.',
  fields: (t) => ({
    asOf: t.expose('asOf', { type: 'Date', description: 'The date the rules ran as of: today (China).' }),
    findings: t.field({
      type: [BatchDuplicateType],
      description: 'Duplicate findings that involve a record stored by this batch, those you may read.',
      resolve: (check) => check.findings,
    }),
  }),
});

export function addDuplicateCheck(ref: ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<HubSchemaTypes>, CheckedBatch>) {
  builder.objectField(ref, 'duplicateCheck', (t) =>
    t.field({
      type: DuplicateCheckType,
      nullable: true,
      description:
        'The check at the door: null when the batch stored nothing the duplicate rules read (records, persons, households); an error here means the check failed, the batch is stored all the same.',
      resolve: (batch) => {
        if (batch.duplicateCheckError) throw batch.duplicateCheckError;
        return batch.duplicateCheck;
      },
    }),
  );
}
