// Referrals (一门受理、协同办理): the township caseworker opens one from a gap
// finding (or from scratch for a person or household in their regions) and
// may forward it; an OFFICER of the department it is with accepts or rejects
// it, and that officer or the caseworker closes it with the record that
// closed the gap. Each step checks the state it needs, and writes the change
// and its event in one transaction.
import type { Finding, Prisma, Referral } from '../../db/client/prisma/client';
import type { Department, Program } from '../../db/client/prisma/enums';
import { householdInScope, householdRegionLoader, personKeyInScope, personRegionsLoader } from '../../graphql/visibility';
import { userInputError } from '../../lib/errors';
import type { HubContext } from '../../graphql/context';
import { actorOf, changedMeanwhile, cleanNote, notFound } from './actions';
import { builder } from './builder';
import { DepartmentEnum, ProgramEnum } from './enums';
import { forgetCachedReads, seesReferral, visibleFinding, visibleReferral } from './loaders';
import { REFERRAL_TRANSITIONS, checkClosingRecord, destination, isMember, programAfterForward, type ReferralAction } from './referralTransitions';
import { ReferralType } from './referralTypes';
import { regionVisible } from '../../access/filters';

const OpenReferralInput = builder.inputType('OpenReferralInput', {
  description:
    'From a gap finding (findingId), or from scratch for a person or household in your regions. The department defaults to the owner of the program; from a finding, the program defaults to its first suggested one.',
  fields: (t) => ({
    findingId: t.id({ required: false, description: 'A gap finding you may see; its person, household and region are used.' }),
    personKey: t.id({ required: false, description: 'From scratch: the person to refer.' }),
    householdSourceId: t.string({ required: false, description: 'From scratch: the household to refer.' }),
    toDepartment: t.field({ type: DepartmentEnum, required: false }),
    program: t.field({ type: ProgramEnum, required: false }),
    note: t.string({ required: false, description: 'Why, in a few words for the department.' }),
  }),
});

interface OpenInput {
  findingId?: string | number | null;
  personKey?: string | number | null;
  householdSourceId?: string | null;
  toDepartment?: Department | null;
  program?: Program | null;
  note?: string | null;
}

type Subject = Pick<Referral, 'findingId' | 'personKey' | 'householdSourceId' | 'regionCode'>;

builder.mutationFields((t) => ({
  openReferral: t.field({
    type: ReferralType,
    description: 'Refer a person or household to the department that can close a gap (CASEWORKER, in your regions).',
    args: { input: t.arg({ type: OpenReferralInput, required: true }) },
    resolve: (_root, { input }, ctx) => open(ctx, input),
  }),
  forwardReferral: t.field({
    type: ReferralType,
    description: 'Send an OPEN referral to another department instead (CASEWORKER). It stays OPEN.',
    args: { id: t.arg.id({ required: true }), toDepartment: t.arg({ type: DepartmentEnum, required: true }), note: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const referral = await referralFor(ctx, String(args.id));
      if (args.toDepartment === referral.toDepartment) throw userInputError('toDepartment', `the referral is already with ${referral.toDepartment}`);
      const data = { toDepartment: args.toDepartment, program: programAfterForward(referral.program, args.toDepartment) };
      return step(ctx, referral, 'FORWARDED', { data, note: cleanNote('note', args.note), toDepartment: args.toDepartment });
    },
  }),
  acceptReferral: t.field({
    type: ReferralType,
    description: 'Take on an OPEN referral sent to your department in your regions (OFFICER).',
    args: { id: t.arg.id({ required: true }), note: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => step(ctx, await referralFor(ctx, String(args.id)), 'ACCEPTED', { note: cleanNote('note', args.note) }),
  }),
  rejectReferral: t.field({
    type: ReferralType,
    description: 'Decline an OPEN referral sent to your department (OFFICER); the reason is required and shown to the caseworker.',
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const referral = await referralFor(ctx, String(args.id));
      const reason = cleanNote('reason', args.reason, 'is required: say why your department does not take the referral')!;
      return step(ctx, referral, 'REJECTED', { data: { reason }, note: reason });
    },
  }),
  closeReferral: t.field({
    type: ReferralType,
    description:
      'Close an ACCEPTED referral with the record that closed the gap, "DEPARTMENT:sourceRecordId": it must exist, be of the referral\'s department and cover its person or household (OFFICER of that department, or CASEWORKER).',
    args: { id: t.arg.id({ required: true }), closingRecord: t.arg.string({ required: true }), note: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const referral = await referralFor(ctx, String(args.id));
      mustBeIn(referral, 'CLOSED');
      const closingRecord = await checkClosingRecord(ctx, referral, args.closingRecord);
      return step(ctx, referral, 'CLOSED', { data: { closingRecord }, note: cleanNote('note', args.note) });
    },
  }),
}));

async function referralFor(ctx: HubContext, id: string): Promise<Referral> {
  const referral = await visibleReferral(ctx, id);
  if (!referral) throw notFound('id', `no referral ${id}`);
  return referral;
}

