// The Prisma client and Pothos types are committed (so a checkout needs only
// `npm install`); they must be exactly what `npm run db:client` makes from
// prisma/schema today.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)).map((f) => path.join(entry.name, f)) : [entry.name]))
    .sort();
}

test('src/db/client matches a fresh `prisma generate` of prisma/schema (run `npm run db:client` after a schema change)', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'generate-'));
  try {
    // Same layout as the repository, so the generators' relative outputs land in scratch/src/db/client.
    fs.cpSync(path.join(ROOT, 'prisma/schema'), path.join(scratch, 'prisma/schema'), { recursive: true });
    execFileSync(path.join(ROOT, 'node_modules/.bin/prisma'), ['generate', '--schema', path.join(scratch, 'prisma/schema')], {
      cwd: ROOT,
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: 'pipe',
    });
    const fresh = path.join(scratch, 'src/db/client');
    const committed = path.join(ROOT, 'src/db/client');
    expect(listFiles(committed)).toEqual(listFiles(fresh));
    for (const file of listFiles(fresh)) {
      expect({ file, content: fs.readFileSync(path.join(committed, file), 'utf8') }).toEqual({
        file,
        content: fs.readFileSync(path.join(fresh, file), 'utf8'),
      });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
