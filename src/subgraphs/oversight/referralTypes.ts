// Referrals (一门受理、协同办理): the township one-window caseworker sends a
// person or household to the department whose program would close a gap;
// every step is kept as an event.
import type { Referral, ReferralEvent } from '../../db/client/prisma/client';
import { builder } from './builder';
import { DepartmentEnum, ProgramEnum, ReferralStatusEnum } from './enums';
import { eventsByReferral, referralsByFinding, seesReferral, visibleFinding } from './loaders';
import { HouseholdRef, PersonRef } from './refs';
import { FindingType } from './types';

export const ReferralEventType = builder.objectRef<ReferralEvent>('ReferralEvent').implement({
  description: 'One step of a referral: who did what, when, with what note.',
  fields: (t) => ({
    action: t.exposeString('action', { description: 'OPENED, FORWARDED, ACCEPTED, REJECTED or CLOSED.' }),
    fromStatus: t.expose('fromStatus', { type: ReferralStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: ReferralStatusEnum }),
    toDepartment: t.expose('toDepartment', { type: DepartmentEnum, nullable: true, description: 'Where the referral went (OPENED, FORWARDED).' }),
    note: t.exposeString('note', { nullable: true }),
    sub: t.exposeString('sub', { description: 'Who acted: the token\'s subject.' }),
    role: t.exposeString('role'),
    department: t.expose('department', { type: DepartmentEnum, nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

export const ReferralType = builder.objectRef<Referral>('Referral').implement({
  description: 'A person or household referred by the one-window caseworker to the department that can help.',
  fields: (t) => ({
    id: t.id({ resolve: (r) => String(r.id) }),
    status: t.expose('status', { type: ReferralStatusEnum }),
    finding: t.field({
      type: FindingType,
      nullable: true,
      description: 'The gap finding it was opened from; null when opened from scratch or when you may not see the finding.',
      resolve: (r, _args, ctx) => (r.findingId ? visibleFinding(ctx, r.findingId) : null),
    }),
    personKey: t.exposeID('personKey', { nullable: true }),
    person: t.field({ type: PersonRef, nullable: true, resolve: (r) => (r.personKey ? { personKey: r.personKey } : null) }),
    householdSourceId: t.exposeString('householdSourceId', { nullable: true }),
    household: t.field({
      type: HouseholdRef,
      nullable: true,
      resolve: (r) => (r.householdSourceId ? { sourceId: r.householdSourceId } : null),
    }),
    regionCode: t.string({ resolve: (r) => r.regionCode.trim() }),
    toDepartment: t.expose('toDepartment', { type: DepartmentEnum, description: 'The department that must act on it now.' }),
    program: t.expose('program', { type: ProgramEnum, nullable: true }),
    note: t.exposeString('note', { nullable: true, description: 'Why it was opened.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the department rejected it.' }),
    closingRecord: t.exposeString('closingRecord', {
      nullable: true,
      description: 'The record that closed it, "DEPARTMENT:sourceRecordId".',
    }),
    openedBy: t.exposeString('openedBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    events: t.field({
      type: [ReferralEventType],
      description: 'Every step, oldest first.',
      // Opened, forwarded once or twice, accepted, closed.
      listSize: { assumedSize: 5 },
      resolve: (r, _args, ctx) => eventsByReferral(ctx).load(r.id),
    }),
  }),
});

export const ReferralConnection = builder.connectionObject(
  {
    type: ReferralType,
    name: 'ReferralConnection',
    description: 'A page of referrals, newest first.',
    fields: (t) => ({
      totalCount: t.int({ resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount }),
    }),
  },
  { name: 'ReferralEdge' },
);

builder.objectField(FindingType, 'referrals', (t) =>
  t.field({
    type: [ReferralType],
    description: 'Referrals opened from this finding that you may see, oldest first.',
    // One, or one more when the first is rejected.
    listSize: { assumedSize: 2 },
    resolve: async (f, _args, ctx) => (await referralsByFinding(ctx).load(f.id)).filter((r) => seesReferral(ctx.caller, r)),
  }),
);
