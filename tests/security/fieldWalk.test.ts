// The field-path walk (issue 9): every field path of the composed API, to a
// bounded depth, asked by every role of ACCESS.md, in and out of the
// sentinels' county, with and without a purpose. The queries are made from
// the schema the gateway serves (introspection), not from a list of fields:
// a new type, field or root field is walked the day it appears, and a new
// argument stops the test until it is given a value (argumentTable).
//
// Depth: three entities (objects with an ID) from every root, following
// connections, edges, memberships and evidence links for free, and never
// entering a type already on the path (cycles are walked from their own
// roots). Every path to there, with every field, interface and union member.
//
// What may come back is decided by an oracle written here from ACCESS.md's
// words (not from src/access), over a world where every personal value is a
// sentinel that occurs once (fieldWalkWorld.ts): a sentinel in an answer
// proves that detail was disclosed. Each disclosure must be allowed by the
// oracle and must have left an audit entry naming its subject during that
// request.
//
// A refused or unresolved non-null field nulls its parent and hides its
// siblings, so each caller's walk is repeated, leaving out what was refused
// (by field) or came back null (by path), until nothing more is left out;
// every round's answer is checked.
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import type { Role } from '../../src/access/callers';
import { startTestHub, type TestHub } from '../helpers/hub';
import { auditedDuring } from './accessWorld';
import {
  AS_OF,
  COUNTIES,
  OTHER_CHARITY,
  WALK_CHARITY,
  seedFieldWalkWorld,
  type FieldWalkWorld,
  type FindingFact,
  type ReferralFact,
  type Sentinel,
  type Subject,
} from './fieldWalkWorld';

// ---------------------------------------------------------------------------
// The oracle: ACCESS.md as a table.
// ---------------------------------------------------------------------------

/**
 * "Name, disability, income, expense and medical details are returned only to
 * OFFICER, SYSTEM, CASEWORKER and AUDITOR in scope, and only with a purpose";
 * ADMIN reads "everything" (with a purpose, like every role). CASEWORKER reads
 * "households and persons", not records (nor expenses, which are departments'
 * reports). CHARITY reads none of it: only its own programs and grants (what it
 * wrote itself) and a masked name, which is no sentinel. Findings: OFFICER and
 * SYSTEM "that involve their department or region", CASEWORKER "gap findings
 * there", AUDITOR everything in their regions.
 */
const READS: Record<Role, { registry: boolean; records: boolean; findings: 'all' | 'gaps' | 'none' }> = {
  OFFICER: { registry: true, records: true, findings: 'all' },
  SYSTEM: { registry: true, records: true, findings: 'all' },
  CASEWORKER: { registry: true, records: false, findings: 'gaps' },
  CHARITY: { registry: false, records: false, findings: 'none' },
  AUDITOR: { registry: true, records: true, findings: 'all' },
  ADMIN: { registry: true, records: true, findings: 'all' },
};

/**
 * What reveals health by existing (ACCESS.md v2): "the list of a person's
 * disability or medical programs" and "a finding whose rule implies
 * disability, illness or medical costs (for example G3, G4, G7)"; by
 * RULES.md, D3 weighs a hospital bill's cost and D5 a disability subsidy.
 */
const HEALTH_RULES = ['D3', 'D5', 'G3', 'G4', 'G7'];
const HEALTH_PROGRAMS = [
  'MEDICAL_ASSISTANCE',
  'EDU_HOME_TEACHING', // taught at home because of a severe disability
  'DISABILITY_LIVING_SUBSIDY',
  'DISABILITY_NURSING_SUBSIDY',
  'REHABILITATION',
  'ASSISTIVE_DEVICE',
];
const revealsHealth = (finding: FindingFact) => HEALTH_RULES.includes(finding.rule);
const healthReferrals = (world: FieldWalkWorld) => world.referrals.filter((r) => r.program !== null && HEALTH_PROGRAMS.includes(r.program));

/** Referrals: the caseworkers who open them, the departments they go to, auditors, administrators (a ceiling: the code may show fewer). */
const READS_REFERRALS: readonly Role[] = ['OFFICER', 'SYSTEM', 'CASEWORKER', 'AUDITOR', 'ADMIN'];

interface WalkCaller {
  name: string;
  sub: string;
  role: Role;
  department?: string;
  org?: string;
  regions: string[];
  purpose?: string;
}

/** ADMIN has the province; everyone else their region-code prefixes. */
const inRegions = (caller: WalkCaller, code: string) => caller.role === 'ADMIN' || caller.regions.some((prefix) => code.startsWith(prefix));

/**
 * OFFICER and SYSTEM read "findings that involve their department or region"
 * (the role table): a finding of their department elsewhere, with its rule,
 * person key and evidence record ids, though not the person or the records
 * themselves. ACCESS.md's "Personal data" could be read as limiting a health-
 * revealing finding to callers in the person's regions; set this to false to
 * hold the API to that reading.
 */
