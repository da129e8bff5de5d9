// A DCI SearchRequest answered by the hub's own GraphQL API, asked as the
// caller: the same access policy, purpose check, cost budget and audit log as
// any GraphQL request, and no second set of rules. Each search_request item
// becomes a few conditions (idtype-value, expression and predicate queries
// alike), the conditions one GraphQL operation, its answer reg_records.
import { z } from 'zod';
import { DciFailure, describe, now } from './envelope';
import { group, HOUSEHOLD_FIELDS, PERSON_FIELDS, REG_TYPE, srPerson, type HouseholdAnswer, type PersonAnswer } from './records';

export interface GraphqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{
    message: string;
    extensions?: Record<string, unknown>;
  }>;
}

/** Runs one GraphQL operation against the hub's graph as the DCI caller. */
export type Ask = (query: string, variables: Record<string, unknown>) => Promise<GraphqlAnswer>;

/** The largest page a search answers (the GraphQL connections' own limit). */
export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;
/** How deep into a listing page_number may reach: each page before it is walked (cursors only). */
const MAX_REACH = 10_000;

type Operator = 'eq' | 'lt' | 'le' | 'gt' | 'ge' | 'in';
interface Condition {
  attribute: string;
  operator: Operator;
  value: unknown;
}

const searchItem = z.object({
  reference_id: z.string().min(1).max(99),
  timestamp: z.iso.datetime({ offset: true }),
  search_criteria: z.object({
    version: z.string().optional(),
    reg_type: z.string().optional(),
    reg_record_type: z.string().optional(),
    query_type: z.enum(['idtype-value', 'expression', 'predicate']),
    response_entity: z.enum(['Group', 'Member']).optional(),
    query: z.unknown(),
    sort: z
      .array(
        z.object({
          attribute_name: z.string(),
          sort_order: z.enum(['asc', 'desc']).optional(),
        }),
      )
      .optional(),
    pagination: z
      .object({
        page_size: z.coerce.number().int(),
        page_number: z.coerce.number().int().optional(),
      })
      .optional(),
    consent: z.unknown().optional(),
    authorize: z.unknown().optional(),
  }),
  locale: z.string().optional(),
});
type SearchItem = z.infer<typeof searchItem>;

export const searchMessage = z.object({
  transaction_id: z.string().min(1).max(99),
  search_request: z.array(z.unknown()).min(1),
});

/** Why an item is rejected: a SearchStatusReasonCode and a message naming the field. */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ItemResponse {
  reference_id: string;
  timestamp: string;
  status: 'succ' | 'rjct';
  status_reason_code?: string;
  status_reason_message?: string;
  data?: {
    version: string;
    reg_type: string;
    reg_record_type: string;
    reg_records: unknown[];
  };
  pagination?: { page_size: number; page_number: number; total_count: number };
  locale?: string;
}

/** Answers the items of a SearchRequest in order; a refusal of the whole request (403, 429, 503) is thrown as a DciFailure. */
export async function answerSearch(items: unknown[], ask: Ask): Promise<ItemResponse[]> {
  const seen = new Set<string>();
  const answers: ItemResponse[] = [];
  for (const [index, raw] of items.entries()) {
    const referenceId = (raw as { reference_id?: unknown })?.reference_id;
    const reference = typeof referenceId === 'string' ? referenceId : `item-${index + 1}`;
    try {
      if (seen.has(reference)) throw new Rejection('rjct.reference_id.duplicate', `search_request[${index}].reference_id: used twice in one request`);
      seen.add(reference);
      answers.push(await answerItem(parseItem(raw, index), ask));
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      answers.push({
        reference_id: reference,
        timestamp: now(),
        status: 'rjct',
        status_reason_code: error.code,
        status_reason_message: error.message,
      });
    }
  }
  return answers;
}

function parseItem(raw: unknown, index: number): SearchItem {
  const parsed = searchItem.safeParse(raw);
  if (parsed.success) return parsed.data;
  const field = String(parsed.error.issues[0]!.path[0] ?? '');
  const code =
    field === 'reference_id' ? 'rjct.reference_id.invalid' : field === 'timestamp' ? 'rjct.timestamp.invalid' : 'rjct.search_criteria.invalid';
  throw new Rejection(code, describe(`search_request[${index}]`, parsed.error));
}

