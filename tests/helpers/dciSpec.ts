// Validation of DCI (Digital Convergence Initiative, SPDCI) API traffic against
// the OpenAPI 3.0.3 files of the standard: the Social Registry and the ID &
// Beneficiary Registry. A test hands a request body (or a callback body, which
// is a request to the callback path) or a response body with its HTTP status,
// and gets back readable problems naming the JSON path and the reason, [] when
// the body is what the file declares.
//
// The files are read-only and are never changed on disk. Their defects for
// validators are mended in memory after parsing, each one listed by patches():
//   - social: info.version is swallowed into the end of info.description;
//   - ibr: components.securitySchemas instead of securitySchemes;
//   - ibr: a Reference Object with a sibling (EnrolledRequest's query_type has
//     `description: ''` beside its $ref), which OpenAPI 3.0 ignores anyway;
//   - ibr: the `default` responses of /registry/sync/enrolled and
//     /registry/sync/enrollment/updates reference a schema where a Response
//     Object belongs (so no body would be checked at all); they become the
//     envelope every other sync response of both files has: signature, header
//     (the callback header) and message, one of that schema or an encrypted
//     message.
// The file's own validation (OpenAPI 3.0 schema) runs on the mended document
// and must pass before any body is checked.
//
// Overlapping alternatives (SPEC-NOTES, upstream issues #45 and #47): a query
// (search_criteria.query) or filter (subscribe_criteria.filter) can match more
// than one of its alternatives, e.g. an integer identifier value or predicate
// attribute_value is both `integer` and `number`, so a oneOf there fails on a
// valid body. Those errors are dropped, and query_type / filter_type choose
// which alternative's errors to report when none matches.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OpenAPIBackend, type Document, type ValidationResult } from 'openapi-backend';

export type DciRegistry = 'social' | 'ibr';

export interface DciSpec {
  /** Problems of a request body sent to `path` (e.g. '/registry/sync/search'), [] when valid. */
  requestProblems(path: string, body: unknown): string[];
  /** Problems of the response body with this HTTP status from `path` (uses the status's response, else `default`). */
  responseProblems(path: string, status: number, body: unknown): string[];
  /** Every POST path the file declares. */
  paths(): string[];
  /** What was mended in memory after loading the file, one line each. */
  patches(): string[];
}

/** Where the standard's files are: the copy in tests/fixtures/dci (as published, with its SPEC-NOTES.md); DCI_SPEC_DIR overrides. */
export const DCI_SPEC_DIR = process.env.DCI_SPEC_DIR ?? path.resolve(__dirname, '../fixtures/dci');

const FILES: Record<DciRegistry, string> = {
  social: 'social_api_v1.0.0.yaml',
  ibr: 'ibr_api_v1.0.0.yaml',
};

const cache = new Map<DciRegistry, DciSpec>();

export function dciSpec(registry: DciRegistry): DciSpec {
  let spec = cache.get(registry);
  if (!spec) {
    spec = loadSpec(registry);
    cache.set(registry, spec);
  }
  return spec;
}

type Json = Record<string, any>;
type AjvError = NonNullable<ValidationResult['errors']>[number];

const ENCRYPTED_MESSAGE_REF = '#/components/schemas/EncryptedMessage';

// ---------------------------------------------------------------- loading

