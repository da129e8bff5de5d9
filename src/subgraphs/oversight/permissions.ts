// Who may read and act on findings and referrals (capabilities:
// src/access/permissions.ts). Which findings and referrals each caller sees is
// decided where they are loaded, by the row rules (src/access/filters.ts), so
// an invisible one is null or absent, like an unknown one. The entity types
// also check the row itself, since `_entities` reaches them without a Query rule.
import { rule } from 'graphql-shield';
import type { Finding } from '../../db/client/prisma/client';
import { seesReferral, type LoadedReferral } from './loaders';
import { sees } from '../../access/filters';
import { allow, and, canReadRecords, capability, federationRules, or, subgraphShield } from '../../graphql/shield';
import type { HubContext } from '../../graphql/context';
import { RECORD_TYPE_NAMES } from '../../departments/recordTypes';

const canReadFindings = capability('readFindings');
const canReviewFindings = capability('reviewFindings');
const canReadReferrals = capability('readReferrals');
const canOpenReferrals = capability('openReferrals');
const canAnswerReferrals = capability('answerReferrals');
const canCloseReferrals = capability('closeReferrals');

/** Second line of defence: a finding's fields only for a caller who may see that finding. */
const findingInScope = rule('oversight.findingInScope', { cache: 'no_cache' })((finding: Finding, _args, ctx: HubContext) =>
  sees(ctx.caller, 'finding', finding),
);
const referralInScope = rule('oversight.referralInScope', { cache: 'no_cache' })((referral: LoadedReferral, _args, ctx: HubContext) =>
  seesReferral(ctx.caller, referral),
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
    openReferral: canOpenReferrals,
    forwardReferral: canOpenReferrals,
    acceptReferral: canAnswerReferrals,
    rejectReferral: canAnswerReferrals,
    closeReferral: canCloseReferrals,
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
