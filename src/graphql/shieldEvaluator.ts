// graphql-shield's rules, evaluated without a promise per field. Shield's own
// generator wraps every field of the schema in an async middleware that
// awaits the rule and then the resolver: three promises for a field as plain
// as `Person.sex`. A page of 20 households with records is ~1,000 fields,
// and with the audit those promises took about a third of the hub's CPU on
// that query (`npm run bench:peer`, serving the guarded and the unguarded
// schema). Here the same rule objects are asked synchronously whenever their
// functions answer synchronously (every capability, purpose and audit rule
// does), and a rule that answers with a promise is awaited as shield would.
//
// The semantics are shield's (7.x): the rule cache in `ctx._shield.cache`, a
// string result as an error, a thrown rule as false, `and`/`or` evaluating
// every operand, `chain` stopping at the first non-true, `not`, the fallback
// rule and error, and external errors passed through. shieldEvaluator.spec.ts
// holds the two side by side over every combination. `race` and input rules
// go to shield's own `resolve`; the `strict` and custom caches (which need
// shield's hash function) are refused at start: no rule of the hub uses them.
import { isIntrospectionType, isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { IMiddlewareFunction } from 'graphql-middleware';
import type { chain, IRule, IRules } from 'graphql-shield';

/** A rule or a combination of rules (graphql-shield's ShieldRule, which it does not export). */
export type ShieldRule = IRule | ReturnType<typeof chain>;
/** A type's rules by field name, `*` for the rest. */
export type RuleFieldMap = Record<string, ShieldRule>;

/** A field map is a plain object literal; rules are class instances. */
export function isFieldMap(value: ShieldRule | RuleFieldMap): value is RuleFieldMap {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
type Verdict = true | false | Error;
type Answer = Verdict | Promise<Verdict>;

export interface EvaluatorOptions {
  fallbackRule: ShieldRule;
  fallbackError: (error: unknown, parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;
  allowExternalErrors: boolean;
}

interface ShieldContext {
  _shield?: { cache: Record<string, unknown> };
}

/** The parts of shield's Rule and LogicRule classes read here (not exported by the package). */
interface PlainRule {
  name: string;
  cache: unknown;
  func: (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;
}
interface Combination {
  rules: ShieldRule[];
  error?: Error;
}
interface Resolvable {
  resolve(parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo, options: unknown): Promise<Verdict>;
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | null)?.then === 'function';

/** Shield's reading of a rule function's answer. */
function verdictOf(value: unknown): Verdict {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  return value === true;
}

function evaluatePlain(rule: PlainRule, parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo): Answer {
  let value: unknown;
  try {
    if (rule.cache === 'contextual') {
      const cache = ctx._shield!.cache;
      // Shield recomputes a falsy cached answer; so does this.
      if (!cache[rule.name]) cache[rule.name] = rule.func(parent, args, ctx, info);
      value = cache[rule.name];
    } else {
      value = rule.func(parent, args, ctx, info);
    }
  } catch {
    return false;
  }
  return isPromise(value) ? value.then(verdictOf, () => false) : verdictOf(value);
}

/** What `and` (and `chain`, on what it evaluated) makes of its operands. */
function allTrue(results: Verdict[]): Verdict {
  return results.every((r) => r === true) ? true : (results.find((r) => r instanceof Error) ?? false);
}

function anyTrue(results: Verdict[]): Verdict {
  return results.some((r) => r === true) ? true : (results.find((r) => r instanceof Error) ?? false);
}

function settle(answers: Answer[], combine: (results: Verdict[]) => Verdict): Answer {
  return answers.some(isPromise) ? Promise.all(answers).then(combine) : combine(answers as Verdict[]);
}

/** `chain`: operands in order, stopping at the first that is not true. */
function evaluateChain(rules: ShieldRule[], from: number, parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo, options: unknown): Answer {
  for (let i = from; i < rules.length; i++) {
    const answer = evaluate(rules[i]!, parent, args, ctx, info, options);
    if (isPromise(answer)) {
      return answer.then((verdict) => (verdict === true ? evaluateChain(rules, i + 1, parent, args, ctx, info, options) : allTrue([verdict])));
    }
    if (answer !== true) return allTrue([answer]);
  }
  return true;
}

/** One rule's verdict for one field: synchronous when every function it asks answers synchronously. */
export function evaluate(rule: ShieldRule, parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo, options: unknown): Answer {
  const rules = (rule as unknown as Combination).rules;
  switch (rule.constructor.name) {
    case 'RuleTrue':
      return true;
    case 'RuleFalse':
      return false;
    case 'RuleAnd':
      return settle(rules.map((r) => evaluate(r, parent, args, ctx, info, options)), allTrue);
    case 'RuleOr':
      return settle(rules.map((r) => evaluate(r, parent, args, ctx, info, options)), anyTrue);
    case 'RuleChain':
      return evaluateChain(rules, 0, parent, args, ctx, info, options);
    case 'RuleNot': {
      const error = (rule as unknown as Combination).error;
      const negate = (verdict: Verdict): Verdict => (verdict === true ? (error ?? false) : true);
      const answer = evaluate(rules[0]!, parent, args, ctx, info, options);
      return isPromise(answer) ? answer.then(negate) : negate(answer);
    }
    case 'Rule':
      return evaluatePlain(rule as unknown as PlainRule, parent, args, ctx, info);
  }
  return (rule as unknown as Resolvable).resolve(parent, args, ctx, info, options).catch(() => false);
}

/**
 * The middleware of one field: its rule, then (if allowed) its resolver, as
 * shield's generator would. An allowed field stays synchronous; a refusal or
 * a resolver's error is answered through a promise, as under shield. That is
 * not only parity: graphql-js (16) completes a list's items in one pass and,
 * when an item fails synchronously on a non-null path, abandons the promises
 * of the items before it, so a later failure among those would be an
 * unhandled rejection (which ends a Node process). Errors that only ever
 * arrive through promises cannot start that.
 */
function fieldMiddleware(rule: ShieldRule, options: EvaluatorOptions): IMiddlewareFunction {
  return (resolve, parent, args, ctx: ShieldContext, info) => {
    ctx._shield ??= { cache: {} };
    const refused = (error: unknown) => (options.allowExternalErrors ? error : options.fallbackError(error, parent, args, ctx, info));
    const decide = (verdict: Verdict) => {
      if (verdict === false) return Promise.resolve(options.fallbackError(null, parent, args, ctx, info));
      if (verdict !== true) return Promise.resolve(verdict);
      try {
        const value = resolve(parent, args, ctx, info);
        return isPromise(value) ? value.catch(refused) : value;
      } catch (error) {
        return Promise.resolve(refused(error));
      }
    };
    const answer = evaluate(rule, parent, args, ctx, info, options);
    return isPromise(answer) ? answer.then(decide) : decide(answer);
  };
}

/** Every rule of a tree, combinations opened. */
function* rulesIn(rule: ShieldRule): Generator<ShieldRule> {
  yield rule;
  for (const inner of (rule as unknown as Combination).rules ?? []) yield* rulesIn(inner);
}

function checkCaches(rule: ShieldRule, where: string): void {
  for (const r of rulesIn(rule)) {
    const cache = (r as unknown as PlainRule).cache;
    if (r.constructor.name === 'Rule' && cache !== 'contextual' && cache !== 'no_cache') {
      throw new Error(`${where}: rule ${(r as unknown as PlainRule).name} has cache ${String(cache)}; only contextual and no_cache are evaluated here`);
    }
  }
}

/**
 * The middleware map of a rule tree over a schema: every field of every
 * object type gets its field rule, else its type's `*`, else the fallback
 * rule; a rule naming a type or field the schema lacks is refused at start,
 * as shield refuses it.
 */
export function shieldMiddleware(schema: GraphQLSchema, rules: IRules, options: EvaluatorOptions) {
  const tree = rules as Record<string, ShieldRule | RuleFieldMap>;
  const types = schema.getTypeMap();
  const unknownTypes = Object.keys(tree).filter((name) => !(name in types));
  if (unknownTypes.length) throw new Error(`shield rules name types the schema lacks: ${unknownTypes.join(', ')}`);
  const out: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(types)) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const declared = tree[type.name];
    const fieldMap = declared && isFieldMap(declared) ? declared : undefined;
    const fields = type.getFields();
    const unknownFields = Object.keys(fieldMap ?? {}).filter((f) => f !== '*' && !(f in fields));
    if (unknownFields.length) throw new Error(`shield rules name fields the schema lacks: ${unknownFields.map((f) => `${type.name}.${f}`).join(', ')}`);
    const typeRule = fieldMap ? (fieldMap['*'] ?? options.fallbackRule) : ((declared as ShieldRule | undefined) ?? options.fallbackRule);
    out[type.name] = Object.fromEntries(
      Object.keys(fields).map((f) => {
        const fieldRule = fieldMap?.[f] ?? typeRule;
        checkCaches(fieldRule, `${type.name}.${f}`);
        return [f, fieldMiddleware(fieldRule, options)];
      }),
    );
  }
  return out;
}
