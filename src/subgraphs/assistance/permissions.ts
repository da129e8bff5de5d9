// Who may ask what of the assistance subgraph (capabilities:
// src/access/permissions.ts). Which records each caller sees is decided where
// they are loaded, by the row rule (src/access/filters.ts); what needs a
// purpose, by the sensitivity table.
import { rule } from 'graphql-shield';
import type { AssistanceRecord } from '../../db/client/prisma/client';
import { allow, canReadRecords, capability, federationRules, or, personalDetail, subgraphShield } from '../../graphql/shield';
import type { HubContext } from '../../graphql/context';
import { callerOwnsGrant } from './loaders';
import { RECORD_TYPE_NAMES } from '../../departments/recordTypes';

const canSendRecords = capability('sendRecords');

/** A charity reads the core of its own grants (ACCESS.md: its own programs and grants). */
const isGrantOfCallersCharity = rule({ cache: 'no_cache' })((grant: AssistanceRecord, _args, ctx: HubContext) =>
  callerOwnsGrant(ctx, grant),
);

const recordTypes = Object.fromEntries(Object.values(RECORD_TYPE_NAMES).map((name) => [name, canReadRecords]));

export const permissions = subgraphShield({
  Query: {
    ...federationRules,
    assistanceRecord: canReadRecords,
    assistanceRecords: canReadRecords,
  },
  Mutation: { submitExchangeBatch: canSendRecords },
  _Service: allow,
  ...recordTypes,
  // A charity reads its own grants, but not their history (officers' details).
  CharityGrant: { '*': or(canReadRecords, isGrantOfCallersCharity), history: personalDetail(canReadRecords) },
  RecordChange: canReadRecords,
  // The key fields (personKey, sourceId, code) go back to the gateway for joins.
  Person: canReadRecords,
  Household: canReadRecords,
  Region: canReadRecords,
  Expense: canReadRecords,
  AssistanceRecordConnection: allow,
  AssistanceRecordEdge: allow,
  PageInfo: allow,
  ExchangeBatchResult: allow,
  ExchangeRejection: allow,
  FieldProblem: allow,
  // The check at the door: only reachable through submitExchangeBatch's
  // `duplicateCheck` (a purpose needed, src/access/sensitivity.ts), and
  // holding only findings its sender may read (doorCheck.ts). The Finding
  // itself is resolved by the oversight subgraph with its own rules.
  BatchDuplicateCheck: allow,
  BatchDuplicateFinding: allow,
  BatchDuplicateCounterpart: allow,
  Finding: canSendRecords,
});
