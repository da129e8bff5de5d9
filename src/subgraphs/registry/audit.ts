// Auditors read the audit log of reads of personal details, person by person.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import type { AuditEntry } from '../../db/client/prisma/client';
import { personKeyInScope } from '../../graphql/visibility';
import { builder } from './builder';

const AuditEntryType = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description: 'One request\'s read of one person\'s (or household\'s) details. Append-only and hash-chained.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => e.id.toString() }),
    at: t.expose('at', { type: 'DateTime' }),
    requestId: t.exposeString('requestId', { description: 'The hub\'s own id of the request; never chosen by the caller.' }),
    callerRequestId: t.exposeString('callerRequestId', {
      nullable: true,
      description: 'The x-request-id the caller sent (8-64 letters, digits, dashes), kept as its reference beside requestId.',
    }),
    sub: t.exposeString('sub', { description: 'Who read: the token\'s subject.' }),
    role: t.exposeString('role'),
    department: t.exposeString('department', { nullable: true }),
    purpose: t.exposeString('purpose', { nullable: true, description: 'The purpose stated in the token.' }),
    personKey: t.exposeString('personKey', { nullable: true }),
    householdSourceId: t.exposeString('householdSourceId', { nullable: true }),
    // A person's or household's personal fields one answer reveals: a handful.
    fields: t.exposeStringList('fields', { description: 'The fields revealed, e.g. Person.name.', listSize: { assumedSize: 10 } }),
    hash: t.exposeString('hash'),
    prevHash: t.exposeString('prevHash'),
  }),
});

builder.queryField('auditEntries', (t) =>
  t.connection(
    {
      type: AuditEntryType,
      description: 'Who read this person\'s details, when and why, newest first. Empty for a person outside your regions.',
      args: { personKey: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const personKey = String(args.personKey);
        const visible = await personKeyInScope(ctx, personKey);
        return resolveOffsetConnection({ args }, ({ offset, limit }) =>
          visible
            ? ctx.prisma.auditEntry.findMany({ where: { personKey }, orderBy: { id: 'desc' }, skip: offset, take: limit })
            : [],
        );
      },
    },
    { name: 'AuditEntryConnection' },
    { name: 'AuditEntryEdge' },
  ),
);