const DEPARTMENT_SEES_ITS_FINDINGS_ELSEWHERE = true;

/** May the caller be told that this finding exists, with its rule and person? */
function mayKnowFinding(caller: WalkCaller, finding: FindingFact): boolean {
  const reads = READS[caller.role].findings;
  if (reads === 'none' || (reads === 'gaps' && finding.kind !== 'GAP')) return false;
  if (revealsHealth(finding) && !caller.purpose) return false;
  const inRegion = [finding.regionCode, ...finding.regionCodes].some((code) => inRegions(caller, code));
  const ofDepartment =
    (caller.role === 'OFFICER' || caller.role === 'SYSTEM') &&
    finding.departments.includes(caller.department!) &&
    (DEPARTMENT_SEES_ITS_FINDINGS_ELSEWHERE || !revealsHealth(finding));
  return inRegion || ofDepartment;
}

/** May the caller read this sentinel where it is kept? */
function mayReadSentinel(caller: WalkCaller, sentinel: Sentinel): boolean {
  // A charity is shown what it wrote itself on its own grant (ACCESS.md: "its own grants").
  if (caller.role === 'CHARITY') return sentinel.writtenBy !== undefined && sentinel.writtenBy === caller.org;
  return READS[caller.role][sentinel.source] && sentinel.counties.some((county) => inRegions(caller, county)) && Boolean(caller.purpose);
}

function mayKnowReferral(caller: WalkCaller, referral: ReferralFact): boolean {
  return READS_REFERRALS.includes(caller.role) && inRegions(caller, referral.regionCode) && Boolean(caller.purpose);
}

// ---------------------------------------------------------------------------
// The callers.
// ---------------------------------------------------------------------------

const ROLE_VARIANTS: { role: Role; department?: string; org?: string }[] = [
  { role: 'OFFICER', department: 'CIVIL_AFFAIRS' },
  { role: 'SYSTEM', department: 'HEALTHCARE_SECURITY' },
  { role: 'CASEWORKER' },
  { role: 'CHARITY', org: WALK_CHARITY },
  { role: 'CHARITY', org: OTHER_CHARITY },
  { role: 'AUDITOR' },
  { role: 'ADMIN' },
];

/**
 * Every role reads with the Chengdu city prefix (5101): in the Chengdu
 * family's county, outside the Nanchong family's, in one request. The
 * Nanchong county's officer (a county code) is there to read the Nanchong
 * sentinels (the walk must not pass by reaching nothing).
 */
const CHENGDU_CITY = ['5101'];
const NANCHONG_COUNTY = [COUNTIES.nanchong];

function callerOf(variant: { role: Role; department?: string; org?: string }, regions: string[], withPurpose: boolean): WalkCaller {
  const who = [variant.role, variant.department ?? variant.org, `regions ${regions.join(',')}`, withPurpose ? 'with purpose' : 'no purpose'].filter(Boolean);
  return {
    ...variant,
    name: who.join(' '),
    sub: `walk:${who.join(':').replace(/ /g, '-')}`,
    regions,
    ...(withPurpose ? { purpose: 'field walk: case 2026-9' } : {}),
  };
}

const CALLERS: WalkCaller[] = [
  ...ROLE_VARIANTS.flatMap((variant) => [callerOf(variant, CHENGDU_CITY, true), callerOf(variant, CHENGDU_CITY, false)]),
  callerOf(ROLE_VARIANTS[0]!, NANCHONG_COUNTY, true),
];

/** The caller that must read every sentinel of a county: its officer, with a purpose. */
const countyOfficer = (county: string) =>
  CALLERS.find((c) => c.role === 'OFFICER' && c.purpose && c.regions.some((prefix) => county.startsWith(prefix)))!;

// ---------------------------------------------------------------------------
// The walk: queries made from the introspected schema.
// ---------------------------------------------------------------------------

/**
 * How many entities deep the walk goes. An entity is an object with an
 * identity (a non-null ID field: a person, household, record, finding,
 * program...); what has none (connections, edges, household memberships, a
 * finding's evidence links, summaries) is followed for free. Three entities
 * reach, e.g., findings → evidence → record → beneficiary → name, and
 * household → members → person → records → their details.
 */
const MAX_LEVEL = 3;

/** The cost calculator gives up on an operation of 10,000 selections or more (src/server/queryCost.ts). */
const SELECTIONS_PER_OPERATION = 9_000;

interface Selection {
  text: string;
  size: number;
  parts: { text: string; size: number }[];
}

/** Top-level parts of a selection packed into groups under the bound (a part larger than the bound stays alone). */
function chunk(parts: { text: string; size: number }[]): { text: string; size: number }[] {
  const groups: { text: string; size: number }[] = [];
  for (const part of parts) {
    const last = groups[groups.length - 1];
    if (last && last.size + part.size < SELECTIONS_PER_OPERATION - 10) {
      last.text += ` ${part.text}`;
      last.size += part.size;
    } else groups.push({ ...part });
  }
  return groups;
}

