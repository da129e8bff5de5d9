// schema/: the printed SDL of every subgraph and the composed supergraph,
// committed so that reviews see schema changes and a test catches drift; and
// the API baseline that clients rely on, which a breaking change may only
// replace with an explicit acknowledgement.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges, type BreakingChange } from 'graphql';
import { PROJECT_ROOT } from '../lib/projectRoot';
import { allSubgraphs } from '../subgraphs';
import { composeApiSchema, composeSupergraph } from './compose';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');
export const API_BASELINE = 'api-baseline.graphql';
export const BREAKING_LOG = 'BREAKING-CHANGES.md';

/** File name → content of the generated files, as they should be on disk. */
export function schemaFiles(): Map<string, string> {
  const subgraphs = allSubgraphs();
  const files = new Map<string, string>();
  for (const s of subgraphs) files.set(`${s.name}.graphql`, `${s.sdl.trim()}\n`);
  files.set('supergraph.graphql', `${composeSupergraph(subgraphs).trim()}\n`);
  return files;
}

export function currentApiSchema(): string {
  return `${composeApiSchema(allSubgraphs()).trim()}\n`;
}

/** Changes from the committed API baseline that would break existing clients. */
export function breakingChangesFromBaseline(dir = SCHEMA_DIR): BreakingChange[] {
  const baselineFile = path.join(dir, API_BASELINE);
  if (!fs.existsSync(baselineFile)) return [];
  return findBreakingChanges(buildSchema(fs.readFileSync(baselineFile, 'utf8')), buildSchema(currentApiSchema()));
}

export class BreakingChangeError extends Error {}

/**
 * Writes the generated files. The API baseline moves forward by itself for
 * additive changes; a breaking change needs `acceptBreaking` (a reason), which
 * is logged with the list of changes in BREAKING-CHANGES.md.
 */
export function writeSchemaFiles(options: { acceptBreaking?: string } = {}, dir = SCHEMA_DIR): string[] {
  const breaking = breakingChangesFromBaseline(dir);
  if (breaking.length > 0 && !options.acceptBreaking) {
    throw new BreakingChangeError(
      `the API would break existing clients:\n${breaking.map((c) => `  - ${c.description}`).join('\n')}\n` +
        'Re-run with --accept-breaking "<why>" to record the decision in schema/BREAKING-CHANGES.md.',
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const written = [...schemaFiles(), [API_BASELINE, currentApiSchema()] as const].map(([name, content]) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.relative(process.cwd(), path.join(dir, name));
  });
  if (breaking.length > 0) {
    const entry = `\n## ${new Date().toISOString().slice(0, 10)}: ${options.acceptBreaking}\n\n${breaking.map((c) => `- ${c.description}`).join('\n')}\n`;
    fs.appendFileSync(path.join(dir, BREAKING_LOG), entry);
    written.push(path.relative(process.cwd(), path.join(dir, BREAKING_LOG)));
  }
  return written;
}
