// Who may read and write charity programs and grants. Deny by default. The
// rules here say which roles may ask; which programs and grants each caller
// sees (a charity: its own organisation's) is decided where they are loaded
// (loaders.ts), so an invisible program or grant is null, like an unknown one.
import { GraphQLError } from 'graphql';
import {
  allow,
  and,
  audited,
  canReadRecords,
  chain,
  federationRules,
  handlesPurpose,
  hasPurpose,
  hasRole,
  or,
  personalDetail,
  rule,
  subgraphShield,
} from '../../graphql/shield';
import { forbidden } from '../../lib/errors';
import type { HubContext } from '../../graphql/context';
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

/**
 * The masked name is not part of a write's answer (ACCESS.md v2: a write may
 * never serve to confirm a stored value the caller could not read). Before
 * recordCharityGrant the charity could not read the name behind the ID number
 * it typed; answering with it would turn every grant into a name lookup, and
 * its presence or absence into an existence check, in the same breath as the
 * write. So in any mutation answer (recordCharityGrant, and programs' grants
 * reached from any charity mutation) the field is refused, the same for a
 * registered or unknown ID number and before anything is read or audited.
 * Once the grant is stored it is the charity's own, and the listing
 * (charityProgram(code) { grants { beneficiaryMaskedName } }) gives the
 * masked name under the usual rule: own grant, purpose, audited.
 */
const notInWriteAnswer = rule('charity.maskedNameNotInWriteAnswer', { cache: 'no_cache' })((_parent, _args, _ctx, info) =>
  info.operation.operation === 'mutation'
    ? new GraphQLError(
        'CharityGrant.beneficiaryMaskedName: not given in the answer to a write; once the grant is stored, read it with charityProgram(code) { grants { beneficiaryMaskedName } }',
        { extensions: { code: 'FORBIDDEN', reason: 'NOT_IN_WRITE_ANSWER', field: 'CharityGrant.beneficiaryMaskedName' } },
      )
    : true,
);

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
    // (handlesPurpose: the sensitivity table would otherwise ask the charity for a purpose too.)
    purpose: handlesPurpose(or(personalDetail(canReadRecords), chain(isCharity, ownsGrant, audited))),
    // Only the charity that paid the grant, only masked, and not in a write's answer; other roles read Person.name.
    beneficiaryMaskedName: chain(isCharity, ownsGrant, notInWriteAnswer, hasPurpose, audited),
  },
  AssistancePreCheck: { received: chain(canPreCheck, audited) },
  CharityProgramConnection: allow,
  CharityProgramEdge: allow,
  PageInfo: allow,
});
