// Event subscriptions through GraphQL: any caller who may read some kind of
// subject registers a webhook for one event kind, lists its subscriptions
// (those made through DCI's /registry/subscribe too), sees their deliveries
// and replays a dead one. A subscription keeps its caller's claims, and each
// event is sent only if that caller may read its subject (src/events/dispatch.ts);
// nobody sees, ends or replays another caller's subscriptions.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { can } from '../../access/permissions';
import { apiKeyOfCaller } from '../../access/apiKeys';
import { DeliveryStatus, EventKind, Program } from '../../db/client/prisma/enums';
import type { EventDelivery, EventSubscription, HubEvent, Prisma } from '../../db/client/prisma/client';
import { callbackUrlProblem, eventFilterOf, SUBJECT_CAPABILITY, subscriptionRow, type EventFilter } from '../../events/subscriptions';
import type { HubContext } from '../../graphql/context';
import { programEnum } from '../../graphql/recordEnums';
import { forbidden, userInputError } from '../../lib/errors';
import { builder } from './builder';

const EventKindEnum = builder.enumType(EventKind, {
  name: 'EventKind',
  description: 'What happened (最低生活保障 and every other program alike). Each kind is sent only to callers who may read its subject.',
  values: {
    DEATH: { description: 'A person\'s death was registered. Subject: the person key.' },
    ENROLLMENT_STATUS_CHANGE: { description: 'A record started or changed status (ACTIVE, SUSPENDED, ENDED, CANCELLED). Subject: DEPARTMENT:sourceRecordId.' },
    FINDING: { description: 'A finding (duplicate payout or gap) was found, naming the departments it involves. Subject: the finding key.' },
    REFERRAL: { description: 'A referral was opened or forwarded to a department. Subject: the referral id.' },
  },
});

const EventDeliveryStatusEnum = builder.enumType(DeliveryStatus, {
  name: 'EventDeliveryStatus',
  description: 'Where a delivery stands. It is retried with a growing pause until the subscriber takes it (2xx) or every try has failed.',
  values: {
    PENDING: { description: 'Not taken yet: being tried, or waiting for its next try.' },
    DELIVERED: { description: 'The subscriber took it (answered 2xx).' },
    DEAD: { description: 'Every try failed: fix the receiver, then replayEventDelivery.' },
  },
});

const ProgramEnum = programEnum(builder);

const filterOf = (subscription: EventSubscription): EventFilter => eventFilterOf(subscription.filter);

const EventSubscriptionType = builder.objectRef<EventSubscription>('EventSubscription').implement({
  description:
    'What a caller asked to be told, and where. It reads as the caller that made it: an event is sent only if that caller may read its subject when it happens.',
  fields: (t) => ({
    code: t.exposeID('code', { description: 'The subscription code (sub_…), the same one DCI hands out.' }),
    kind: t.field({ type: EventKindEnum, resolve: (s) => s.kind }),
    format: t.string({
      description: 'WEBHOOK (made here: the hub\'s own JSON, signed in x-hub-signature) or DCI (made through /registry/subscribe: the DCI notify envelope).',
      resolve: (s) => s.format,
    }),
    callbackUrl: t.exposeString('notifyUri', { description: 'Where the events are POSTed.' }),
    regionCodes: t.stringList({
      description: 'Region-code prefixes the subscription narrows to; empty: every region its caller may read.',
      listSize: { assumedSize: 5 },
      resolve: (s) => filterOf(s).regionCodes ?? [],
    }),
    programs: t.stringList({
      description: 'Programs the subscription narrows enrollment and referral events to; empty: every program.',
      listSize: { assumedSize: 5 },
      resolve: (s) => filterOf(s).programs ?? [],
    }),
    active: t.exposeBoolean('active', { description: 'false once cancelled: nothing more is sent.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true, description: 'When it was cancelled.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it stops being sent events: the expiry of the token that made it, whose claims it keeps (subscribe again with a new token). ' +
        'Null for an API key\'s, which lasts as long as the key.',
    }),
  }),
});

type DeliveryWithEvent = EventDelivery & { event: HubEvent };

