// The dependency-boundary check (`npm run check:boundaries`, run by `npm test`).
// The layers of src/ are data: a module may import from its own folder and
// from the layers below its own, never from a layer above. docs/architecture.md
// prints this very list (tests/architecture/layers.test.ts keeps the two equal).
// Type-only imports count like any other: a type names a layer's concept, and
// an upward type is an upward arrow all the same.

/** Top to bottom. Each folder is src/<folder>/. */
const LAYERS = [
  { name: 'command', folders: ['cli'], what: 'the assist-hub command, one file per command' },
  { name: 'server', folders: ['server'], what: 'HTTP server, Apollo Server plugins (callers, limits, cost buckets in memory or Redis, audit, errors, outages, metrics), request spans, playground, hub start-up, draining shutdown' },
  { name: 'standard API', folders: ['dci'], what: 'the DCI facade (Social Registry and IBR): envelope, signatures, token endpoint, searches, transactions and subscriptions, a client of the GraphQL API' },
  { name: 'gateway', folders: ['gateway'], what: 'supergraph composition, the gateway (in-process and remote subgraphs), schema files' },
  { name: 'subgraphs', folders: ['subgraphs'], what: 'the subgraphs with parts of their own, a folder or a file each; a subgraph imports no other subgraph' },
  { name: 'subgraph kit', folders: ['graphql'], what: 'builder, context, shield, cursors, visibility, batch, scalars, record enums, the department subgraph factory' },
  { name: 'services', folders: ['ingest', 'detection', 'events', 'demo', 'generate'], what: 'ingestion, detection (the rules and the check at the door), events (dispatch to subscriptions, delivery through the job queue), the demo set (`serve --demo`), the rule data set (`assist-hub generate`)' },
  { name: 'policy', folders: ['access', 'audit'], what: 'the access policy (permissions, row rules, sensitivity, write checks, tokens, API keys) and the audit log' },
  { name: 'departments', folders: ['departments'], what: 'every department as data: its programs, record type, detail fields and their validation' },
  { name: 'database', folders: ['db'], what: 'PGlite or PostgreSQL, migrations, readiness, the generated Prisma client (src/db/client)' },
  { name: 'lib', folders: ['lib'], what: 'config, dates, money, ids, errors, logger, metrics, tracing' },
];

/**
 * The only arrows allowed between folders of one layer, from → to. Every
 * other sideways arrow is refused: ingestion knows nothing of detection (the
 * door check is a hook its callers hand it), the demo set nothing of the rule
 * data set.
 */
const SIDEWAYS = [
  ['generate', 'demo'], // the rule data set is built from the demo set's people, places and money
  ['audit', 'access'], // an audit entry names its Caller
];

const folderPattern = (folders) => `^src/(${folders.join('|')})/`;

function layerRules() {
  return LAYERS.slice(1).map((layer, i) => {
    const above = LAYERS.slice(0, i + 1).flatMap((l) => l.folders);
    return {
      name: `upward-from-${layer.name.replace(/ /g, '-')}`,
      comment: `the ${layer.name} (src/${layer.folders.join(', src/')}) may not import from a layer above its own (src/${above.join(', src/')})`,
      severity: 'error',
      from: { path: folderPattern(layer.folders) },
      to: { path: folderPattern(above) },
    };
  });
}

function sidewaysRules() {
  return LAYERS.filter((l) => l.folders.length > 1).flatMap((layer) =>
    layer.folders.flatMap((folder) => {
      const allowed = SIDEWAYS.filter(([from]) => from === folder).map(([, to]) => to);
      const refused = layer.folders.filter((f) => f !== folder && !allowed.includes(f));
      if (refused.length === 0) return [];
      return {
        name: `sideways-${folder}`,
        comment: `src/${folder} may not import its peers ${refused.map((f) => `src/${f}`).join(', ')}`,
        severity: 'error',
        from: { path: folderPattern([folder]) },
        to: { path: folderPattern(refused) },
      };
    }),
  );
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules(),
    ...sidewaysRules(),
    {
      name: 'subgraph-to-subgraph',
      comment: 'a subgraph imports no other subgraph: what two share belongs in a layer below (src/graphql, src/detection, …)',
      severity: 'error',
      // A subgraph is a folder (src/subgraphs/registry/) or one file (src/subgraphs/housing.ts); index.ts lists them all.
      from: { path: '^src/subgraphs/([^/.]+)(/|[.]ts$)', pathNot: '^src/subgraphs/index[.]ts$' },
      to: { path: '^src/subgraphs/', pathNot: ['^src/subgraphs/$1(/|[.]ts$)', '^src/subgraphs/index[.]ts$'] },
    },
    {
      name: 'demo-for-the-command',
      comment: 'the demo set and the rule data set are made for the assist-hub command (serve --demo, generate), never for the hub that serves',
      severity: 'error',
      from: { path: '^src/', pathNot: folderPattern(['cli', 'demo', 'generate']) },
      to: { path: folderPattern(['demo', 'generate']) },
    },
    {
      name: 'src-to-tests-or-scripts',
      comment: 'src/ never imports tests/ or scripts/',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|scripts)/' },
    },
    {
      name: 'no-circular',
      comment:
        'no cycle of imports that run: a type-only import breaks a cycle (src/graphql/scalars.ts needs the type of the builder that imports it, as Pothos plugins do)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports and that imports nothing is dead (but for the browser script the playground serves)',
      severity: 'error',
      from: { orphan: true, pathNot: '^src/server/playground/static/' },
      to: {},
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // The generated Prisma client belongs to src/db; its insides are Prisma's.
    doNotFollow: { path: ['node_modules', '^src/db/client/'] },
  },
};

// For the docs' test, not for dependency-cruiser, which refuses keys it does not know: not enumerable.
Object.defineProperty(module.exports, 'layers', { value: LAYERS });
Object.defineProperty(module.exports, 'sideways', { value: SIDEWAYS });
