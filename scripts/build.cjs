// Compiles src/ into dist/ (CommonJS for Node 20, one .js file per .ts file,
// packages left in node_modules) so that the assist-hub command and the server
// start without compiling TypeScript. Type checking is `tsc -p .`'s job; this
// only strips types, with esbuild (which tsx, a dependency, brings along).
// Every other file of src/ (the playground's app.js) is copied as it is.
//
// Run by `npm install` (prepare), `npm run build`, the npm scripts that start
// the command, and jest before any test (globalSetup), so spawned commands run
// the sources under test. It writes only what changed, each file through a
// rename, and removes what no longer has a source: a build that runs while
// another process starts from dist/ never shows it half a file.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

/** Files of a folder, recursively, as absolute paths. */
function filesIn(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesIn(file) : [file];
  });
}

const isSpec = (file) => file.endsWith('.spec.ts');
const isTypeScript = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');

function compile(sources) {
  const { outputFiles } = esbuild.buildSync({
    entryPoints: sources,
    outdir: DIST,
    outbase: SRC,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // `await import('../x')` (a command loading its work) becomes require():
    // Node's own import() wants file extensions that the sources leave out.
    supported: { 'dynamic-import': false },
    write: false,
    logLevel: 'warning',
  });
  return outputFiles.map((file) => ({ path: file.path, contents: Buffer.from(file.contents) }));
}

function assets(files) {
  return files.map((file) => ({ path: path.join(DIST, path.relative(SRC, file)), contents: fs.readFileSync(file) }));
}

function writeIfChanged({ path: file, contents }) {
  if (fs.existsSync(file) && fs.readFileSync(file).equals(contents)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
  return true;
}

function build() {
  const started = Date.now();
  const files = filesIn(SRC).filter((file) => !isSpec(file) && !file.endsWith('.d.ts'));
  const outputs = [...compile(files.filter(isTypeScript)), ...assets(files.filter((file) => !isTypeScript(file)))];
  const written = outputs.filter(writeIfChanged).length;
  const wanted = new Set(outputs.map((output) => output.path));
  const removed = filesIn(DIST).filter((file) => !wanted.has(file) && !file.endsWith('.tmp'));
  for (const file of removed) fs.rmSync(file);
  return `build: dist/ from src/ in ${Date.now() - started} ms (${written} written, ${removed.length} removed)`;
}

if (require.main === module) {
  try {
    process.stderr.write(`${build()}\n`);
  } catch {
    // esbuild has printed each error with its file and line.
    process.exit(1);
  }
}

// jest's globalSetup.
module.exports = async () => build();
