// Access rules as small named functions (in the spirit of Keystone's access
// control), composed per field in each subgraph's permissions.ts. graphql-shield
// denies whatever no rule allows.
import { GraphQLError } from 'graphql';
import { allow, and, chain, deny, or, rule, shield, type IRules } from 'graphql-shield';
import { subjectOf } from '../audit/collector';
import type { HubContext } from '../graphql/context';
import type { Role } from './roles';
import { forbidden } from '../errors';

export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: HubContext) => ctx.caller !== null);

export function hasRole(...roles: Role[]) {
  return rule(`hasRole(${roles.join(',')})`, { cache: 'contextual' })(
    (_parent, _args, ctx: HubContext) => ctx.caller !== null && roles.includes(ctx.caller.role),
  );
}

export const isAdmin = hasRole('ADMIN');

/** Roles that read the registry (ACCESS.md: everyone but charities, within their regions). */
export const canReadRegistry = hasRole('OFFICER', 'SYSTEM', 'CASEWORKER', 'AUDITOR', 'ADMIN');

/** ACCESS.md: officers, systems and auditors see all departments' records in their regions. */
export const canReadRecords = hasRole('OFFICER', 'SYSTEM', 'AUDITOR', 'ADMIN');

/**
 * Personal details need a role in scope and a stated purpose (ACCESS.md,
 * Personal data). The refusal names the field and the reason, so a caller
 * knows to ask for a token with a purpose. Not cached: the message names each field.
 */
export const hasPurpose = rule('hasPurpose', { cache: 'no_cache' })((_parent, _args, ctx: HubContext, info) =>
  ctx.caller?.purpose ? true : purposeMissing(`${info.parentType.name}.${info.fieldName}`),
);

function purposeMissing(field: string): GraphQLError {
  return new GraphQLError(`${field}: personal data is read only with a purpose (token claim \`purpose\`)`, {
    extensions: { code: 'FORBIDDEN', reason: 'PURPOSE_MISSING', field },
  });
}

/**
 * Notes the read for the audit log. Runs last in a chain, only once every
 * other rule has allowed the field, so only reads that happen are logged.
 */
export const audited = rule('audited', { cache: 'no_cache' })((parent, _args, ctx: HubContext, info) => {
  const subject = subjectOf(parent);
  if (subject) ctx.audit.note(subject, `${info.parentType.name}.${info.fieldName}`);
  return true;
});

/** A personal detail: readable by `canRead` callers with a purpose, and audited. */
export function personalDetail(canRead: Parameters<typeof chain>[0]) {
  return chain(canRead, hasPurpose, audited);
}

/**
 * Federation plumbing: the gateway needs `_service` to compose and `_entities`
 * to join subgraphs. `_entities` passes no Query rule, so every entity type
 * must carry its own rules.
 */
export const federationRules = {
  _service: allow,
  _entities: allow,
} as const;

/** Builds a subgraph's shield: deny by default, errors a caller can read. */
export function subgraphShield(rules: IRules) {
  return shield(rules, {
    fallbackRule: deny,
    fallbackError: () => forbidden('not allowed for this caller'),
    allowExternalErrors: true,
  });
}

export { allow, and, chain, deny, or };
