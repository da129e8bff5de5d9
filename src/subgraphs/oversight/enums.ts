// Enums of the oversight subgraph. Department and Program are declared exactly
// as in every other subgraph (the supergraph requires that); the finding and
// referral states come straight from the Prisma schema.
import { FindingKind, FindingStatus, ReferralStatus } from '../../db/client/prisma/enums';
import { areaEnum, recordEnums } from '../../graphql/recordEnums';
import { builder } from './builder';

export const { DepartmentEnum, ProgramEnum } = recordEnums(builder);

export const FindingKindEnum = builder.enumType(FindingKind, {
  name: 'FindingKind',
  description: 'DUPLICATE: paid twice for one need (rules D1-D6). GAP: qualifies but gets nothing (rules G1-G8).',
});

export const FindingStatusEnum = builder.enumType(FindingStatus, {
  name: 'FindingStatus',
  description: 'Review state of a finding. A later detection run keeps it; a finding no longer found becomes RESOLVED.',
  values: {
    OPEN: { description: 'Found, not yet reviewed.' },
    CONFIRMED: { description: 'A reviewer confirmed the problem is real.' },
    DISMISSED: { description: 'A reviewer found it is not a problem (a note says why).' },
    RESOLVED: { description: 'The problem was put right, or the latest run no longer finds it.' },
  },
});

/** The states a reviewer may set: OPEN is where findings start, never a decision. */
export const ReviewDecisionEnum = builder.enumType('ReviewDecision', {
  description: 'What a reviewer decides about a finding.',
  values: {
    CONFIRMED: { value: 'CONFIRMED' as const, description: 'The problem is real.' },
    DISMISSED: { value: 'DISMISSED' as const, description: 'Not a problem; needs a note saying why.' },
    RESOLVED: { value: 'RESOLVED' as const, description: 'The problem was put right.' },
  },
});

export const ReferralStatusEnum = builder.enumType(ReferralStatus, {
  name: 'ReferralStatus',
  description: 'OPEN (waiting for the department) → ACCEPTED or REJECTED; ACCEPTED → CLOSED once a record closes the gap.',
});

export const AreaEnum = areaEnum(builder);