type ArgValue = string | number | boolean;
const OMIT = 'omit' as const;

/**
 * A value for every argument, by `Type.field(argument)` or by `argument: Type`.
 * Root fields are asked once per value (aliases); nested fields with the first.
 * An argument found in neither form stops the walk: give it a value here.
 */
function argumentTable(world: FieldWalkWorld): Record<string, readonly ArgValue[] | typeof OMIT> {
  const { chengdu, nanchong } = world.families;
  const health = (county: string, rule: string) => world.findings.find((f) => f.rule === rule && f.regionCode === county)!.id;
  const record = (family: typeof chengdu, suffix: string) => family.recordIds.find((id) => id.endsWith(suffix))!;
  // One or two values of each family: every caller is in one family's county and outside the other's.
  return {
    'personKey: ID!': [chengdu.personKeys.head, nanchong.personKeys.head, world.cross.personKey],
    'idNumber: String!': [chengdu.idNumbers.spouse, nanchong.idNumbers.spouse],
    'sourceId: ID!': [chengdu.household, nanchong.household],
    'Query.assistanceRecord(id)': [record(chengdu, 'HS-MED'), record(chengdu, 'GRANT'), record(nanchong, 'DPF-NURSE'), record(nanchong, 'CA-DIBAO'), world.cross.recordId],
    'Query.finding(id)': [health(COUNTIES.chengdu, 'D5'), health(COUNTIES.nanchong, 'G3')],
    'Query.referral(id)': world.referrals.map((r) => r.id),
    'Query.region(code)': [COUNTIES.chengdu, COUNTIES.nanchong],
    'Query.charityProgram(code)': [chengdu.charityProgram, nanchong.charityProgram],
    'Query.standard(regionCode)': [COUNTIES.chengdu, COUNTIES.nanchong],
    'year: Int!': [2026],
    'program: StandardProgram!': ['DIBAO'],
    'area: Area!': ['URBAN'],
    'needCategory: NeedCategory!': ['MEDICAL'],
    'from: Date!': ['2026-01-01'],
    'to: Date!': [AS_OF],
    'first: Int': [50],
    'last: Int': OMIT,
    'before: String': OMIT,
    'after: String': OMIT,
    'filter: AssistanceRecordFilter': OMIT,
    'filter: FindingFilter': OMIT,
    'filter: ReferralFilter': OMIT,
    'regionCode: String': OMIT,
    'level: RegionLevel': OMIT,
    'parentCode: ID': OMIT,
    'asOf: Date': OMIT,
    'year: Int': OMIT,
    'subscriptionCode: ID': OMIT,
    'status: EventDeliveryStatus': OMIT,
  };
}

class Walk {
  /** Root alias → root field name. */
  readonly aliases = new Map<string, string>();
  readonly rootFields: string[];
  private readonly rootInvocations: { alias: string; field: GraphQLField<unknown, unknown>; args: string }[] = [];
  private readonly entities = new Map<string, boolean>();
  private readonly leading = new Map<string, boolean>();

  constructor(
    readonly schema: GraphQLSchema,
    private readonly table: Record<string, readonly ArgValue[] | typeof OMIT>,
  ) {
    const query = schema.getQueryType()!;
    this.rootFields = Object.keys(query.getFields()).filter((name) => !name.startsWith('_'));
    for (const name of this.rootFields) {
      const field = query.getFields()[name]!;
      this.argumentSets(query.name, field, 'all').forEach((args, i) => {
        const alias = `${name}_${i}`;
        this.aliases.set(alias, name);
        this.rootInvocations.push({ alias, field, args });
      });
    }
    // Every argument of every field walked has a value (or throws, naming it) before anyone asks.
    this.operations(new Set());
  }

  /** The arguments of a field as `(a: 1, b: "x")`: every combination (root) or the first values (nested). */
  private argumentSets(typeName: string, field: GraphQLField<unknown, unknown>, which: 'all' | 'first'): string[] {
    let sets: string[][] = [[]];
    for (const arg of field.args) {
      const values = this.valuesOf(typeName, field, arg);
      if (values === OMIT) continue;
      const chosen = which === 'all' ? values : values.slice(0, 1);
      sets = sets.flatMap((set) => chosen.map((value) => [...set, `${arg.name}: ${this.literal(arg, value)}`]));
    }
    return sets.map((set) => (set.length ? `(${set.join(', ')})` : ''));
  }

  private valuesOf(typeName: string, field: GraphQLField<unknown, unknown>, arg: GraphQLArgument) {
    const byField = this.table[`${typeName}.${field.name}(${arg.name})`];
    const byName = this.table[`${arg.name}: ${arg.type.toString()}`];
    const values = byField ?? byName;
    if (values === undefined) {
      throw new Error(
        `the walk has no value for argument ${typeName}.${field.name}(${arg.name}: ${arg.type}); ` +
          `add "${arg.name}: ${arg.type}" or "${typeName}.${field.name}(${arg.name})" to argumentTable (or ${OMIT} for an optional one)`,
      );
    }
    if (values === OMIT && isNonNullType(arg.type)) throw new Error(`argument ${typeName}.${field.name}(${arg.name}) is required: it needs values`);
    return values;
  }

