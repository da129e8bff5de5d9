// schema/ holds the printed SDL of every subgraph, the supergraph and the API
// baseline; it must match the code, and the API may only break with an
// acknowledgement.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  API_BASELINE,
  BREAKING_LOG,
  BreakingChangeError,
  SCHEMA_DIR,
  breakingChangesFromBaseline,
  currentApiSchema,
  schemaFiles,
  writeSchemaFiles,
} from '../../src/gateway/schemaFiles';

const expected = schemaFiles();

test.each([...expected.keys()])('schema/%s matches the code (run `npm run schema:print` after a schema change)', (name) => {
  const committed = fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8');
  expect(committed).toBe(expected.get(name));
});

test('schema/ holds no generated file that the code no longer produces', () => {
  const onDisk = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.graphql') && f !== API_BASELINE).sort();
  expect(onDisk).toEqual([...expected.keys()].sort());
});

test('the committed API baseline is the API the code serves, with no unacknowledged breaking change', () => {
  expect(breakingChangesFromBaseline()).toEqual([]);
  expect(fs.readFileSync(path.join(SCHEMA_DIR, API_BASELINE), 'utf8')).toBe(currentApiSchema());
});

test('the supergraph composes every subgraph and joins entities by their keys', () => {
  const supergraph = expected.get('supergraph.graphql')!;
  expect(supergraph).toMatch(/join__graph\(name: "registry"/);
  expect(supergraph).toMatch(/type Person\s+(@join__type\([^)]*\)\s+)*@join__type\(graph: REGISTRY, key: "personKey"\)/);
  expect(supergraph).toMatch(/type Household\s+(@join__type\([^)]*\)\s+)*@join__type\(graph: REGISTRY, key: "sourceId"\)/);
  // Every department subgraph extends Person with its own records.
  for (const graph of ['CIVIL_AFFAIRS', 'EDUCATION', 'HOUSING', 'HEALTHCARE_SECURITY', 'HUMAN_RESOURCES', 'DISABLED_PERSONS_FEDERATION', 'CHARITY']) {
    expect(supergraph).toMatch(new RegExp(`type Person\\s+(@join__type\\([^)]*\\)\\s+)*@join__type\\(graph: ${graph}, key: "personKey"`));
  }
});

describe('a breaking change', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
    // A baseline with a field the code does not serve: to the code, that field was removed.
    const baseline = currentApiSchema().replace(/type Query \{/, 'type Query {\n  removedField: String');
    fs.writeFileSync(path.join(dir, API_BASELINE), baseline);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('is refused without an acknowledgement, and nothing is written', () => {
    expect(breakingChangesFromBaseline(dir).map((c) => c.description)).toEqual(['Query.removedField was removed.']);
    expect(() => writeSchemaFiles({}, dir)).toThrow(BreakingChangeError);
    expect(fs.existsSync(path.join(dir, 'supergraph.graphql'))).toBe(false);
  });

  test('is written with an acknowledgement, which is logged with the change', () => {
    writeSchemaFiles({ acceptBreaking: 'field retired after all departments moved off it' }, dir);
    expect(fs.readFileSync(path.join(dir, API_BASELINE), 'utf8')).toBe(currentApiSchema());
    const log = fs.readFileSync(path.join(dir, BREAKING_LOG), 'utf8');
    expect(log).toContain('field retired after all departments moved off it');
    expect(log).toContain('- Query.removedField was removed.');
  });
});
