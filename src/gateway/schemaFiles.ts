// schema/: the printed SDL of every subgraph and the composed supergraph,
// committed so that reviews see schema changes and a test catches drift.
import fs from 'node:fs';
import path from 'node:path';
import { allSubgraphs } from '../subgraphs';
import { composeSupergraph } from './compose';

export const SCHEMA_DIR = path.resolve(__dirname, '../../schema');

/** File name → content, as they should be on disk. */
export function schemaFiles(): Map<string, string> {
  const subgraphs = allSubgraphs();
  const files = new Map<string, string>();
  for (const s of subgraphs) files.set(`${s.name}.graphql`, `${s.sdl.trim()}\n`);
  files.set('supergraph.graphql', `${composeSupergraph(subgraphs).trim()}\n`);
  return files;
}

export function writeSchemaFiles(dir = SCHEMA_DIR): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return [...schemaFiles()].map(([name, content]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return path.relative(process.cwd(), file);
  });
}