  private literal(arg: GraphQLArgument, value: ArgValue): string {
    const named = getNamedType(arg.type);
    if (isEnumType(named) || typeof value !== 'string') return String(value);
    return JSON.stringify(value);
  }

  /** Has the type (or one of its members) an identity: a non-null ID field? */
  private isEntity(type: GraphQLNamedType): boolean {
    const known = this.entities.get(type.name);
    if (known !== undefined) return known;
    const members = isObjectType(type) ? [type] : isInterfaceType(type) || isUnionType(type) ? this.schema.getPossibleTypes(type) : [];
    const entity = members.some((t) => Object.values(t.getFields()).some((f) => isNonNullType(f.type) && getNamedType(f.type).name === 'ID'));
    this.entities.set(type.name, entity);
    return entity;
  }

  /** Can the type lead anywhere (a field of object type, on it or a member)? */
  private leadsOn(type: GraphQLCompositeType): boolean {
    const known = this.leading.get(type.name);
    if (known !== undefined) return known;
    const types = isObjectType(type) ? [type] : [...(isInterfaceType(type) ? [type] : []), ...this.schema.getPossibleTypes(type)];
    const leads = types.some((t) => Object.values(t.getFields()).some((f) => !isLeafType(getNamedType(f.type))));
    this.leading.set(type.name, leads);
    return leads;
  }

  /**
   * One small operation per non-null root field: refusing one of those nulls
   * a whole answer (and hides the other refusals), so they are asked alone
   * first, with `{ __typename }`.
   */
  probes(): { coordinate: string; operation: string }[] {
    return this.rootInvocations
      .filter(({ alias, field }) => alias === `${field.name}_0` && isNonNullType(field.type))
      .map(({ alias, field, args }) => ({
        coordinate: `${this.schema.getQueryType()!.name}.${field.name}`,
        operation: `query FieldWalkProbe { ${alias}: ${field.name}${args}${isLeafType(getNamedType(field.type)) ? '' : ' { __typename }'} }`,
      }));
  }