const EventDeliveryType = builder.objectRef<DeliveryWithEvent>('EventDelivery').implement({
  description:
    'One event for one subscription. Every try and replay carries the same idempotency key (header idempotency-key), so a receiver that got it twice can tell.',
  fields: (t) => ({
    id: t.id({ resolve: (d) => d.id.toString() }),
    subscriptionCode: t.exposeID('subscriptionCode'),
    eventKind: t.field({ type: EventKindEnum, resolve: (d) => d.event.kind }),
    subject: t.string({
      description: 'What the event is about: a record id (DEPARTMENT:sourceRecordId), a person key, a finding key or a referral id.',
      resolve: (d) => d.event.subject,
    }),
    occurredAt: t.field({ type: 'DateTime', description: 'When the change that caused the event was written.', resolve: (d) => d.event.occurredAt }),
    idempotencyKey: t.exposeString('idempotencyKey', { description: '"<event id>.<subscription code>", the same on every try and replay.' }),
    status: t.field({ type: EventDeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts', { description: 'Tries so far, replays included.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last try failed (e.g. "HTTP 500"); null once delivered.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const SubscribeToEventsInput = builder.inputType('SubscribeToEventsInput', {
  description: 'A webhook for one event kind. Events are POSTed as JSON, signed in x-hub-signature, with an idempotency-key header.',
  fields: (t) => ({
    kind: t.field({ type: EventKindEnum, required: true, description: 'Needs the right to read its subjects: DEATH persons, ENROLLMENT_STATUS_CHANGE records, FINDING findings, REFERRAL referrals.' }),
    callbackUrl: t.string({
      required: true,
      description:
        'Where events are POSTed: https (http only outside production). An API key\'s caller must use one of its registered callback origins; ' +
        'without any, any URL outside production and none in production.',
    }),
    regionCodes: t.stringList({ required: false, description: 'Region-code prefixes (2-6 digits) to narrow to; omit for all. Either way only events about what you may read are sent (ACCESS.md).' }),
    programs: t.field({
      type: [ProgramEnum],
      required: false,
      description: 'Programs to narrow ENROLLMENT_STATUS_CHANGE and REFERRAL events to; omit for all. DEATH and FINDING events name no program.',
    }),
  }),
});

/** Kinds whose events name a program (the payloads the triggers of the events migration write). */
const KINDS_WITH_PROGRAM: readonly EventKind[] = ['ENROLLMENT_STATUS_CHANGE', 'REFERRAL'];

/** What a callback URL may be at most: a URL, not a document. */
const MAX_URL_LENGTH = 2_000;

const subscribeSchema = z.object({
  kind: z.enum(EventKind),
  callbackUrl: z.string().trim().min(1, { error: 'is required' }).max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` }),
  regionCodes: z
    .array(z.string().regex(/^\d{2,6}$/, { error: 'must be a 2-6 digit region-code prefix, e.g. 5101' }))
    .min(1, { error: 'must name at least one region-code prefix, or be left out' })
    .max(50, { error: 'must be at most 50 prefixes' })
    .nullish()
    .transform((codes) => (codes ? [...new Set(codes)] : undefined)),
  programs: z
    .array(z.enum(Program))
    .min(1, { error: 'must name at least one program, or be left out' })
    .nullish()
    .transform((programs) => (programs ? [...new Set(programs)] : undefined)),
});

async function validSubscription(input: unknown, ctx: HubContext) {
  const parsed = subscribeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw userInputError(issue.path.map(String).join('.'), issue.message);
  }
  const { kind, callbackUrl, regionCodes, programs } = parsed.data;
  if (programs && !KINDS_WITH_PROGRAM.includes(kind)) {
    throw userInputError('programs', `narrows ${KINDS_WITH_PROGRAM.join(' and ')} events only: ${kind} events name no program`);
  }
  const apiKey = await apiKeyOfCaller(ctx.prisma, ctx.caller!);
  const problem = callbackUrlProblem(callbackUrl, apiKey?.callbackOrigins ?? [], ctx.config.production);
  if (problem) throw userInputError('callbackUrl', problem);
  const filter: EventFilter = { ...(regionCodes ? { regionCodes } : {}), ...(programs ? { programs } : {}) };
  return { kind, callbackUrl, filter, credential: { until: ctx.callerUntil ?? null, apiKeyCaller: apiKey !== null } };
}

/** The caller may read the subjects of `kind` at all (a subscription it could never be sent anything on is refused). */
function checkMayReadSubjects(ctx: HubContext, kind: EventKind) {
  const capability = SUBJECT_CAPABILITY[kind];
  if (!can(ctx.caller, capability)) {
    throw forbidden(`${ctx.caller!.role} may not subscribe to ${kind} events: their subjects need capability ${capability}`);
  }
}

const mine = (ctx: HubContext): Prisma.EventSubscriptionWhereInput => ({ callerSub: ctx.caller!.sub });

/** The id of a delivery as a BigInt, or null when it cannot be one. */
const deliveryIdOf = (id: string): bigint | null => (/^\d{1,18}$/.test(id) ? BigInt(id) : null);

builder.mutationFields((t) => ({
  subscribeToEvents: t.field({
    type: EventSubscriptionType,
    description:
      'Be told of one kind of event by webhook, about what you may read (the same rules as every read, checked as each event happens). ' +
      'Your claims are kept with the subscription: it reads as you did when you made it.',
    args: { input: t.arg({ type: SubscribeToEventsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      checkMayReadSubjects(ctx, input.kind);
      const { kind, callbackUrl, filter, credential } = await validSubscription(input, ctx);
      return ctx.prisma.eventSubscription.create({ data: subscriptionRow(ctx.caller!, { kind, format: 'WEBHOOK', filter, notifyUri: callbackUrl }, credential) });
    },
  }),
  cancelEventSubscription: t.field({
    type: EventSubscriptionType,
    description: 'End one of your subscriptions (either format): nothing more is sent on it. Cancelling twice keeps the first endedAt.',
    args: { code: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const code = String(args.code);
      await ctx.prisma.eventSubscription.updateMany({ where: { ...mine(ctx), code, endedAt: null }, data: { active: false, endedAt: new Date() } });
      const subscription = await ctx.prisma.eventSubscription.findFirst({ where: { ...mine(ctx), code } });
      if (!subscription) throw userInputError('code', `no subscription ${code} of yours`);
      return subscription;
    },
  }),
  replayEventDelivery: t.field({
    type: EventDeliveryType,
    description:
      'Send a DEAD delivery of yours again, under the same idempotency key: it is PENDING until the subscriber takes it or every try fails again. ' +
      'Its attempts and last error stay until the next try.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const given = String(args.id);
      const id = deliveryIdOf(given);
      const yours: Prisma.EventDeliveryWhereInput = { id: id ?? BigInt(-1), subscription: mine(ctx) };
      // Only a DEAD one, in one statement: two replays at once make one.
      const { count } = await ctx.prisma.eventDelivery.updateMany({
        where: { ...yours, status: 'DEAD', subscription: { ...mine(ctx), active: true, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } },
        data: { status: 'PENDING', queued: false },
      });
      const delivery = await ctx.prisma.eventDelivery.findFirst({ where: yours, include: { event: true } });
      if (!delivery) throw userInputError('id', `no delivery ${given} of yours`);
      if (count === 0) {
        if (delivery.status !== 'DEAD') throw userInputError('id', `is ${delivery.status}: only a DEAD delivery is replayed`);
        throw userInputError('id', `its subscription ${delivery.subscriptionCode} has ended (cancelled, or its token expired): nothing is sent on it`);
      }
      return delivery;
    },
  }),
}));

builder.queryField('eventSubscriptions', (t) =>
  t.field({
    type: [EventSubscriptionType],
    description: 'Your event subscriptions, made here or through DCI, ended ones included, newest first.',
    listSize: { assumedSize: 10 },
    resolve: (_root, _args, ctx) => ctx.prisma.eventSubscription.findMany({ where: mine(ctx), orderBy: [{ createdAt: 'desc' }, { code: 'asc' }] }),
  }),
);

builder.queryField('eventDeliveries', (t) =>
  t.connection(
    {
      type: EventDeliveryType,
      description: 'Deliveries of your subscriptions, newest first: what was sent, what is still being tried, and what is DEAD and may be replayed.',
      args: {
        subscriptionCode: t.arg.id({ required: false, description: 'One of your subscriptions only.' }),
        status: t.arg({ type: EventDeliveryStatusEnum, required: false }),
      },
      resolve: (_root, args, ctx) => {
        const where: Prisma.EventDeliveryWhereInput = {
          subscription: mine(ctx),
          ...(args.subscriptionCode != null ? { subscriptionCode: String(args.subscriptionCode) } : {}),
          ...(args.status ? { status: args.status } : {}),
        };
        return resolveOffsetConnection({ args }, ({ offset, limit }) =>
          // The event with each delivery, in the same query: a page is two statements, not one per delivery.
          ctx.prisma.eventDelivery.findMany({ where, include: { event: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: offset, take: limit }),
        );
      },
    },
    { name: 'EventDeliveryConnection' },
    { name: 'EventDeliveryEdge' },
  ),
);
