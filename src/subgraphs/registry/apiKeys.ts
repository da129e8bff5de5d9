// API keys for department systems (ACCESS.md: issued by an administrator,
// stored hashed, mapped to the same claims as a token). ADMIN issues, lists and
// revokes them here; the key itself is in the answer of issueApiKey and nowhere
// else, ever. Authentication with a key is src/access/apiKeys.ts.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { checkClaims, GOVERNMENT_DEPARTMENTS } from '../../access/claims';
import type { ApiKey } from '../../db/client/prisma/client';
import { storeApiKey, type ApiKeyGrant } from '../../access/apiKeys';
import { ROLES } from '../../access/callers';
import { userInputError } from '../../lib/errors';
import { departmentEnum } from '../../graphql/recordEnums';
import { builder } from './builder';

const RoleEnum = builder.enumType('Role', { values: ROLES, description: 'A caller role (ACCESS.md).' });
const DepartmentEnum = departmentEnum(builder);
const ApiKeyStatusEnum = builder.enumType('ApiKeyStatus', {
  values: ['ACTIVE', 'REVOKED', 'EXPIRED'] as const,
  description: 'ACTIVE keys authenticate; REVOKED and EXPIRED keys are refused.',
});

const statusOf = (key: ApiKey, now = new Date()) =>
  key.revokedAt ? 'REVOKED' : key.expiresAt && key.expiresAt <= now ? 'EXPIRED' : 'ACTIVE';

const ApiKeyType = builder.objectRef<ApiKey>('ApiKey').implement({
  description: 'An API key of a department system. The key itself is never shown again after issueApiKey, nor its hash.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The public first part of the key (ahk_…); the caller\'s `sub` in the audit log.' }),
    name: t.exposeString('name', { description: 'What the key is for, in the administrator\'s words.' }),
    role: t.field({ type: RoleEnum, resolve: (key) => key.role as (typeof ROLES)[number] }),
    department: t.expose('department', { type: DepartmentEnum, nullable: true }),
    regions: t.exposeStringList('regions', { description: 'Region-code prefixes the key may see.', listSize: { assumedSize: 5 } }),
    purpose: t.exposeString('purpose', { nullable: true, description: 'Purpose written to the audit log for reads with this key.' }),
    status: t.field({ type: ApiKeyStatusEnum, resolve: (key) => statusOf(key) }),
    createdBy: t.exposeString('createdBy', { description: 'The administrator who issued it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    revokedBy: t.exposeString('revokedBy', { nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Refreshed at most once a minute.' }),
  }),
});

const IssuedApiKeyType = builder.objectRef<{ apiKey: ApiKey; key: string }>('IssuedApiKey').implement({
  description: 'A new key. Copy `key` now: the hub keeps only its hash and cannot show it again.',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyType, resolve: (issued) => issued.apiKey }),
    key: t.exposeString('key', { description: 'Send it as `Authorization: Bearer <key>`.' }),
  }),
});

const IssueApiKeyInput = builder.inputType('IssueApiKeyInput', {
  description: 'A key for one department system. Only SYSTEM keys are issued; people use tokens.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the key is for, e.g. "民政 低保 nightly sync".' }),
    role: t.field({ type: RoleEnum, required: true, description: 'Must be SYSTEM.' }),
    department: t.field({ type: DepartmentEnum, required: false, description: 'Required: the department the system reads and writes as.' }),
    regions: t.stringList({ required: true, description: 'Region-code prefixes (2-6 digits), at least one.' }),
    purpose: t.string({ required: false, description: 'Purpose for the audit log; personal fields need one.' }),
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'When the key stops working; omit for no expiry.' }),
  }),
});

const KEY_DEPARTMENTS = GOVERNMENT_DEPARTMENTS;

const grantSchema = z.object({
  name: z.string().trim().min(1, { error: 'must not be empty' }).max(100, { error: 'must be at most 100 characters' }),
  role: z.literal('SYSTEM', { error: 'only SYSTEM (a department\'s machine client) may be given an API key; people use tokens' }),
  department: z.enum(KEY_DEPARTMENTS, {
    error: (issue) =>
      issue.input == null
        ? 'is required: a SYSTEM key reads and writes as one department'
        : 'must be a government department; charities use CHARITY tokens with their org',
  }),
  regions: z
    .array(z.string().regex(/^\d{2,6}$/, { error: 'must be a 2-6 digit region-code prefix, e.g. 5101' }))
    .min(1, { error: 'must name at least one region-code prefix: a key without regions sees nothing' })
    .max(50, { error: 'must be at most 50 prefixes' })
    .transform((regions) => [...new Set(regions)]),
  purpose: z.string().trim().max(500, { error: 'must be at most 500 characters' }).nullish().transform((p) => p || null),
  expiresAt: z
    .date()
    .nullish()
    .refine((at) => !at || at.getTime() > Date.now(), { error: 'must be in the future' })
    .transform((at) => at ?? null),
});

function validGrant(input: unknown): ApiKeyGrant {
  const parsed = grantSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw userInputError(issue.path.map(String).join('.'), issue.message);
  }
  // The claims together, as every token and key is checked at use (ACCESS.md v2): a key is never issued only to be refused.
  const grant = parsed.data;
  const problem = checkClaims({ sub: 'ahk_new', role: grant.role, department: grant.department, org: null, regions: grant.regions });
  if (problem) throw userInputError(problem.claim, problem.reason);
  return grant;
}

builder.mutationFields((t) => ({
  issueApiKey: t.field({
    type: IssuedApiKeyType,
    description: 'Issue an API key for a department system (ADMIN). The answer carries the key; it is never shown again.',
    args: { input: t.arg({ type: IssueApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => storeApiKey(ctx.prisma, validGrant(input), ctx.caller!.sub),
  }),
  revokeApiKey: t.field({
    type: ApiKeyType,
    description: 'Revoke an API key (ADMIN). It is refused from the next request on. Revoking twice keeps the first revocation.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = String(args.id);
      await ctx.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(), revokedBy: ctx.caller!.sub } });
      const key = await ctx.prisma.apiKey.findUnique({ where: { id } });
      if (!key) throw userInputError('id', `no API key ${id}`);
      return key;
    },
  }),
}));

builder.queryField('apiKeys', (t) =>
  t.connection(
    {
      type: ApiKeyType,
      description: 'Every API key, newest first, revoked and expired ones included (ADMIN). Never the key or its hash.',
      resolve: (_root, args, ctx) =>
        resolveOffsetConnection({ args }, ({ offset, limit }) =>
          ctx.prisma.apiKey.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], skip: offset, take: limit }),
        ),
    },
    { name: 'ApiKeyConnection' },
    { name: 'ApiKeyEdge' },
  ),
);
