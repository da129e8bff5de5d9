#!/usr/bin/env node
// The package's own command. Runs the TypeScript sources through tsx, so a
// checkout needs nothing but `npm install` (no build step to forget).
require('tsx/cjs');
require('../src/cli/main.ts');