function loadSpec(registry: DciRegistry): DciSpec {
  const file = path.join(DCI_SPEC_DIR, FILES[registry]);
  const document = parseYaml(fs.readFileSync(file, 'utf8')) as Json;
  const patches = mend(document);
  const operations = postOperations(document, file);
  for (const operation of operations.values()) checkEnvelopes(operation, file);

  const api = new InMemoryBackend({
    definition: document as Document,
    // quick: the document is an object, dereferenced synchronously, and
    // validators are compiled on first use; the file's own validation, which
    // quick mode skips, runs explicitly below.
    quick: true,
    strict: true,
    validate: true,
    // verbose: a oneOf / anyOf error then carries its alternatives.
    ajvOpts: { allErrors: true, verbose: true },
    customizeAjv: (ajv) => ajv.addFormat('date-time', isDateTime).addFormat('uri', isUri),
  });
  api.document = document as Document;
  try {
    api.validateDefinition();
  } catch (err) {
    throw new Error(`${file}, mended in memory (${patches.join('; ') || 'nothing'}), is still not valid OpenAPI: ${(err as Error).message}`);
  }
  const ready = api.init();
  ready.catch((err: unknown) => console.error(`${file}: openapi-backend init failed`, err));
  if (!api.initialized) throw new Error(`${file}: openapi-backend did not initialise synchronously`);

  const operationOf = (route: string): Json => {
    const operation = operations.get(route);
    if (!operation) throw new Error(`${route} is not a POST path of ${FILES[registry]} (it declares ${[...operations.keys()].join(', ')})`);
    return operation;
  };

  return {
    requestProblems(route, body) {
      const operation = operationOf(route);
      const result = api.validateRequest(
        { method: 'post', path: route, headers: { 'content-type': 'application/json' }, body: body as any },
        operation.operationId,
      );
      const errors = (result.errors ?? []).map((e) => ({
        ...e,
        instancePath: e.instancePath.replace(/^\/requestBody(?=\/|$)/, ''),
        schemaPath: e.schemaPath.replace(/^#\/properties\/requestBody(?=\/|$)/, '#'),
      }));
      return describe(reduce(errors, body));
    },
    responseProblems(route, status, body) {
      const operation = operationOf(route);
      const responses: Json = operation.responses ?? {};
      const key = [String(status), `${Math.floor(status / 100)}XX`, 'default'].find((k) => k in responses);
      if (!key) return [`status ${status}: ${route} declares no response for it and no default`];
      const response = resolveLocal(document, responses[key]);
      if (!response?.content?.['application/json']?.schema) {
        return body === undefined || body === null || body === '' ? [] : [`status ${status}: ${route} declares no JSON body for it`];
      }
      const result = api.validateResponse(body, operation.operationId, status);
      return describe(reduce(result.errors ?? [], body));
    },
    paths: () => [...operations.keys()],
    patches: () => [...patches],
  };
}

/**
 * OpenAPIBackend given the definition as an object: nothing to parse, so the
 * file parser (an ES module loaded by dynamic import) is not started, and in
 * quick mode init() completes synchronously.
 */
class InMemoryBackend extends OpenAPIBackend {
  override async loadDocument(): Promise<Document> {
    this.document = this.inputDocument as Document;
    return this.document;
  }
}

/** The POST operations of the document by path, in file order. */
function postOperations(document: Json, file: string): Map<string, Json> {
  const operations = new Map<string, Json>();
  for (const [route, item] of Object.entries<Json>(document.paths ?? {})) {
    if (!item?.post) continue;
    if (!item.post.operationId) throw new Error(`${file}: POST ${route} has no operationId`);
    operations.set(route, item.post);
  }
  return operations;
}

/**
 * Every `message` of the file is oneOf [payload, EncryptedMessage]; reduce()
 * relies on that order to choose the alternative to report.
 */
function checkEnvelopes(operation: Json, file: string): void {
  const schemas: Json[] = [operation.requestBody?.content?.['application/json']?.schema];
  for (const response of Object.values<Json>(operation.responses ?? {})) schemas.push(response?.content?.['application/json']?.schema);
  for (const schema of schemas) {
    const alternatives = schema?.properties?.message?.oneOf;
    if (alternatives && (alternatives.length !== 2 || alternatives[1]?.$ref !== ENCRYPTED_MESSAGE_REF)) {
      throw new Error(`${file}: ${operation.operationId}: message is not oneOf [payload, EncryptedMessage]`);
    }
  }
}

function resolveLocal(document: Json, node: Json | undefined): Json | undefined {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops++) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at: any, part: string) => (at == null ? undefined : at[part]), document);
  }
  return current;
}

// ---------------------------------------------------------------- mending

