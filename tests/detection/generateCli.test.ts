// `assist-hub generate` as a child process: the files it writes are the
// planted set and its expectations, and the documented check works —
//   generate → import → detect --json --no-store  prints exactly expected.ndjson.
// Each spawn costs seconds, so the tests run in order on one database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePlantedSet, toRulesJson } from '../../src/generate';
import { throwAwayDatabaseUrl } from '../helpers/database';

const REPO = path.resolve(__dirname, '../..');
const BIN = path.join(REPO, 'bin', 'assist-hub.cjs');
const PEPPER = 'generate-cli-test-pepper';
const AS_OF = '2026-06-30';

let dir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: () => Promise<void>;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { cwd: REPO, env, timeout: 240_000, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const file = (name: string) => path.join(dir, name);
const lines = (name: string) => fs.readFileSync(file(name), 'utf8');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assist-hub-generate-'));
  const database = await throwAwayDatabaseUrl();
  dropDatabase = database.drop;
  const { DATABASE_URL: _inherited, NODE_OPTIONS: _jestOptions, ...rest } = process.env;
  env = {
    ...rest,
    ...(database.url ? { DATABASE_URL: database.url } : { HUB_DATA_DIR: path.join(dir, 'data') }),
    HUB_ID_PEPPER: PEPPER,
    HUB_JWT_SECRET: 'generate-cli-test-jwt-secret-long-enough-for-hs256',
    NODE_ENV: 'test',
  };
});
afterAll(async () => {
  await dropDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('assist-hub generate', () => {
  it('refuses a bad option with exit 2, naming the option, and writes nothing', async () => {
    for (const [args, named] of [
      [['--as-of', '2026-02-30'], '--as-of'],
      [['--as-of', AS_OF, '--seed', '-3'], '--seed'],
      [['--as-of', AS_OF, '--background', 'many'], '--background'],
    ] as const) {
      const run = await cli('generate', ...args, '--out', file('refused.ndjson'));
      expect({ code: run.code, named: run.stderr.includes(`generate: ${named}:`) }).toEqual({ code: 2, named: true });
    }
    expect(fs.existsSync(file('refused.ndjson'))).toBe(false);
  });

  it('writes the planted set for the seed and date, and the expected findings in RULES.md\'s shape', async () => {
    const run = await cli('generate', '--seed', '11', '--as-of', AS_OF, '--background', '10', '--out', file('data.ndjson'), '--expected', file('expected.ndjson'));
    expect(run.code).toBe(0);
    const set = generatePlantedSet({ seed: 11, asOf: AS_OF, pepper: PEPPER, background: 10 });
    expect(lines('data.ndjson')).toBe(set.objects.map((o) => `${JSON.stringify(o)}\n`).join(''));
    expect(lines('expected.ndjson')).toBe(set.expected.map((f) => `${JSON.stringify(toRulesJson(f, AS_OF))}\n`).join(''));
    expect(run.stdout).toContain(`${set.expected.length} findings expected as of ${AS_OF}`);
  });

  it('imports whole, and detect --json prints exactly the expected lines', async () => {
    const imported = await cli('import', file('data.ndjson'));
    expect({ code: imported.code, stderr: imported.stderr.replace(/.*development defaults.*\n/g, '') }).toEqual({ code: 0, stderr: '' });
    const detected = await cli('detect', '--as-of', AS_OF, '--json', '--no-store');
    expect(detected.code).toBe(0);
    expect(detected.stdout.split('\n')).toEqual(lines('expected.ndjson').split('\n'));
  });
});
