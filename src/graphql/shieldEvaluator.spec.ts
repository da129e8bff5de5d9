// The synchronous evaluator gives every field the answer graphql-shield's own
// generator gives: the same data, the same errors, the same rule functions
// called for each field (in the same order), the same cache use.
import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { applyMiddleware, middleware } from 'graphql-middleware';
import { allow, and, chain, deny, not, or, race, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { shieldMiddleware, type EvaluatorOptions } from './shieldEvaluator';

/** Per field, the uncached rules it called in order; per cached rule, how often it ran in the request. */
type Calls = Map<string, string[]>;
interface Ctx {
  calls: Calls;
  _shield?: unknown;
}

/** A rule that records each call under the field it guards, then answers `answer`. */
function leaf(name: string, answer: () => unknown, cache: 'no_cache' | 'contextual' | 'strict' = 'no_cache') {
  return rule(name, { cache })((_parent, _args, ctx: Ctx, info: GraphQLResolveInfo) => {
    // A cached rule runs once for whichever field asks first; the order of
    // fields differs (shield awaits each, the evaluator goes depth first), so
    // cached rules are counted per request, not per field.
    const key = cache === 'contextual' ? `cached ${name}` : `${info.parentType.name}.${info.fieldName}`;
    ctx.calls.set(key, [...(ctx.calls.get(key) ?? []), name]);
    return answer() as boolean | string | Error | Promise<boolean>;
  });
}

const yes = leaf('yes', () => true);
const no = leaf('no', () => false);
const custom = leaf('custom', () => new Error('custom refusal'));
const text = leaf('text', () => 'refused in words');
const throws = leaf('throws', () => {
  throw new Error('rule crashed');
});
const later = leaf('later', () => Promise.resolve(true));
const laterNo = leaf('laterNo', () => Promise.resolve(false));
const rejects = leaf('rejects', () => Promise.reject(new Error('rule rejected')));
const cachedYes = leaf('cachedYes', () => true, 'contextual');
const cachedNo = leaf('cachedNo', () => false, 'contextual');

/** Every field is a case: the rule it is guarded by. */
const CASES = {
  yes,
  no,
  custom,
  text,
  throws,
  later,
  laterNo,
  rejects,
  allow,
  deny,
  andYes: and(yes, later, cachedYes),
  andNo: and(no, yes, custom),
  andCustom: and(yes, custom, laterNo),
  orYes: or(no, later, yes),
  orNo: or(no, laterNo, custom),
  orErrorOnly: or(throws, text),
  chainYes: chain(yes, cachedYes, later),
  chainStops: chain(yes, no, yes),
  chainStopsLate: chain(later, custom, yes),
  chainAsyncNo: chain(yes, laterNo, yes),
  notNo: not(no),
  notYes: not(yes),
  notYesError: not(yes, new Error('negated')),
  notCustom: not(custom),
  nested: chain(or(no, and(yes, later)), not(cachedNo), cachedYes),
  raced: race(no, later, yes),
};

const typeDefs = `
  type Query { cases: Cases! other: Other! wild: Wild! unruled: String }
  type Cases { ${Object.keys(CASES)
    .map((c) => `${c}: String`)
    .join(' ')} throwing: String rejecting: String }
  type Other { a: String b: String }
  type Wild { a: String b: String }
`;

/** Resolved by graphql's default resolver, which calls a source's function-valued properties. */
const cases = {
  ...Object.fromEntries(Object.keys(CASES).map((c) => [c, () => `value of ${c}`])),
  throwing: () => {
    throw new Error('resolver crashed');
  },
  rejecting: () => Promise.reject(new Error('resolver rejected')),
};
const rootValue = { cases, other: { a: 'a', b: 'b' }, wild: { a: 'a', b: 'b' }, unruled: 'x' };

const RULES = {
  Query: { cases: allow, other: yes, wild: cachedYes },
  Cases: { ...CASES, throwing: yes, rejecting: later },
  // Other has no rules: the fallback applies. Wild has a type-wide rule and one field's own.
  Wild: { '*': cachedYes, b: no },
} as unknown as IRules;

const OPTIONS: EvaluatorOptions = {
  fallbackRule: deny,
  fallbackError: () => new Error('not allowed for this caller'),
  allowExternalErrors: true,
};

const QUERY = `{ unruled cases { ${Object.keys(CASES).join(' ')} throwing rejecting } other { a b } wild { a b } }`;

async function run(kind: 'shield' | 'evaluator') {
  const bare = buildSchema(typeDefs);
  const guarded =
    kind === 'shield'
      ? applyMiddleware(bare, shield(RULES, OPTIONS as never))
      : applyMiddleware(bare, middleware((schema) => shieldMiddleware(schema, RULES, OPTIONS)));
  const ctx: Ctx = { calls: new Map() };
  const result = await execute({ schema: guarded, document: parse(QUERY), contextValue: ctx, rootValue });
  const errors = (result.errors ?? []).map((e) => `${e.path?.join('.')}: ${e.message}`).sort();
  return { data: result.data, errors, calls: Object.fromEntries([...ctx.calls].sort(([a], [b]) => a.localeCompare(b))) };
}

test('every rule combination answers as graphql-shield answers it: data, errors, calls and cache use', async () => {
  const [byShield, byEvaluator] = await Promise.all([run('shield'), run('evaluator')]);
  expect(byEvaluator).toEqual(byShield);
  // The comparison is not empty: allowed, refused and cached fields are all there.
  expect(byShield.data).toMatchObject({ cases: { yes: 'value of yes', no: null, chainYes: 'value of chainYes' }, other: { a: null } });
  expect(byShield.errors).toContain('cases.custom: custom refusal');
  expect(byShield.errors).toContain('cases.throwing: resolver crashed');
  expect(byShield.calls['Cases.chainStops']).toEqual(['yes', 'no']);
  expect(byShield.calls['cached cachedYes']).toEqual(['cachedYes']);
});

test('a rule answering synchronously leaves the field synchronous (no promise per field)', () => {
  const bare = buildSchema('type Query { a: String }');
  const guarded = applyMiddleware(bare, middleware((schema) => shieldMiddleware(schema, { Query: { a: chain(yes, cachedYes) } } as unknown as IRules, OPTIONS)));
  const result = execute({ schema: guarded, document: parse('{ a }'), contextValue: { calls: new Map() }, rootValue: { a: 'a' } });
  expect(result).toEqual({ data: { a: 'a' } });
});

test('rules naming a type or field the schema lacks are refused at start, as shield refuses them', () => {
  const bare = buildSchema('type Query { a: String }');
  expect(() => shieldMiddleware(bare, { Nope: allow } as unknown as IRules, OPTIONS)).toThrow(/types the schema lacks: Nope/);
  expect(() => shieldMiddleware(bare, { Query: { b: allow } } as unknown as IRules, OPTIONS)).toThrow(/fields the schema lacks: Query.b/);
});

test('a rule with a cache the evaluator does not keep (strict) is refused at start, not evaluated differently', () => {
  const bare = buildSchema('type Query { a: String }');
  const strict = leaf('strict', () => true, 'strict');
  expect(() => shieldMiddleware(bare, { Query: { a: and(yes, strict) } } as unknown as IRules, OPTIONS)).toThrow(/Query.a: rule strict has cache strict/);
});

test('a refusal in one item of a non-null list while another item is still pending leaves no unhandled rejection', async () => {
  // Item 0 fails later (its resolver rejects), item 1 is refused at once: graphql-js abandons
  // item 0's promise when item 1 throws synchronously, so a refusal must not throw synchronously.
  const bare = buildSchema('type Query { items: [Item!]! } type Item { a: String! }');
  const guarded = applyMiddleware(
    bare,
    middleware((schema) => shieldMiddleware(schema, { Query: allow, Item: { a: rule('odd', { cache: 'no_cache' })((item: { n: number }) => item.n === 0) } } as unknown as IRules, OPTIONS)),
  );
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const rootValue = { items: [{ n: 0, a: () => Promise.reject(new Error('later failure')) }, { n: 1, a: 'refused' }] };
    const result = await execute({ schema: guarded, document: parse('{ items { a } }'), rootValue, contextValue: {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.message).sort()).toEqual(['not allowed for this caller']);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  expect(unhandled).toEqual([]);
});
