// schema/ holds the printed SDL of every subgraph and the supergraph; it must match the code.
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_DIR, schemaFiles } from '../../src/gateway/schemaFiles';

const expected = schemaFiles();

test.each([...expected.keys()])('schema/%s matches the code (run `npm run schema:print` after a schema change)', (name) => {
  const committed = fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8');
  expect(committed).toBe(expected.get(name));
});

test('schema/ holds no file that the code no longer produces', () => {
  const onDisk = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.graphql')).sort();
  expect(onDisk).toEqual([...expected.keys()].sort());
});

test('the supergraph composes every subgraph and joins entities by their keys', () => {
  const supergraph = expected.get('supergraph.graphql')!;
  expect(supergraph).toMatch(/join__graph\(name: "registry"/);
  expect(supergraph).toMatch(/type Person\s+@join__type\(graph: REGISTRY, key: "personKey"\)/);
  expect(supergraph).toMatch(/type Household\s+@join__type\(graph: REGISTRY, key: "sourceId"\)/);
});
