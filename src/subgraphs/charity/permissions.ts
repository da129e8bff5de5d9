// Who may read and write charity programs and grants. Deny by default. The
// rules here say which roles may ask; which programs and grants each caller
// sees (a charity: its own organisation's) is decided where they are loaded
// (loaders.ts), so an invisible program or grant is null, like an unknown one.
import { rule } from 'graphql-shield';
import { allow, and, audited, canReadRecords, chain, federationRules, hasPurpose, hasRole, or, personalDetail, subgraphShield } from '../../lib/auth/rules';
import { forbidden } from '../../lib/errors';
import type { HubContext } from '../../lib/graphql/context';
import { grantOwnedByCaller, type CharityGrant } from './loaders';

const isCharity = hasRole('CHARITY');

/** Charities read their own programs; officers, systems, auditors and administrators those in their regions. */
const canReadCharityPrograms = or(canReadRecords, isCharity);

/**
 * Second line of defence behind the CharityGrant entity resolver (types.ts):
 * a charity's access to a grant's fields holds only for its own grants.
 */
const ownsGrant = rule('charity.ownsGrant', { cache: 'no_cache' })((grant, _args, ctx: HubContext) =>
  grantOwnedByCaller(ctx, grant as CharityGrant),
);
const canReadGrant = or(canReadRecords, and(isCharity, ownsGrant));

/** A charity speaks for its organisation: a CHARITY token without `org` may not ask about people. */
const namesOrganisation = rule('charity.namesOrganisation', { cache: 'contextual' })((_parent, _args, ctx: HubContext) =>
  ctx.caller?.org ? true : forbidden('your token names no organisation (claim `org`)'),
);

/** The pre-check is for charities only, with a purpose, and each answer is audited (ACCESS.md). */
const canPreCheck = chain(isCharity, namesOrganisation, hasPurpose);

export const permissions = subgraphShield({
  Query: {
    ...federationRules,
    charityPrograms: canReadCharityPrograms,
    charityProgram: canReadCharityPrograms,
    charityProgramKinds: canReadCharityPrograms,
    assistancePreCheck: canPreCheck,
  },
  Mutation: {
    registerCharityProgram: isCharity,
    updateCharityProgram: isCharity,
    recordCharityGrant: isCharity,
  },
  _Service: allow,
  ProgramDescription: allow,
  // Person.charityGrants: the shared resolver scopes it by the person's regions.
  Person: canReadRecords,
  CharityProgram: canReadCharityPrograms,
  // `purpose` may describe the person's circumstances: officers need a purpose
  // of their own to read it; the charity that wrote it may.
  CharityGrant: {
    '*': canReadGrant,
    purpose: or(personalDetail(canReadRecords), chain(isCharity, ownsGrant, audited)),
    // Only the charity that paid the grant, and only masked; other roles read Person.name.
    beneficiaryMaskedName: chain(isCharity, ownsGrant, hasPurpose, audited),
  },
  AssistancePreCheck: { received: chain(canPreCheck, audited) },
  CharityProgramConnection: allow,
  CharityProgramEdge: allow,
  PageInfo: allow,
});