/** Mends the known defects of a parsed file in place; returns what was done. */
function mend(document: Json): string[] {
  const patches: string[] = [];
  const info: Json = (document.info ??= {});
  if (info.version === undefined && typeof info.description === 'string') {
    const swallowed = /\s*\bversion:\s*['"]?([\w.-]+)['"]?\s*$/.exec(info.description);
    if (swallowed) {
      info.description = info.description.slice(0, swallowed.index);
      info.version = swallowed[1];
      patches.push(`info.version ${swallowed[1]} moved out of the end of info.description`);
    }
  }

  const components: Json = (document.components ??= {});
  if (components.securitySchemas && !components.securitySchemes) {
    components.securitySchemes = components.securitySchemas;
    delete components.securitySchemas;
    patches.push('components.securitySchemas renamed securitySchemes');
  }

  for (const where of dropRefSiblings(components.schemas ?? {}, '#/components/schemas')) {
    patches.push(`sibling of $ref dropped at ${where}`);
  }

  for (const [route, item] of Object.entries<Json>(document.paths ?? {})) {
    for (const [method, operation] of Object.entries<Json>(item ?? {})) {
      for (const [status, response] of Object.entries<Json>(operation?.responses ?? {})) {
        const ref: unknown = response?.$ref;
        if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) continue;
        operation.responses[status] = syncEnvelope(ref, `${ref.split('/').pop()} (sync response)`);
        patches.push(`${method.toUpperCase()} ${route} response ${status}: schema ${ref} wrapped in a Response Object with the sync envelope`);
      }
    }
  }
  return patches;
}

/** The body of a sync response, as the file's own sync responses declare it. */
function syncEnvelope(payloadRef: string, description: string): Json {
  return {
    description,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            signature: { $ref: '#/components/schemas/MsgSignature' },
            header: { $ref: '#/components/schemas/MsgCallbackHeader_V1.0.0' },
            message: { type: 'object', oneOf: [{ $ref: payloadRef }, { $ref: ENCRYPTED_MESSAGE_REF }] },
          },
          required: ['header'],
        },
      },
    },
  };
}

/**
 * OpenAPI 3.0 ignores the siblings of $ref, and its own schema refuses them:
 * drop them from the schemas (not from example values).
 */
function dropRefSiblings(node: unknown, at: string, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((item, i) => dropRefSiblings(item, `${at}/${i}`, found));
  } else if (node && typeof node === 'object') {
    const object = node as Json;
    if (typeof object.$ref === 'string') {
      for (const key of Object.keys(object)) {
        if (key !== '$ref') {
          delete object[key];
          found.push(`${at}/${key}`);
        }
      }
      return found;
    }
    for (const [key, value] of Object.entries(object)) {
      if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
      dropRefSiblings(value, `${at}/${key}`, found);
    }
  }
  return found;
}

// ---------------------------------------------------------------- formats

/** RFC 3339 date-time, the time zone required (as the files' ISO 8601 note says). */
function isDateTime(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
  if (!match) return false;
  const [, , month, day, hour, minute, second] = match.map(Number);
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= 31 && hour! <= 23 && minute! <= 59 && second! <= 60 && !Number.isNaN(Date.parse(value));
}