async function answerItem(item: SearchItem, ask: Ask): Promise<ItemResponse> {
  const criteria = item.search_criteria;
  const conditions = conditionsOf(criteria.query_type, criteria.query);
  const page = pageOf(criteria.pagination);
  const found = await find(conditions, criteria.response_entity, criteria.sort ?? [], page, ask);
  return {
    reference_id: item.reference_id,
    timestamp: now(),
    status: 'succ',
    data: {
      version: '1.0.0',
      reg_type: REG_TYPE,
      reg_record_type: found.recordType,
      reg_records: found.records,
    },
    pagination: {
      page_size: page.size,
      page_number: page.number,
      total_count: found.total,
    },
    ...(item.locale ? { locale: item.locale } : {}),
  };
}

/** The conditions of a query, whichever of the three forms it is sent in. */
export function conditionsOf(queryType: SearchItem['search_criteria']['query_type'], query: unknown): Condition[] {
  const conditions = queryType === 'idtype-value' ? idTypeValue(query) : queryType === 'predicate' ? predicate(query) : expression(query);
  if (conditions.length === 0) throw new Rejection('rjct.search_criteria.invalid', 'search_criteria.query: no condition');
  return conditions;
}

function idTypeValue(query: unknown): Condition[] {
  const parsed = z
    .object({
      type: z.string().min(1),
      value: z.union([z.string(), z.number()]),
    })
    .safeParse(query);
  if (!parsed.success) throw new Rejection('rjct.search_criteria.invalid', describe('search_criteria.query', parsed.error));
  return [{ attribute: parsed.data.type, operator: 'eq', value: parsed.data.value }];
}

const operator = z.enum(['gt', 'lt', 'eq', 'ge', 'le', 'in']);
const predicateExpression = z.object({
  attribute_name: z.string().min(1),
  operator,
  attribute_value: z.unknown(),
});
const predicateItem = z.object({
  seq_num: z.number().optional(),
  expression1: predicateExpression,
  condition: z.enum(['and', 'or', 'not']).optional(),
  expression2: predicateExpression.optional(),
});

function predicate(query: unknown): Condition[] {
  const parsed = z.array(predicateItem).safeParse(query);
  if (!parsed.success) throw new Rejection('rjct.search_criteria.invalid', describe('search_criteria.query', parsed.error));
  return parsed.data.flatMap((item) => {
    if (item.condition && item.condition !== 'and') {
      throw new Rejection('rjct.search_criteria.invalid', `search_criteria.query: condition "${item.condition}" is not supported, only "and"`);
    }
    return [item.expression1, ...(item.expression2 ? [item.expression2] : [])].map(({ attribute_name, operator, attribute_value }) => ({
      attribute: attribute_name,
      operator,
      value: attribute_value,
    }));
  });
}

const MONGO_OPERATORS: Record<string, Operator> = {
  $eq: 'eq',
  $lt: 'lt',
  $lte: 'le',
  $gt: 'gt',
  $gte: 'ge',
  $in: 'in',
};

/** `{ type, value: { expression: { collection, query: { $and: [ { attr: { $op: v } } ] } } } }`, or the query object alone. */
function expression(query: unknown): Condition[] {
  const value = (query as { value?: { expression?: { query?: unknown } } })?.value;
  const inner = value?.expression?.query ?? (query as { query?: unknown })?.query ?? query;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
    throw new Rejection('rjct.search_criteria.invalid', 'search_criteria.query.value.expression.query: must be an object of conditions');
  }
  const parts = '$and' in inner ? (inner as { $and: unknown }).$and : [inner];
  if (!Array.isArray(parts)) throw new Rejection('rjct.search_criteria.invalid', 'search_criteria.query: $and must be a list');
  return parts.flatMap((part) =>
    Object.entries(part as Record<string, unknown>).flatMap(([attribute, test]) => {
      if (attribute.startsWith('$'))
        throw new Rejection('rjct.search_criteria.invalid', `search_criteria.query: ${attribute} is not supported, only $and`);
      if (test === null || typeof test !== 'object' || Array.isArray(test)) return [{ attribute, operator: 'eq' as const, value: test }];
      return Object.entries(test).map(([op, v]) => {
        const mapped = MONGO_OPERATORS[op];
        if (!mapped) throw new Rejection('rjct.search_criteria.invalid', `search_criteria.query.${attribute}: operator ${op} is not supported`);
        return { attribute, operator: mapped, value: v };
      });
    }),
  );
}

