#!/usr/bin/env node
// The package's own command. Runs the JavaScript that `npm install` compiled
// from src/ into dist/ (scripts/build.cjs), so nothing is compiled at start.
// After changing src/, `npm run build` (npm start, the npm scripts that run
// this command, and jest build first).
const path = require('node:path');

const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write('assist-hub: dist/ is not built: run `npm run build` (npm install does it)\n');
  process.exit(2);
}
require(main);
