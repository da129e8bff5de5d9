// The batch answer's duplicate check (src/detection/door.ts): the duplicate
// findings that involve a record of this batch, each pointing to the Finding
// of the oversight subgraph. The sender sees only the findings ACCESS.md lets
// them read (a charity none); the findings are opened either way.
// The check is a read of the beneficiary's data (ACCESS.md v2, "Checks
// before paying"): `duplicateCheck` needs a purpose (src/access/sensitivity.ts;
// refused with PURPOSE_MISSING, the batch stored all the same), writes an
// audit entry for each person a listed finding tells of, and tells of the
// other records only their department, program, county and common days.
import type { ObjectRef } from '@pothos/core';
import { doorCheck, type DoorCheck, type DoorCounterpart } from '../../detection/door';
import type { IngestSummary } from '../../ingest/service';
import { whenSubgraphDown, type HubSchemaTypes } from '../../graphql/builder';
import type { HubContext } from '../../graphql/context';
import { ruleName } from '../../detection/ruleNames';
import { sees } from '../../access/filters';
import { builder } from './builder';
import { DepartmentEnum, ProgramEnum } from './enums';

/** A batch's summary, its duplicate check, or why the check could not run. */
export interface CheckedBatch extends IngestSummary {
  duplicateCheck: DoorCheck | null;
  duplicateCheckError?: Error;
}

/** The check at the door, the same follow-up `assist-hub import` runs, on what the batch stored. */
export async function checkBatch(ctx: HubContext, summary: IngestSummary): Promise<CheckedBatch> {
  if (!(await doorCheck.needed(ctx.prisma))) return { ...summary, duplicateCheck: null };
  try {
    const check = await doorCheck.run(ctx.prisma, summary.startedAt, `ingest:${ctx.caller!.sub}`);
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

const CounterpartType = builder.objectRef<DoorCounterpart>('BatchDuplicateCounterpart').implement({
  description:
    'Another record of the finding, as far as avoiding a double payment needs: who pays what, where, and on which days it meets yours. Not its id, amount or details: a caller in scope looks those up in the graph, with a purpose.',
  fields: (t) => ({
    department: t.expose('department', { type: DepartmentEnum }),
    program: t.expose('program', { type: ProgramEnum }),
    regionCode: t.exposeString('regionCode', { description: 'The county it is paid in.' }),
    overlapFrom: t.expose('overlapFrom', {
      type: 'Date',
      nullable: true,
      description: 'First day it shares with the records of this batch in the finding; null when it shares none (D3: the same event, paid on other days).',
    }),
    overlapTo: t.expose('overlapTo', {
      type: 'Date',
      nullable: true,
      description: 'Last day it shares with them; null while the common days run on, or when there are none.',
    }),
  }),
});

const BatchDuplicateType = builder.objectRef<Found>('BatchDuplicateFinding').implement({
  description: 'A duplicate finding that involves a record of this batch. The record is stored; the finding is open for review.',
  fields: (t) => ({
    findingId: t.id({ resolve: (f) => String(f.id) }),
    finding: t.field({
      type: FindingRef,
      nullable: true,
      description: `The finding itself, resolved by the oversight subgraph under its own rules. ${whenSubgraphDown('oversight')}`,
      resolve: (f) => ({ id: String(f.id) }),
    }),
    rule: t.exposeString('rule', { description: 'D1 to D6 (RULES.md).' }),
    ruleName: t.string({ nullable: true, resolve: (f) => ruleName(f.rule) }),
    status: t.string({ description: 'Its review state: OPEN when new; a finding found again keeps its state.', resolve: (f) => f.status }),
    // A duplicate is two to three records (D3: three payments for one event).
    batchRecords: t.exposeStringList('batchRecords', { description: 'The records of this batch it involves, "DEPARTMENT:sourceRecordId", sorted.', listSize: { assumedSize: 3 } }),
    others: t.field({
      type: [CounterpartType],
      listSize: { assumedSize: 3 },
      description: 'Its other records (none for D6, or when all are in this batch), without their ids.',
      resolve: (f) => f.others,
    }),
    overpayment: t.expose('overpayment', { type: 'Money', nullable: true, description: 'Estimated amount paid twice up to the check\'s date.' }),
  }),
});

const DuplicateCheckType = builder.objectRef<DoorCheck>('BatchDuplicateCheck').implement({
  description: 'The duplicate rules (D1-D6) run over the whole database once the batch was stored.',
  fields: (t) => ({
    asOf: t.expose('asOf', { type: 'Date', description: 'The date the rules ran as of: today (China).' }),
    findings: t.field({
      type: [BatchDuplicateType],
      description: 'Duplicate findings that involve a record stored by this batch (or by an earlier import whose check had not run), those you may read.',
      // Mostly none: a batch that duplicates ten records is a batch to look at.
      listSize: { assumedSize: 10 },
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
        'The check at the door, a read of the beneficiaries\' data: it needs a purpose (refused with PURPOSE_MISSING otherwise, the batch stored all the same) and writes an audit entry for each person a listed finding tells of. Null when nothing the duplicate rules read (records, persons, households) waits for the check: the batch stored none, and no earlier import left its check undone; an error here means the check failed, the batch is stored all the same.',
      resolve: (batch, _args, ctx) => {
        if (batch.duplicateCheckError) throw batch.duplicateCheckError;
        // Reached only with a purpose (the shield): note everyone the listed findings tell of.
        for (const finding of batch.duplicateCheck?.findings ?? []) {
          for (const personKey of finding.personKeys) ctx.audit.note({ personKey }, 'ExchangeBatchResult.duplicateCheck');
        }
        return batch.duplicateCheck;
      },
    }),
  );
}