function isUri(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- problems

/** A query or subscription filter, where the alternatives overlap. */
const OVERLAPPING = /\/(search_criteria\/query|subscribe_criteria\/filter)(\/|$)/;
/** The alternative of query / filter each query_type / filter_type names, in the files' order. */
const ALTERNATIVE_BY_TYPE: Record<string, number> = { expression: 0, graphql: 0, 'idtype-value': 1, predicate: 2 };

/**
 * Ajv reports every alternative of a failed oneOf / anyOf. Keep the errors of
 * the one alternative the body meant (the encrypted message or not; the query
 * shape its query_type names; else the one with the fewest errors), and drop
 * the false errors of overlapping alternatives in queries and filters.
 */
function reduce(input: AjvError[], body: unknown): AjvError[] {
  let errors = [...input];
  const isBranchOf = (e: AjvError, combinator: AjvError, i?: number) =>
    e !== combinator && e.schemaPath.startsWith(i === undefined ? `${combinator.schemaPath}/` : `${combinator.schemaPath}/${i}/`);

  // Several alternatives matched: the errors of those that did not are beside
  // the point. In a query or filter, the data is valid under each of those
  // that matched (SPEC-NOTES #45, #47): the oneOf error goes too.
  for (const combinator of errors.filter((e) => e.keyword === 'oneOf' && Array.isArray(e.params.passingSchemas))) {
    const overlapping = OVERLAPPING.test(combinator.instancePath);
    errors = errors.filter((e) => !isBranchOf(e, combinator) && !(overlapping && e === combinator));
  }

  // No alternative matched: innermost first, so that an alternative whose only
  // errors were false ones counts as matching.
  const failed = errors
    .filter((e) => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && !Array.isArray(e.params.passingSchemas))
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const combinator of failed) {
    if (!errors.includes(combinator)) continue;
    const byBranch = new Map<number, AjvError[]>();
    for (const e of errors) {
      if (!isBranchOf(e, combinator)) continue;
      const index = Number(e.schemaPath.slice(combinator.schemaPath.length + 1).split('/')[0]);
      byBranch.set(index, [...(byBranch.get(index) ?? []), e]);
    }
    const chosen = chooseBranch(combinator, body, byBranch);
    errors = errors.filter((e) => e !== combinator && !(isBranchOf(e, combinator) && chosen !== undefined && !isBranchOf(e, combinator, chosen)));
    // When no alternative can be chosen, say so besides the alternatives' errors.
    if (chosen === undefined) errors.push(combinator);
  }
  return errors;
}

function chooseBranch(combinator: AjvError, body: unknown, byBranch: Map<number, AjvError[]>): number | undefined {
  const at = combinator.instancePath;
  if (at === '/message' && combinator.schemaPath.endsWith('/properties/message/oneOf')) {
    const header = pointer(body, '/header') as Json | undefined;
    const message = pointer(body, '/message') as Json | undefined;
    const encrypted = header?.is_msg_encrypted === true || (typeof message === 'object' && message !== null && 'ciphertext' in message);
    return encrypted ? 1 : 0;
  }
  if (OVERLAPPING.test(at) && /\/(query|filter)$/.test(at)) {
    const criteria = pointer(body, at.replace(/\/[^/]+$/, '')) as Json | undefined;
    const type = at.endsWith('/query') ? criteria?.query_type : criteria?.filter_type;
    const index = typeof type === 'string' ? ALTERNATIVE_BY_TYPE[type] : undefined;
    if (index !== undefined) return index;
  }
  // An alternative left without errors (its only errors were false ones) matches.
  const alternatives = Array.isArray(combinator.schema) ? combinator.schema.length : Math.max(0, ...byBranch.keys()) + 1;
  const counts = [...Array(alternatives).keys()].map((i) => byBranch.get(i)?.length ?? 0);
  const fewest = Math.min(...counts);
  const best = counts.flatMap((count, i) => (count === fewest ? [i] : []));
  return best.length === 1 ? best[0] : undefined;
}

function pointer(value: unknown, at: string): unknown {
  if (at === '') return value;
  return at
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Json)[part] : undefined), value);
}

function describe(errors: AjvError[]): string[] {
  const lines = errors.map((e) => {
    let where = e.instancePath;
    let reason = e.message ?? e.keyword;
    if (e.keyword === 'required') where += `/${e.params.missingProperty}`;
    if (e.keyword === 'additionalProperties') where += `/${e.params.additionalProperty}`;
    if (e.keyword === 'enum') reason += ` (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
    if (e.keyword === 'oneOf' && Array.isArray(e.params.passingSchemas))
      reason += ` (alternatives ${e.params.passingSchemas.join(' and ')} both match)`;
    return `${where || '/'}: ${reason}`;
  });
  return [...new Set(lines)];
}