interface Page {
  size: number;
  number: number;
}

function pageOf(pagination: { page_size: number; page_number?: number } | undefined): Page {
  const size = pagination?.page_size ?? DEFAULT_PAGE_SIZE;
  const number = pagination?.page_number ?? 1;
  if (size < 1 || size > MAX_PAGE_SIZE) throw new Rejection('rjct.pagination.invalid', `pagination.page_size: from 1 to ${MAX_PAGE_SIZE}`);
  if (number < 1) throw new Rejection('rjct.pagination.invalid', 'pagination.page_number: from 1 (pages count from 1)');
  if (size * number > MAX_REACH) throw new Rejection('rjct.pagination.invalid', `pagination: page_size × page_number at most ${MAX_REACH}`);
  return { size, number };
}

/** What a condition's attribute names, by the names senders use. */
const ATTRIBUTES: Record<string, 'idNumber' | 'personKey' | 'householdId' | 'region'> = {
  uin: 'idNumber',
  national_id: 'idNumber',
  nationalid: 'idNumber',
  id_number: 'idNumber',
  resident_id: 'idNumber',
  person_key: 'personKey',
  personkey: 'personKey',
  household_id: 'householdId',
  group_id: 'householdId',
  group_identifier: 'householdId',
  location: 'region',
  region: 'region',
  region_code: 'region',
};
const SEARCHABLE =
  'UIN or NATIONAL_ID (a resident ID number), PERSON_KEY, HOUSEHOLD_ID, each eq alone; location (a region code or prefix) eq, for groups';

interface Found {
  recordType: string;
  records: unknown[];
  total: number;
}

async function find(
  conditions: Condition[],
  entity: 'Group' | 'Member' | undefined,
  sort: Array<{ attribute_name: string }>,
  page: Page,
  ask: Ask,
): Promise<Found> {
  const named = conditions.map((c) => ({
    ...c,
    name: ATTRIBUTES[c.attribute.toLowerCase()],
  }));
  const unknown = named.find((c) => !c.name || c.operator !== 'eq');
  if (unknown) {
    throw new Rejection(
      'rjct.search_criteria.invalid',
      `search_criteria.query: "${unknown.attribute}" ${unknown.operator} is not searchable here; searchable: ${SEARCHABLE}`,
    );
  }
  const badSort = sort.find((s) => !['household_id', 'group_id'].includes(s.attribute_name.toLowerCase()));
  if (badSort)
    throw new Rejection(
      'rjct.sort.invalid',
      `sort.attribute_name: "${badSort.attribute_name}" cannot be sorted on; groups come in household_id order`,
    );
  const [only] = named;
  if (named.length === 1 && only!.name !== 'region') return one(only!.name!, String(only!.value), ask);
  if (named.every((c) => c.name === 'region') && entity !== 'Member') {
    return households(
      named.map((c) => String(c.value)),
      page,
      ask,
    );
  }
  throw new Rejection(
    'rjct.search_criteria.invalid',
    `search_criteria.query: this combination of conditions is not searchable; searchable: ${SEARCHABLE}`,
  );
}

const ONE = {
  idNumber: {
    query: `query DciPersonByIdNumber($value: String!) { found: personByIdNumber(idNumber: $value) { ${PERSON_FIELDS} } }`,
    recordType: 'SRPerson',
  },
  personKey: {
    query: `query DciPerson($value: ID!) { found: person(personKey: $value) { ${PERSON_FIELDS} } }`,
    recordType: 'SRPerson',
  },
  householdId: {
    query: `query DciHousehold($value: ID!) { found: household(sourceId: $value) { ${HOUSEHOLD_FIELDS} } }`,
    recordType: 'Group',
  },
} as const;

