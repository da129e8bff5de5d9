// The layers are data in .dependency-cruiser.cjs (the boundary check that
// `npm test` runs first); docs/architecture.md shows the same list, and no
// folder of src/ escapes the check by being in no layer.
import fs from 'node:fs';
import path from 'node:path';

interface Layer {
  name: string;
  folders: string[];
  what: string;
}

const ROOT = path.resolve(__dirname, '../..');
// Not enumerable on the config (dependency-cruiser refuses keys it does not know), but there.
const config = require(path.join(ROOT, '.dependency-cruiser.cjs')) as { layers: Layer[]; sideways: [string, string][] };

/** The layer table as docs/architecture.md prints it. */
function layerTableMarkdown(): string {
  const rows = config.layers.map((l) => `| ${l.name} | ${l.folders.map((f) => `\`src/${f}\``).join(', ')} | ${l.what} |`);
  const sideways = config.sideways.map(([from, to]) => `\`src/${from}\` → \`src/${to}\``).join(', ');
  return ['| layer | folders | what |', '|---|---|---|', ...rows, '', `Arrows allowed between folders of one layer: ${sideways}; no other.`].join('\n');
}

const srcFolders = () =>
  fs
    .readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

test('docs/architecture.md prints the layers exactly as the boundary check holds them', () => {
  const docs = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  expect(docs).toContain(layerTableMarkdown());
});

test('every folder of src/ is in exactly one layer', () => {
  expect(config.layers.flatMap((l) => l.folders).sort()).toEqual(srcFolders());
});

test("README's Layout names every folder of src/", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const layout = readme.slice(readme.indexOf('## Layout'));
  expect(srcFolders().filter((f) => !layout.includes(`src/${f}/`))).toEqual([]);
});