  /**
   * The operations of one round, leaving out the response paths in `pruned`
   * (alias.field.edges.node.field...). Each stays under the cost calculator's
   * bound of 10,000 selections (not configurable): root invocations are
   * packed together, and one too large alone is split by its top-level fields.
   */
  operations(pruned: ReadonlySet<string>): string[] {
    const pieces: { text: string; size: number }[] = [];
    for (const { alias, field, args } of this.rootInvocations) {
      if (pruned.has(alias) || pruned.has(`${this.schema.getQueryType()!.name}.${field.name}`)) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named)) {
        pieces.push({ text: `${alias}: ${field.name}${args}`, size: 1 });
        continue;
      }
      const level = this.isEntity(named) ? 1 : 0;
      const whole = this.selection(named as GraphQLCompositeType, level, alias, pruned, new Set());
      if (whole.size < SELECTIONS_PER_OPERATION) {
        pieces.push({ text: `${alias}: ${field.name}${args} ${whole.text}`, size: whole.size + 1 });
        continue;
      }
      // Too large: the same invocation several times, each with some of the top-level fields.
      for (const part of whole.parts) {
        pieces.push({ text: `${alias}: ${field.name}${args} { __typename ${part.text} }`, size: part.size + 2 });
      }
    }
    const operations: string[] = [];
    let current: string[] = [];
    let size = 0;
    const flush = () => {
      if (current.length) operations.push(`query FieldWalk { ${current.join(' ')} }`);
      current = [];
      size = 0;
    };
    for (const piece of pieces) {
      if (size + piece.size >= SELECTIONS_PER_OPERATION) flush();
      current.push(piece.text);
      size += piece.size;
    }
    flush();
    return operations;
  }

  /** A selection set as text, its number of selections, and its top-level parts (to split a large one). */
  private selection(type: GraphQLCompositeType, level: number, path: string, pruned: ReadonlySet<string>, onPath: ReadonlySet<string>): Selection {
    const parts: Selection[] = [{ text: '__typename', size: 1, parts: [] }];
    const here = new Set([...onPath, type.name]);
    if (isObjectType(type) || isInterfaceType(type)) parts.push(...this.fields(type.name, Object.values(type.getFields()), level, path, pruned, here));
    if (isInterfaceType(type) || isUnionType(type)) {
      for (const impl of this.schema.getPossibleTypes(type)) {
        const own = Object.values(impl.getFields()).filter((f) => !(isInterfaceType(type) && f.name in type.getFields()));
        const inner = this.fields(impl.name, own, level, path, pruned, new Set([...here, impl.name]));
        if (inner.length > 0) {
          parts.push({ text: `... on ${impl.name} { ${inner.map((p) => p.text).join(' ')} }`, size: 1 + inner.reduce((n, p) => n + p.size, 0), parts: [] });
        }
      }
    }
    return { text: `{ ${parts.map((p) => p.text).join(' ')} }`, size: parts.reduce((n, p) => n + p.size, 0), parts: chunk(parts.slice(1)) };
  }

  private fields(
    typeName: string,
    fields: GraphQLField<unknown, unknown>[],
    level: number,
    path: string,
    pruned: ReadonlySet<string>,
    onPath: ReadonlySet<string>,
  ): Selection[] {
    const out: Selection[] = [];
    for (const field of fields) {
      const at = `${path}.${field.name}`;
      if (field.name.startsWith('__') || pruned.has(at) || pruned.has(`${typeName}.${field.name}`)) continue;
      const args = this.argumentSets(typeName, field, 'first')[0]!;
      const named = getNamedType(field.type);
      if (isLeafType(named)) {
        out.push({ text: `${field.name}${args}`, size: 1, parts: [] });
        continue;
      }
      const next = this.isEntity(named) ? level + 1 : level;
      if (next > MAX_LEVEL || this.revisits(named as GraphQLCompositeType, onPath)) continue;
      const inner = this.selection(named as GraphQLCompositeType, next, at, pruned, onPath);
      out.push({ text: `${field.name}${args} ${inner.text}`, size: 1 + inner.size, parts: [] });
    }
    return out;
  }

  /**
   * A type already on the path (or an abstract type one of whose members is):
   * not entered again. Every type is still reached from every root and along
   * every chain of distinct types; what is left out are cycles (a person's
   * record's beneficiary's records...), walked from their own roots.
   */
  private revisits(type: GraphQLCompositeType, onPath: ReadonlySet<string>): boolean {
    if (!this.leadsOn(type)) return false;
    if (onPath.has(type.name)) return true;
    return !isObjectType(type) && this.schema.getPossibleTypes(type).some((t) => onPath.has(t.name));
  }

  /**
   * The field an error's response path names: whether it is non-null (so that
   * refusing it nulled its parent), and its coordinates (`Type.field`; for a
   * field of an abstract type, the interface's or each member's declaring it).
   */
  fieldAt(path: readonly (string | number)[]): { nonNull: boolean; composite: boolean; coordinates: string[] } {
    const names = path.filter((p): p is string => typeof p === 'string');
    const rootName = this.aliases.get(names[0]!);
    const query = this.schema.getQueryType()!;
    if (!rootName) return { nonNull: false, composite: false, coordinates: [] };
    let field: GraphQLField<unknown, unknown> | undefined = query.getFields()[rootName];
    let coordinates = [`${query.name}.${rootName}`];
    for (const name of names.slice(1)) {
      if (!field) return { nonNull: false, composite: false, coordinates: [] };
      const parent = getNamedType(field.type) as GraphQLCompositeType;
      const owners = !isUnionType(parent) && parent.getFields()[name] ? [parent] : this.schema.getPossibleTypes(parent as never).filter((t) => t.getFields()[name]);
      field = owners[0]?.getFields()[name];
      coordinates = owners.map((t) => `${t.name}.${name}`);
    }
    return {
      nonNull: field !== undefined && isNonNullType(field.type),
      composite: field !== undefined && !isLeafType(getNamedType(field.type)),
      coordinates,
    };
  }
}

// ---------------------------------------------------------------------------
// Reading an answer: where each sentinel and health fact appears.
// ---------------------------------------------------------------------------

interface Hit {
  path: string;
  what: string;
  value: unknown;
  /** Allowed for this caller by the oracle. */
  allowed: boolean;
  /** The subjects an audit entry must name (one of them); empty when none can be named (a count). */
  subjects: Subject[];
}

const PERSON_OR_HOUSEHOLD = new Set(['Person', 'Household']);

