// Jest runs the TypeScript sources through SWC as CommonJS. Prisma 7's runtime
// and a few dependencies ship ES modules (.mjs, "type": "module"), which Jest's
// CommonJS loader cannot require: they are transformed too (PLATFORM-NOTES.md).
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
const esmPackages = ['@prisma/client/runtime', '@prisma/schema-engine-wasm', 'jose'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // End-to-end suites in tests/; unit specs beside the code they test (*.spec.ts).
  roots: ['<rootDir>/tests', '<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  transform: { '^.+\\.(ts|mjs|js)$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // The command that tests spawn (bin/assist-hub.cjs) runs dist/: compiled
  // from the sources under test before any test starts (under a second).
  globalSetup: '<rootDir>/scripts/build.cjs',
  // Generous: a hub start seeds the demo set, slow when CI's two cores are busy.
  testTimeout: 300_000,
  maxWorkers: 2,
  // A worker is replaced after every file. The embedded databases a suite
  // opens keep WebAssembly memory the process does not give back (measured:
  // about 0.4 GB a file, and CI's system killed a worker at 11.7 GB). Jest
  // measures only the JavaScript heap against this limit, so the limit is
  // set below any worker's heap: a fresh worker per file.
  workerIdleMemoryLimit: '1MB',
  // Something below Apollo Gateway or PGlite keeps a timer alive after every
  // server and database is closed (--detectOpenHandles finds none): don't let
  // it hold the run open.
  forceExit: true,
};
