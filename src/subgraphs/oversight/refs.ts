// Entities of other subgraphs that findings and referrals point to, declared
// here by key only: the registry resolves Person and Household, the assistance
// and department subgraphs resolve records, each under its own permissions and
// row rules, so nothing reached through a finding is shown that they would not show.
import type { Department } from '../../db/client/prisma/enums';
import { RECORD_TYPE_NAMES } from '../../departments/recordTypes';
import { builder } from './builder';

export const PersonRef = builder.externalRef('Person', builder.keyDirective(builder.selection<{ personKey: string }>('personKey'), false)).implement({
  externalFields: (t) => ({ personKey: t.id() }),
  fields: () => ({}),
});

export const HouseholdRef = builder.externalRef('Household', builder.keyDirective(builder.selection<{ sourceId: string }>('sourceId'), false)).implement({
  externalFields: (t) => ({ sourceId: t.id() }),
  fields: () => ({}),
});

/** A record reference: its public id, "DEPARTMENT:sourceRecordId". */
export interface RecordKey {
  id: string;
}

const recordRefs = (Object.entries(RECORD_TYPE_NAMES) as [Department, string][]).map(([, name]) =>
  builder.externalRef(name, builder.keyDirective(builder.selection<RecordKey>('id'), false)).implement({
    externalFields: (t) => ({ id: t.id() }),
    fields: () => ({}),
  }),
);

export const EvidenceRecordUnion = builder.unionType('EvidenceRecord', {
  description: 'An assistance record of any department, resolved by the subgraph that owns it (null when you may not see it).',
  types: recordRefs,
  resolveType: (record) => RECORD_TYPE_NAMES[departmentOf(record.id)],
});

export function departmentOf(recordId: string): Department {
  return recordId.slice(0, recordId.indexOf(':')) as Department;
}