function scan(world: FieldWalkWorld, recordTypes: ReadonlySet<string>, caller: WalkCaller, body: unknown, operation: string): Hit[] {
  const hits: Hit[] = [];
  const findingById = new Map(world.findings.map((f) => [f.id, f]));

  const sentinelIn = (key: string, value: unknown): Sentinel[] =>
    world.sentinels.filter((s) =>
      s.match === 'text'
        ? typeof value === 'string' && value.includes(String(s.value))
        : s.match === 'exact'
          ? value === s.value
          : key === s.match.key && value === s.value,
    );

  const visit = (value: unknown, key: string, path: string[], ancestors: Record<string, unknown>[]) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, key, [...path, String(i)], ancestors));
      return;
    }
    if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      factsOf(object, path);
      for (const [k, v] of Object.entries(object)) visit(v, k, [...path, k], [...ancestors, object]);
      return;
    }
    for (const sentinel of sentinelIn(key, value)) {
      // A record's id listed by a finding (its `records`, its evidence's id) is as visible as the finding.
      const owner = [...ancestors].reverse().find((a) => a.__typename === 'Finding' || PERSON_OR_HOUSEHOLD.has(String(a.__typename)) || recordTypes.has(String(a.__typename)));
      const finding = owner?.__typename === 'Finding' ? findingById.get(String(owner.id)) : undefined;
      const allowed =
        sentinel.source === 'records' && finding
          ? mayKnowFinding(caller, finding) && Boolean(caller.purpose)
          : mayReadSentinel(caller, sentinel);
      hits.push({
        path: path.join('.'),
        what: `sentinel: ${sentinel.label} [${sentinel.kind}, ${sentinel.source}]`,
        value,
        allowed,
        subjects: finding ? [sentinel.subject, finding.subject] : [sentinel.subject],
      });
    }
  };

  /** Health told by structure: a finding of a health rule, a referral for a health program. */
  const factsOf = (object: Record<string, unknown>, path: string[]) => {
    // Only the API's own objects: a history snapshot (JSON) is read for its values, not its shape.
    if (typeof object.__typename !== 'string') return;
    if (typeof object.rule === 'string' && HEALTH_RULES.includes(object.rule) && object.count !== 0) {
      const candidates = world.findings.filter(
        (f) =>
          f.rule === object.rule &&
          (object.id == null || f.id === String(object.id)) &&
          (object.personKey == null || f.subject.personKey === object.personKey) &&
          (object.householdSourceId == null || f.subject.householdSourceId === object.householdSourceId),
      );
      const named = object.id != null || object.personKey != null || object.householdSourceId != null;
      hits.push({
        path: path.join('.'),
        what: `health fact: a ${object.rule} finding${named ? '' : ' (counted)'}`,
        value: named ? { id: object.id, personKey: object.personKey, householdSourceId: object.householdSourceId } : object,
        allowed: candidates.length > 0 && candidates.some((f) => mayKnowFinding(caller, f)),
        subjects: named ? candidates.map((f) => f.subject) : [],
      });
    }
    const aboutSomeone = ['personKey', 'householdSourceId', 'person', 'household'].some((k) => k in object);
    if (typeof object.program === 'string' && HEALTH_PROGRAMS.includes(object.program) && aboutSomeone && !recordTypes.has(String(object.__typename))) {
      const candidates = healthReferrals(world).filter(
        (r) => r.program === object.program && (object.id == null || r.id === String(object.id)) && (object.personKey == null || r.subject.personKey === object.personKey),
      );
      hits.push({
        path: path.join('.'),
        what: `health fact: a ${String(object.__typename)} for ${object.program}`,
        value: { id: object.id, personKey: object.personKey, householdSourceId: object.householdSourceId },
        allowed: candidates.length > 0 && candidates.some((r) => mayKnowReferral(caller, r)),
        subjects: candidates.map((r) => r.subject),
      });
    }
  };

  const { data, errors } = body as { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: unknown }[] };
  visit(data, '', [], []);
  // Error messages: a sentinel the caller did not send itself (an argument echoed back is no disclosure).
  for (const error of errors ?? []) {
    const text = JSON.stringify({ message: error.message, extensions: error.extensions });
    for (const sentinel of world.sentinels) {
      if (sentinel.match !== 'text' && sentinel.match !== 'exact') continue;
      const value = String(sentinel.value);
      if (text.includes(value) && !operation.includes(value)) {
        hits.push({
          path: `errors[${(error.path ?? []).join('.')}]`,
          what: `sentinel in an error message: ${sentinel.label}`,
          value: error.message,
          allowed: false,
          subjects: [sentinel.subject],
        });
      }
    }
  }
  return hits;
}

const names = (entry: { personKey: string | null; householdSourceId: string | null }, subject: Subject) =>
  (subject.personKey !== undefined && entry.personKey === subject.personKey) ||
  (subject.householdSourceId !== undefined && entry.householdSourceId === subject.householdSourceId);

// ---------------------------------------------------------------------------
// The test.
// ---------------------------------------------------------------------------

interface CallerResult {
  rounds: number;
  pruned: string[];
  /** Everything disclosed (allowed or not), for the non-vacuity checks. */
  seen: Hit[];
  violations: string[];
  /** Root fields that answered with a value (not null) at least once. */
  answeredRoots: Set<string>;
}

let hub: TestHub;
let world: FieldWalkWorld;
let walk: Walk;
let recordTypes: Set<string>;
const results = new Map<string, CallerResult>();