async function one(name: keyof typeof ONE, value: string, ask: Ask): Promise<Found> {
  const { query, recordType } = ONE[name];
  const data = answered(await ask(query, { value }));
  const found = data.found as PersonAnswer | HouseholdAnswer | null;
  if (!found) return { recordType, records: [], total: 0 };
  return {
    recordType,
    records: [recordType === 'Group' ? group(found as HouseholdAnswer) : srPerson(found as PersonAnswer)],
    total: 1,
  };
}

const HOUSEHOLD_PAGE = `query DciHouseholds($region: String, $first: Int!, $after: String) {
  page: households(regionCode: $region, first: $first, after: $after) { totalCount edges { node { ${HOUSEHOLD_FIELDS} } } }
}`;
const HOUSEHOLD_CURSORS = `query DciHouseholdCursors($region: String, $first: Int!, $after: String) {
  page: households(regionCode: $region, first: $first, after: $after) { pageInfo { endCursor hasNextPage } }
}`;

/** One page of the households under a region: the pages before it are walked by cursor alone (no personal detail read). */
async function households(regions: string[], page: Page, ask: Ask): Promise<Found> {
  const region = regions.reduce((a, b) => (a.length >= b.length ? a : b));
  if (regions.some((r) => !region.startsWith(r))) return { recordType: 'Group', records: [], total: 0 };
  let after: string | null = null;
  for (let skipped = 1; skipped < page.number; skipped++) {
    const data = answered(await ask(HOUSEHOLD_CURSORS, { region, first: page.size, after }));
    const info = (
      data.page as {
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      }
    ).pageInfo;
    if (!info.hasNextPage || !info.endCursor)
      return {
        recordType: 'Group',
        records: [],
        total: await householdCount(region, ask),
      };
    after = info.endCursor;
  }
  const data = answered(await ask(HOUSEHOLD_PAGE, { region, first: page.size, after }));
  const found = data.page as {
    totalCount: number;
    edges: Array<{ node: HouseholdAnswer }>;
  };
  return {
    recordType: 'Group',
    records: found.edges.map(({ node }) => group(node)),
    total: found.totalCount,
  };
}

async function householdCount(region: string, ask: Ask): Promise<number> {
  const data = answered(
    await ask('query DciHouseholdCount($region: String) { page: households(regionCode: $region, first: 1) { totalCount } }', { region }),
  );
  return (data.page as { totalCount: number }).totalCount;
}

/**
 * The data of an answer, or why not: the caller refused (403, 401, 429) or the
 * hub unable to answer (503) fails the whole request, as GraphQL would; a value
 * the API found invalid rejects the item.
 */
export function answered(answer: GraphqlAnswer): Record<string, unknown> {
  const error = answer.errors?.find((e) => !withheldField(e, answer));
  if (error) {
    const code = String(error.extensions?.code ?? '');
    if (code === 'BAD_USER_INPUT') throw new Rejection('rjct.search_criteria.invalid', `search_criteria.query: ${error.message}`);
    if (code === 'UNAUTHENTICATED') throw new DciFailure('err.request.unauthorized', error.message, 401);
    if (code === 'FORBIDDEN') throw new DciFailure('err.request.forbidden', error.message, 403);
    if (code === 'RATE_LIMITED' || code === 'MAX_COST_EXCEEDED') throw new DciFailure('err.request.too_many_requests', error.message, 429);
    throw new DciFailure('err.service.unavailable', `${code || 'error'}: ${error.message}`, 503);
  }
  if (!answer.data) throw new DciFailure('err.service.unavailable', 'the graph gave no answer', 503);
  return answer.data;
}

/**
 * A field the policy withholds inside a found person (a name without a
 * purpose): the field is null and the record is answered without it, as
 * GraphQL answers it. A refused root field refuses the search.
 */
function withheldField(error: { extensions?: Record<string, unknown>; path?: ReadonlyArray<string | number> }, answer: GraphqlAnswer): boolean {
  return error.extensions?.code === 'FORBIDDEN' && (error.path?.length ?? 0) > 1 && answer.data != null;
}
