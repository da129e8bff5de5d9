// The policy applied to GraphQL: each subgraph names, per type and field, the
// capability a caller needs (permissions.ts); this file turns that into
// graphql-shield rules and adds, for every subgraph alike, what the
// sensitivity table asks: a purpose and an audit entry for each personal
// field, and for each record or finding that reveals health by existing.
// Deny by default: a field that no rule names is refused.
import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { middleware } from 'graphql-middleware';
import { allow, and, chain, deny, or, rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { subjectOf, type AuditSubject } from '../audit/collector';
import type { HubContext } from './context';
import { isFieldMap, shieldMiddleware, type RuleFieldMap, type ShieldRule } from './shieldEvaluator';
import { RECORD_TYPE_NAMES } from '../departments/recordTypes';
import { forbidden } from '../lib/errors';
import type { Role } from '../access/callers';
import { matches } from '../access/condition';
import { can, rolesWith, type Capability } from '../access/permissions';
import { FINDING_REVEALS_HEALTH, RECORD_REVEALS_HEALTH, REFERRAL_REVEALS_HEALTH, sensitivityOf } from '../access/sensitivity';


/** The caller holds a capability of the permission table. */
export function capability(name: Capability) {
  return rule(`can(${name})`, { cache: 'contextual' })((_parent, _args, ctx: HubContext) => can(ctx.caller, name));
}

/** For the few rules that name roles outright (the table's rows say the same). */
export function hasRole(...roles: Role[]) {
  return rule(`hasRole(${roles.join(',')})`, { cache: 'contextual' })(
    (_parent, _args, ctx: HubContext) => ctx.caller !== null && roles.includes(ctx.caller.role),
  );
}

export const canReadRegistry = capability('readRegistry');
export const canReadRecords = capability('readRecords');
export const isAdmin = capability('administer');
const canReadPersonalDetails = capability('readPersonalDetails');

/**
 * Personal details need a stated purpose (ACCESS.md, Personal data). The
 * refusal names the field and the reason, so a caller knows to ask for a
 * token with a purpose. Not cached: the message names each field.
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

/** Rules that already ask for a purpose and audit (shieldFor does not wrap them again). */
const HANDLES_PURPOSE = new WeakSet<object>();

/** Marks a field rule as deciding purpose and audit itself (e.g. a charity reading what it wrote). */
export function handlesPurpose<R extends ShieldRule>(ruleOfField: R): R {
  HANDLES_PURPOSE.add(ruleOfField as object);
  return ruleOfField;
}

/** A personal detail: readable by `canRead` callers with a purpose, and audited. */
export function personalDetail(canRead: ShieldRule) {
  return handlesPurpose(chain(canRead, canReadPersonalDetails, hasPurpose, audited));
}

/**
 * A record or finding that reveals health by existing: reading any of its
 * fields needs a purpose (the row rules already hide such rows without one)
 * and is audited for its person or household.
 */
const healthRow = rule('healthRow', { cache: 'no_cache' })((parent, _args, ctx: HubContext, info) => {
  const subject = healthSubject(parent);
  if (!subject) return true;
  if (!ctx.caller?.purpose) return purposeMissing(`${info.parentType.name}.${info.fieldName}`);
  ctx.audit.note(subject, `${info.parentType.name}.${info.fieldName}`);
  return true;
});

/**
 * The key field of a row that reveals health: free for the gateway's joins
 * (without a purpose such a row is not there to join), but read with a
 * purpose it tells that the row exists (`Person.disabilityRecords { id }`),
 * so it is audited like the other fields.
 */
const healthRowKey = rule('healthRowKey', { cache: 'no_cache' })((parent, _args, ctx: HubContext, info) => {
  const subject = healthSubject(parent);
  if (subject && ctx.caller?.purpose) ctx.audit.note(subject, `${info.parentType.name}.${info.fieldName}`);
  return true;
});

/** The person, else the household, a finding or referral names. */
function namedSubject(row: Record<string, unknown>): AuditSubject | null {
  if (typeof row.personKey === 'string') return { personKey: row.personKey };
  return typeof row.householdSourceId === 'string' ? { householdSourceId: row.householdSourceId } : null;
}

/** Whose health a row reveals, or null when it reveals none. */
function healthSubject(parent: unknown): AuditSubject | null {
  const row = parent as Record<string, unknown> | null;
  if (!row) return null;
  if (typeof row.rule === 'string') return matches(FINDING_REVEALS_HEALTH, row) ? namedSubject(row) : null;
  if (typeof row.toDepartment === 'string') {
    // A referral: by its own columns, or by the finding it was opened from (loaded with it).
    const finding = row.finding as Record<string, unknown> | null | undefined;
    const reveals = matches(REFERRAL_REVEALS_HEALTH, row) || (!!finding && matches(FINDING_REVEALS_HEALTH, finding));
    return reveals ? namedSubject(row) : null;
  }
  const record = (row.record ?? row) as Record<string, unknown>;
  if (typeof record.program !== 'string' || !('needCategory' in record)) return null;
  return matches(RECORD_REVEALS_HEALTH, record) ? subjectOf(record) : null;
}

/** Types whose rows may reveal health; their key fields stay free for the gateway's joins (audited with a purpose). */
const HEALTH_ROW_TYPES = new Set([...Object.values(RECORD_TYPE_NAMES), 'Finding', 'Referral']);
const KEY_FIELDS = new Set(['id', '__typename']);

/**
 * Federation plumbing: the gateway needs `_service` to compose and `_entities`
 * to join subgraphs. `_entities` passes no Query rule, so every entity type
 * must carry its own rules.
 */
export const federationRules = { _service: allow, _entities: allow } as const;

/** A subgraph's shield: its own type rules plus the sensitivity table, deny by default. */
export function subgraphShield(rules: Record<string, ShieldRule | RuleFieldMap>) {
  return middleware((schema: GraphQLSchema) =>
    shieldMiddleware(schema, withSensitivity(rules, schema) as IRules, {
      fallbackRule: deny,
      fallbackError: () => forbidden('not allowed for this caller'),
      allowExternalErrors: true,
    }),
  );
}

/** Each field's rule, with purpose and audit added where the sensitivity table or a health row asks. */
function withSensitivity(rules: Record<string, ShieldRule | RuleFieldMap>, schema: GraphQLSchema) {
  const out: Record<string, ShieldRule | RuleFieldMap> = { ...rules };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !(type.name in rules)) continue;
    const declared = rules[type.name]!;
    const interfaces = type.getInterfaces().map((i) => i.name);
    const fieldRules: RuleFieldMap = isFieldMap(declared) ? { ...declared } : { '*': declared };
    for (const field of Object.keys(type.getFields())) {
      const own = isFieldMap(declared) ? declared[field] : undefined;
      const base = own ?? fieldRules['*'];
      if (!base) continue;
      let ruleOfField = base;
      if (sensitivityOf(type.name, field, interfaces) && !HANDLES_PURPOSE.has(base as object)) {
        ruleOfField = personalDetail(base);
      }
      if (HEALTH_ROW_TYPES.has(type.name)) ruleOfField = chain(ruleOfField, KEY_FIELDS.has(field) ? healthRowKey : healthRow);
      if (ruleOfField !== base) fieldRules[field] = ruleOfField;
    }
    out[type.name] = fieldRules;
  }
  return out;
}

export { allow, and, chain, deny, or, rule, rolesWith };
