// Who may read and act on findings and referrals (ACCESS.md). Deny by
// default. The role rules here say who may ask; which findings and referrals
// each caller sees is decided where they are loaded (scope.ts), so an
// invisible one is null or absent, like an unknown one. The entity types also
// check the row itself, since `_entities` reaches them without a Query rule.
import { rule } from 'graphql-shield';
import type { Finding, Referral } from '../../generated/prisma/client';
import { allow, and, canReadRecords, federationRules, hasRole, or, subgraphShield } from '../../lib/auth/rules';
import type { HubContext } from '../../lib/graphql/context';
import { RECORD_TYPE_NAMES } from '../../lib/graphql/recordTypes';
import { findingVisible, referralVisible } from './scope';

/** ACCESS.md: officers, systems, caseworkers (gaps only), auditors and administrators read findings. */
const canReadFindings = hasRole('OFFICER', 'SYSTEM', 'CASEWORKER', 'AUDITOR', 'ADMIN');
/** The review state of findings is changed by officers of the department involved, and administrators. */
const canReviewFindings = hasRole('OFFICER', 'ADMIN');
/** ACCESS.md: the same roles read referrals (caseworkers theirs, departments those sent to them). */
const canReadReferrals = canReadFindings;
const isCaseworker = hasRole('CASEWORKER');
const isOfficer = hasRole('OFFICER');

/** Second line of defence: a finding's fields only for a caller who may see that finding. */
const findingInScope = rule('oversight.findingInScope', { cache: 'no_cache' })((finding: Finding, _args, ctx: HubContext) =>
  findingVisible(ctx.caller, finding),
);
const referralInScope = rule('oversight.referralInScope', { cache: 'no_cache' })((referral: Referral, _args, ctx: HubContext) =>
  referralVisible(ctx.caller, referral),
);

const readFinding = and(canReadFindings, findingInScope);
// Evidence records are records: the caseworker reads none (ACCESS.md gives it persons and households).
const readEvidence = and(canReadRecords, findingInScope);

// The key field of each record type, for the gateway's join to the subgraph that owns the record.
const recordStubs = Object.fromEntries(Object.values(RECORD_TYPE_NAMES).map((name) => [name, canReadRecords]));

export const permissions = subgraphShield({
  Query: {
    ...federationRules,
    finding: canReadFindings,
    findings: canReadFindings,
    findingSummary: canReadFindings,
    referral: canReadReferrals,
    referrals: canReadReferrals,
  },
  Mutation: {
    reviewFinding: canReviewFindings,
    openReferral: isCaseworker,
    forwardReferral: isCaseworker,
    acceptReferral: isOfficer,
    rejectReferral: isOfficer,
    closeReferral: or(isOfficer, isCaseworker),
  },
  _Service: allow,
  Finding: { '*': readFinding, records: readEvidence, evidence: readEvidence },
  FindingEvidence: canReadRecords,
  FindingReview: canReadFindings,
  Referral: and(canReadReferrals, referralInScope),
  ReferralEvent: canReadReferrals,
  ...recordStubs,
  // Keys of the registry's entities; the registry decides what else shows.
  Person: canReadFindings,
  Household: canReadFindings,
  FindingSummary: canReadFindings,
  FindingRuleSummary: canReadFindings,
  FindingRegionSummary: canReadFindings,
  FindingDepartmentSummary: canReadFindings,
  // Paging wrappers are only reachable through a field that passed its own rule.
  FindingConnection: allow,
  FindingEdge: allow,
  ReferralConnection: allow,
  ReferralEdge: allow,
  PageInfo: allow,
});
