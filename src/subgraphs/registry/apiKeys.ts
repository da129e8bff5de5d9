// API keys for department systems (ACCESS.md: issued by an administrator,
// stored hashed, mapped to the same claims as a token). ADMIN issues, lists and
// revokes them here; the key itself is in the answer of issueApiKey and nowhere
// else, ever. Authentication with a key is src/access/apiKeys.ts. A key may
// also carry its system's public signing key and callback origins for DCI
// (src/dci/): checked here, so a key is never stored that DCI could not use.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
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
    signingKeyId: t.string({
      nullable: true,
      description:
        'The RFC 7638 thumbprint of the public signing key registered for the system\'s DCI requests (whose signatures are then required and verified). ' +
        'null: no key registered, the system\'s DCI requests need no signature in development.',
      resolve: (key) => (key.signingKey ? calculateJwkThumbprint(key.signingKey as JWK) : null),
    }),
    callbackOrigins: t.exposeStringList('callbackOrigins', {
      description: 'Origins (scheme://host[:port]) the hub may send this system\'s DCI callbacks to; empty: any in development, none in production.',
      listSize: { assumedSize: 5 },
    }),
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
    signingKey: t.string({
      required: false,
      description:
        'The system\'s public signing key for DCI requests, a JWK as JSON text (EC P-256 "ES256", RSA "RS256" or Ed25519 "EdDSA"); ' +
        'its requests\' signatures are then required and verified. Never a private key.',
    }),
    callbackOrigins: t.stringList({
      required: false,
      description:
        'Origins (scheme://host[:port], e.g. https://mca.example.gov.cn) the hub may send this system\'s DCI callbacks to, at most 20; ' +
        'empty: any in development, none in production.',
    }),
  }),
});

const KEY_DEPARTMENTS = GOVERNMENT_DEPARTMENTS;

/** The algorithm DCI verifies each key type's signatures with (src/dci/signing.ts accepts these three). */
const SIGNING_ALGORITHMS = { EC: 'ES256', RSA: 'RS256', OKP: 'EdDSA' } as const;
/** Members only a private JWK has (RFC 7518 6.2.2, 6.3.2; RFC 8037 2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;
/** RS256 keys below this are refused by jose at verification: refused here instead, where the administrator sees why. */
const MIN_RSA_BITS = 2048;

type SigningKty = keyof typeof SIGNING_ALGORITHMS;
const isSigningKty = (kty: unknown): kty is SigningKty => typeof kty === 'string' && Object.hasOwn(SIGNING_ALGORITHMS, kty);

/** Why a parsed JWK cannot be a system's public signing key, or null when it can. */
function publicJwkProblem(jwk: unknown): string | null {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'must be a JWK: a JSON object';
  const { kty, crv, alg } = jwk as JWK;
  const held = PRIVATE_MEMBERS.filter((member) => member in jwk);
  if (held.length > 0) return `must be a public key: it holds private parts (${held.join(', ')})`;
  if (!isSigningKty(kty)) return 'kty must be EC (P-256), RSA or OKP (Ed25519)';
  if (kty === 'EC' && crv !== 'P-256') return 'an EC key must be on curve P-256 (ES256)';
  if (kty === 'OKP' && crv !== 'Ed25519') return 'an OKP key must be on curve Ed25519 (EdDSA)';
  if (alg !== undefined && alg !== SIGNING_ALGORITHMS[kty]) return `alg must be ${SIGNING_ALGORITHMS[kty]} for a ${kty} key, or left out`;
  return null;
}

/** Why the key does not import as a verifying key, or null when it does: a key DCI could not use is not stored. */
async function importProblem(jwk: JWK & { kty: SigningKty }): Promise<string | null> {
  try {
    const key = await importJWK(jwk, SIGNING_ALGORITHMS[jwk.kty]);
    const bits = (key as CryptoKey).algorithm as { modulusLength?: number };
    if (bits.modulusLength !== undefined && bits.modulusLength < MIN_RSA_BITS) return `an RSA key must have at least ${MIN_RSA_BITS} bits`;
    return null;
  } catch (error) {
    return `is not a usable ${jwk.kty} public key (${error instanceof Error ? error.message : 'it does not import'})`;
  }
}

/** The JWK of the JSON text, or the reason it is refused. alg is filled in, so verification never guesses it. */
async function publicSigningKey(text: string): Promise<JWK | string> {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    return 'must be a JWK as JSON text, e.g. {"kty":"EC","crv":"P-256","x":"…","y":"…"}';
  }
  const problem = publicJwkProblem(jwk);
  if (problem) return problem;
  const typed = jwk as JWK & { kty: SigningKty };
  return (await importProblem(typed)) ?? { ...typed, alg: SIGNING_ALGORITHMS[typed.kty] };
}

/** A callback origin as URL.origin spells it, which is what src/dci/callbacks.ts compares the callback URI's origin with. */
function originProblem(given: string): string | null {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return 'must be an origin, scheme://host[:port], e.g. https://mca.example.gov.cn';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https origin';
  // A path, query, fragment or credentials, an upper-case host or a default port make the origin differ from the text.
  if (url.origin !== given.replace(/\/$/, '')) return `must be an origin only, scheme://host[:port] as a URL spells it, e.g. ${url.origin}`;
  return null;
}

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
  signingKey: z
    .string()
    .max(10_000, { error: 'must be at most 10,000 characters: a public JWK is far shorter' })
    .nullish()
    .transform(async (text, ctx) => {
      if (!text?.trim()) return null;
      const jwk = await publicSigningKey(text);
      if (typeof jwk !== 'string') return jwk;
      ctx.addIssue({ code: 'custom', message: jwk });
      return z.NEVER;
    }),
  callbackOrigins: z
    .array(z.string().superRefine((origin, ctx) => {
      const problem = originProblem(origin);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }))
    .max(20, { error: 'must be at most 20 origins' })
    .nullish()
    .transform((origins) => [...new Set((origins ?? []).map((origin) => new URL(origin).origin))]),
});

async function validGrant(input: unknown): Promise<ApiKeyGrant> {
  const parsed = await grantSchema.safeParseAsync(input);
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
    resolve: async (_root, { input }, ctx) => storeApiKey(ctx.prisma, await validGrant(input), ctx.caller!.sub),
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