beforeAll(async () => {
  // Limits are tested elsewhere (limits.test.ts); the walk's queries are deliberately large.
  hub = await startTestHub({
    env: {
      HUB_MAX_DEPTH: '40',
      HUB_MAX_ALIASES: '1000',
      HUB_MAX_TOKENS: '10000000',
      HUB_MAX_COST: '1000000000000000',
      HUB_RATE_LIMIT_POINTS: '1000000000000000',
      HUB_RATE_LIMIT_RESTORE_PER_SECOND: '1000000000000000',
    },
  });
  world = await seedFieldWalkWorld(hub);
  await seedEventSubscription(hub, CALLERS.find((c) => c.role === 'OFFICER' && c.purpose)!);
  const admin = await hub.token({ sub: 'walk:introspection', role: 'ADMIN', purpose: 'field walk: introspection' });
  const introspection = await hub.graphql(getIntrospectionQuery(), { token: admin });
  expect(introspection.body.errors).toBeUndefined();
  const schema = buildClientSchema(introspection.body.data as unknown as IntrospectionQuery);
  const recordInterface = schema.getType('AssistanceRecord');
  if (!recordInterface || !isInterfaceType(recordInterface)) throw new Error('the API has no AssistanceRecord interface: the walk needs to know records');
  recordTypes = new Set(schema.getPossibleTypes(recordInterface).map((t) => t.name));
  walk = new Walk(schema, argumentTable(world));
});
afterAll(() => hub?.stop());

/**
 * A caller's own event subscription, ended (the dispatcher sends nothing on
 * it), with one delivery of an event about nobody: so that eventSubscriptions
 * and eventDeliveries answer some caller, and their fields are walked.
 */
async function seedEventSubscription(hub: TestHub, caller: WalkCaller) {
  const code = 'sub_field-walk';
  await hub.db.prisma.eventSubscription.create({
    data: {
      code, kind: 'ENROLLMENT_STATUS_CHANGE', format: 'WEBHOOK', callerSub: caller.sub, role: caller.role,
      department: (caller.department ?? null) as never, regions: caller.regions, org: caller.org ?? null, purpose: caller.purpose ?? null,
      filter: {}, notifyUri: 'http://127.0.0.1:9/field-walk', active: false, endedAt: new Date(),
    },
  });
  const event = await hub.db.prisma.hubEvent.create({
    data: { kind: 'ENROLLMENT_STATUS_CHANGE', subject: 'CIVIL_AFFAIRS:field-walk-event', regionCodes: [], departments: [], payload: {}, dispatchedAt: new Date() },
  });
  await hub.db.prisma.eventDelivery.create({
    data: { eventId: event.id, subscriptionCode: code, idempotencyKey: `${event.id}.${code}`, status: 'DEAD', queued: true, attempts: 1, lastError: 'field walk' },
  });
}

async function walkAs(caller: WalkCaller): Promise<CallerResult> {
  const token = await hub.token({
    sub: caller.sub,
    role: caller.role,
    regions: caller.regions,
    ...(caller.department ? { department: caller.department as never } : {}),
    ...(caller.org ? { org: caller.org } : {}),
    ...(caller.purpose ? { purpose: caller.purpose } : {}),
  });
  const result: CallerResult = { rounds: 0, pruned: [], seen: [], violations: [], answeredRoots: new Set() };
  const pruned = new Set<string>();
  for (const probe of walk.probes()) {
    const { body } = await hub.graphql(probe.operation, { token });
    if (body.errors?.some((e) => e.path?.length === 1)) pruned.add(probe.coordinate);
  }
  for (let round = 1; round <= 10; round++) {
    result.rounds = round;
    const refused = new Set<string>();
    let wiped = false;
    for (const operation of walk.operations(pruned)) {
        let response!: Awaited<ReturnType<TestHub['graphql']>>;
      const entries = (await auditedDuring(hub, async () => (response = await hub.graphql(operation, { token })))).filter((e) => e.sub === caller.sub);
      const { body, status } = response;
      wiped ||= body.data === null;
      const unplaced = (body.errors ?? []).filter((e) => !e.path);
      if (status !== 200 || unplaced.length > 0) throw new Error(`${caller.name}: the walk's query was refused as a whole (${status}): ${JSON.stringify(body.errors)}`);

      for (const [alias, value] of Object.entries(body.data ?? {})) {
        if (value !== null && !(Array.isArray(value) && value.length === 0)) result.answeredRoots.add(walk.aliases.get(alias)!);
      }
      for (const hit of scan(world, recordTypes, caller, body, operation)) {
        result.seen.push(hit);
        const where = `${caller.name}: ${hit.what} at ${hit.path} = ${JSON.stringify(hit.value)}`;
        // (A later round may show the same value again: each violation is told once.)
        const violation = !hit.allowed
          ? `LEAK ${where}`
          : hit.subjects.length > 0 && !entries.some((entry) => hit.subjects.some((subject) => names(entry, subject)))
            ? `UNAUDITED ${where} (no audit entry of this request names ${JSON.stringify(hit.subjects)})`
            : null;
        if (violation && !result.violations.includes(violation)) result.violations.push(violation);
      }
      // The gateway reports a null where the schema promises a value (an entity its subgraph did not
      // resolve for this caller, e.g. a beneficiary outside the regions) in extensions.valueCompletion.
      const completions = ((body.extensions?.valueCompletion ?? []) as typeof body.errors & object).filter((e) => e.path);
      for (const error of [...(body.errors ?? []), ...completions]) {
        // A refusal (FORBIDDEN) is the shield's answer for this caller and field: the field goes
        // wherever it appears (a refused nullable field hides nothing, but goes too, once checked,
        // to keep the later rounds small). A null where the schema promises a value depends on
        // the row (an entity not resolved for this caller, e.g. a beneficiary outside the regions):
        // the object field holding it goes, on that path only, when it is non-null (a nullable one
        // is simply null, which hides nothing else).
        const names = error.path!.filter((p): p is string => typeof p === 'string');
        const pathOf = (n: string[]) => (n.length === 1 ? n[0]! : n.join('.'));
        let nonNull: boolean;
        let targets: string[];
        if (error.extensions?.code === 'FORBIDDEN') {
          const field = walk.fieldAt(error.path!);
          nonNull = field.nonNull;
          targets = field.coordinates;
        } else {
          const holder = walk.fieldAt(error.path!).composite || names.length === 1 ? names : names.slice(0, -1);
          nonNull = walk.fieldAt(holder).nonNull;
          targets = nonNull ? [pathOf(holder)] : [];
        }
        let fresh = targets.filter((p) => !pruned.has(p));
        if (nonNull && targets.length > 0 && fresh.length === 0 && names.length > 1) {
          // Left out already, yet refused: the gateway asks for it itself (an entity's key), so the field holding it goes.
          fresh = [pathOf(names.slice(0, -1))].filter((p) => !pruned.has(p));
        }
        fresh.forEach((p) => refused.add(p));
      }
    }
    // Until a round leaves nothing more out: the gateway tells of a null it had to propagate
    // (extensions.valueCompletion) only in an answer without errors, so a round that drops
    // refused fields is followed by one that may show what they hid.
    if (refused.size === 0) {
      if (wiped) throw new Error(`${caller.name}: an answer of the walk is still data: null with nothing more to leave out; the walk cannot see into it`);
      break;
    }
    refused.forEach((p) => pruned.add(p));
    if (round === 10) throw new Error(`${caller.name}: the walk did not settle in 10 rounds; still refused: ${[...refused].join(', ')}`);
  }
  result.pruned = [...pruned].sort();
  return result;
}

