// Who may ask what of the registry subgraph (capabilities: src/access/permissions.ts).
// Which persons and households a caller sees is the row rules' business
// (src/access/filters.ts); names, disability and income need a purpose by
// the sensitivity table (src/access/sensitivity.ts). Entity types carry their
// own rules because `_entities` reaches them without passing any Query rule.
import { allow, canReadRegistry, capability, federationRules, isAdmin, or, subgraphShield } from '../../graphql/shield';
import { SUBJECT_CAPABILITY } from '../../events/subscriptions';

const canReadAuditLog = capability('readAuditLog');
/**
 * Event subscriptions: any caller who may read some kind of event's subject
 * (persons, records, findings or referrals); which kinds, the resolver checks
 * (src/subgraphs/registry/events.ts). Each caller sees only its own.
 */
const subscribesToEvents = or(...[...new Set(Object.values(SUBJECT_CAPABILITY))].map(capability));

export const permissions = subgraphShield({
  Query: {
    ...federationRules,
    region: canReadRegistry,
    regions: canReadRegistry,
    standard: canReadRegistry,
    person: canReadRegistry,
    personByIdNumber: canReadRegistry,
    household: canReadRegistry,
    households: canReadRegistry,
    auditEntries: canReadAuditLog,
    apiKeys: isAdmin,
    eventSubscriptions: subscribesToEvents,
    eventDeliveries: subscribesToEvents,
  },
  Mutation: {
    issueApiKey: isAdmin,
    revokeApiKey: isAdmin,
    subscribeToEvents: subscribesToEvents,
    cancelEventSubscription: subscribesToEvents,
    replayEventDelivery: subscribesToEvents,
  },
  _Service: allow,
  Region: canReadRegistry,
  Standard: canReadRegistry,
  Person: canReadRegistry,
  Household: canReadRegistry,
  HouseholdMember: canReadRegistry,
  // Paging wrappers are only reachable through a field that passed its own rule.
  RegionConnection: allow,
  RegionEdge: allow,
  HouseholdConnection: allow,
  HouseholdEdge: allow,
  PageInfo: allow,
  AuditEntry: canReadAuditLog,
  AuditEntryConnection: allow,
  AuditEntryEdge: allow,
  ApiKey: isAdmin,
  IssuedApiKey: isAdmin,
  ApiKeyConnection: allow,
  ApiKeyEdge: allow,
  EventSubscription: subscribesToEvents,
  EventDelivery: subscribesToEvents,
  EventDeliveryConnection: allow,
  EventDeliveryEdge: allow,
});
