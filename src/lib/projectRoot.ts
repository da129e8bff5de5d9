// The project's root folder: the nearest one above this file that holds
// package.json. prisma/ and schema/ are found from it, so the same code works
// from src/ (tests, tsx) and compiled into dist/ (the assist-hub command).
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${start} or above`);
  }
}