function mustBeIn(referral: Referral, action: Exclude<ReferralAction, 'OPENED'>) {
  const { from } = REFERRAL_TRANSITIONS[action];
  if (referral.status !== from) {
    throw userInputError('id', `referral ${referral.id} is ${referral.status}; only an ${from} referral can be ${action.toLowerCase()}`);
  }
}

/** One step: the state change (only if nobody moved it since we read it) and its event, together. */
async function step(
  ctx: HubContext,
  referral: Referral,
  action: Exclude<ReferralAction, 'OPENED'>,
  change: { data?: Prisma.ReferralUpdateManyMutationInput; note: string | null; toDepartment?: Department },
): Promise<Referral> {
  mustBeIn(referral, action);
  const { from, to } = REFERRAL_TRANSITIONS[action];
  await ctx.prisma.$transaction(async (tx) => {
    const { count } = await tx.referral.updateMany({ where: { id: referral.id, status: from, toDepartment: referral.toDepartment }, data: { ...change.data, status: to } });
    if (count !== 1) throw changedMeanwhile(`referral ${referral.id}`);
    await tx.referralEvent.create({
      data: { referralId: referral.id, action, fromStatus: from, toStatus: to, toDepartment: change.toDepartment ?? null, note: change.note, ...actorOf(ctx.caller!) },
    });
  });
  return reload(ctx, referral.id);
}

async function reload(ctx: HubContext, id: number): Promise<Referral> {
  forgetCachedReads(ctx);
  const referral = await visibleReferral(ctx, id);
  // A caseworker who forwards keeps seeing it (same region); nothing else changes visibility for the actor.
  if (!referral) throw new Error(`referral ${id} was written but cannot be read back`);
  return referral;
}

async function open(ctx: HubContext, input: OpenInput): Promise<Referral> {
  const note = cleanNote('note', input.note);
  const { subject, finding } = input.findingId ? await fromFinding(ctx, input) : { subject: await fromScratch(ctx, input), finding: null };
  const { toDepartment, program } = destination(input, finding);
  const actor = actorOf(ctx.caller!);
  const created = await ctx.prisma.$transaction(async (tx) => {
    const referral = await tx.referral.create({ data: { ...subject, toDepartment, program, note, openedBy: actor.sub } });
    await tx.referralEvent.create({ data: { referralId: referral.id, action: 'OPENED', toStatus: 'OPEN', toDepartment, note, ...actor } });
    return referral;
  });
  return reload(ctx, created.id);
}

/** A gap finding still to act on, not already referred; its person, household and region. */
async function fromFinding(ctx: HubContext, input: OpenInput): Promise<{ subject: Subject; finding: Finding }> {
  const id = String(input.findingId);
  const finding = await visibleFinding(ctx, id);
  if (!finding) throw notFound('findingId', `no finding ${id}`);
  if (input.personKey || input.householdSourceId) throw userInputError(input.personKey ? 'personKey' : 'householdSourceId', 'comes from the finding: leave it out');
  if (finding.kind !== 'GAP') throw userInputError('findingId', `finding ${id} is a ${finding.kind} finding; only gap findings are referred`);
  if (finding.status !== 'OPEN' && finding.status !== 'CONFIRMED') throw userInputError('findingId', `finding ${id} is ${finding.status}; nothing to refer`);
  const active = await ctx.prisma.referral.findFirst({ where: { findingId: finding.id, status: { in: ['OPEN', 'ACCEPTED'] } } });
  if (active) {
    // The finding is the caller's to see; the referral may be filed in another region of a finding that spans two: named only when theirs to see.
    const which = seesReferral(ctx.caller, { ...active, finding: { rule: finding.rule } }) ? `: referral ${active.id} is ${active.status}` : '';
    throw userInputError('findingId', `finding ${id} is already referred${which}`);
  }
  const caller = ctx.caller!;
  const regionCode = [finding.regionCode.trim(), ...finding.regionCodes].find((code) => code.length === 6 && regionVisible(caller, code)) ?? finding.regionCode;
  return { subject: { findingId: finding.id, personKey: finding.personKey, householdSourceId: finding.householdSourceId, regionCode }, finding };
}

/** A person or household in the caller's regions; the referral is filed under a county of theirs the caller serves. */
async function fromScratch(ctx: HubContext, input: OpenInput): Promise<Subject> {
  const personKey = input.personKey ? String(input.personKey) : null;
  const householdSourceId = input.householdSourceId ?? null;
  if (!personKey && !householdSourceId) throw userInputError('personKey', 'a person or a household is required when no finding is given');
  if (personKey && !(await personKeyInScope(ctx, personKey))) throw notFound('personKey', 'no such person in your regions');
  if (householdSourceId && !(await householdInScope(ctx, householdSourceId))) throw notFound('householdSourceId', 'no such household in your regions');
  if (personKey && householdSourceId && !(await isMember(ctx, personKey, householdSourceId))) {
    throw userInputError('personKey', `is not a member of household ${householdSourceId}`);
  }
  const regions = householdSourceId ? [(await householdRegionLoader(ctx).load(householdSourceId))!] : await personRegionsLoader(ctx).load(personKey!);
  const regionCode = regions.find((code) => regionVisible(ctx.caller!, code))!;
  return { findingId: null, personKey, householdSourceId, regionCode };
}