describe('the field-path walk', () => {
  test.each(CALLERS.map((c) => [c.name, c] as const))(
    '%s: no personal or health-revealing value comes back beyond what ACCESS.md allows, and none without an audit entry',
    async (_name, caller) => {
      const result = await walkAs(caller);
      results.set(caller.name, result);
      expect(result.violations).toEqual([]);
    },
  );

  test('every root field of the API is walked and answers some caller', () => {
    const answered = new Set([...results.values()].flatMap((r) => [...r.answeredRoots]));
    expect(walk.rootFields.filter((name) => !answered.has(name))).toEqual([]);
  });

  test('not vacuous: each county\'s officer with a purpose reads every sentinel of the county, and every health finding there', () => {
    const missing: string[] = [];
    for (const sentinel of world.sentinels) {
      const officer = countyOfficer(sentinel.counties[0]!);
      if (!results.get(officer.name)?.seen.some((hit) => hit.what.startsWith(`sentinel: ${sentinel.label} `))) missing.push(`${officer.name} never read ${sentinel.label}`);
    }
    for (const finding of world.findings.filter(revealsHealth)) {
      const officer = countyOfficer(finding.regionCode);
      const seen = results.get(officer.name)?.seen.some((hit) => hit.what === `health fact: a ${finding.rule} finding` && (hit.value as { id?: string }).id === finding.id);
      if (!seen) missing.push(`${officer.name} never read the ${finding.rule} finding ${finding.id}`);
    }
    expect(missing).toEqual([]);
  });

  test('not vacuous: the charity reads what it wrote on its own grants, another charity does not', () => {
    const own = results.get(CALLERS.find((c) => c.org === WALK_CHARITY && c.purpose)!.name)!;
    const other = results.get(CALLERS.find((c) => c.org === OTHER_CHARITY && c.purpose)!.name)!;
    for (const sentinel of world.sentinels.filter((s) => s.writtenBy === WALK_CHARITY)) {
      expect(own.seen.some((hit) => hit.what.startsWith(`sentinel: ${sentinel.label} `))).toBe(true);
      expect(other.seen.some((hit) => hit.what.startsWith(`sentinel: ${sentinel.label} `))).toBe(false);
    }
  });

  test('not vacuous: every health referral is read by some caller', () => {
    const all = [...results.values()].flatMap((r) => r.seen);
    expect(healthReferrals(world).length).toBeGreaterThan(0);
    for (const referral of healthReferrals(world)) {
      expect(all.some((hit) => hit.what.startsWith('health fact: a Referral') && (hit.value as { id?: string }).id === referral.id)).toBe(true);
    }
  });
});
