// Who may read and send assistance records. Deny by default.
import { allow, and, canReadRecords, federationRules, hasPurpose, hasRole, subgraphShield } from '../../lib/auth/rules';
import { RECORD_TYPE_NAMES } from '../../lib/graphql/recordTypes';

const canSendExchange = hasRole('OFFICER', 'SYSTEM', 'CHARITY', 'ADMIN');

const recordTypes = Object.fromEntries(Object.values(RECORD_TYPE_NAMES).map((name) => [name, canReadRecords]));

export const permissions = subgraphShield({
  Query: {
    ...federationRules,
    assistanceRecord: canReadRecords,
    assistanceRecords: canReadRecords,
  },
  Mutation: { submitExchangeBatch: canSendExchange },
  _Service: allow,
  ...recordTypes,
  RecordChange: canReadRecords,
  // The key fields (personKey, sourceId, code) go back to the gateway for joins.
  Person: { '*': canReadRecords, expenses: and(canReadRecords, hasPurpose) },
  Household: canReadRecords,
  Region: canReadRecords,
  Expense: canReadRecords,
  AssistanceRecordConnection: allow,
  AssistanceRecordEdge: allow,
  PageInfo: allow,
  ExchangeBatchResult: allow,
  ExchangeRejection: allow,
  FieldProblem: allow,
});
