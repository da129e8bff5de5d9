// Who may read and send assistance records. Deny by default.
import { rule } from 'graphql-shield';
import type { AssistanceRecord } from '../../generated/prisma/client';
import { allow, and, canReadRecords, federationRules, hasRole, or, personalDetail, subgraphShield } from '../../lib/auth/rules';
import type { HubContext } from '../../lib/graphql/context';
import { callerOwnsGrant } from './loaders';
import { RECORD_TYPE_NAMES } from '../../lib/graphql/recordTypes';

const canSendExchange = hasRole('OFFICER', 'SYSTEM', 'CHARITY', 'ADMIN');

/** A charity reads the core of its own grants (ACCESS.md: its own programs and grants). */
const isGrantOfCallersCharity = rule({ cache: 'no_cache' })((grant: AssistanceRecord, _args, ctx: HubContext) =>
  callerOwnsGrant(ctx, grant),
);

// History snapshots carry department details (income, bills, disability): a purpose is needed.
const recordTypes = Object.fromEntries(
  Object.values(RECORD_TYPE_NAMES).map((name) => [name, { '*': canReadRecords, history: personalDetail(canReadRecords) }]),
);

export const permissions = subgraphShield({
  Query: {
    ...federationRules,
    assistanceRecord: canReadRecords,
    assistanceRecords: canReadRecords,
  },
  Mutation: { submitExchangeBatch: canSendExchange },
  _Service: allow,
  ...recordTypes,
  CharityGrant: { '*': or(canReadRecords, isGrantOfCallersCharity), history: personalDetail(canReadRecords) },
  RecordChange: canReadRecords,
  // The key fields (personKey, sourceId, code) go back to the gateway for joins.
  Person: { '*': canReadRecords, expenses: personalDetail(canReadRecords) },
  Household: canReadRecords,
  Region: canReadRecords,
  Expense: canReadRecords,
  AssistanceRecordConnection: allow,
  AssistanceRecordEdge: allow,
  PageInfo: allow,
  ExchangeBatchResult: allow,
  ExchangeRejection: allow,
  FieldProblem: allow,
  // The check at the door: only reachable through submitExchangeBatch, and
  // holding only findings its sender may read (doorCheck.ts). The Finding
  // itself is resolved by the oversight subgraph with its own rules.
  BatchDuplicateCheck: allow,
  BatchDuplicateFinding: allow,
  Finding: canSendExchange,
});
