// `assist-hub schema:print [--accept-breaking "<why>"]` (npm run schema:print):
// rewrites schema/ (each subgraph's SDL, the supergraph, the API baseline).
// Refuses, exit 1 and nothing written, a change that breaks existing clients
// unless it is accepted with a reason (logged in schema/BREAKING-CHANGES.md).
import type { Command } from 'commander';

export function registerSchemaPrintCommand(program: Command): void {
  program
    .command('schema:print')
    .description('write every subgraph\'s SDL, the composed supergraph and the API baseline to schema/')
    .option('--accept-breaking <reason>', 'accept a change that breaks existing clients, and log why')
    .action(printSchema);
}

async function printSchema(options: { acceptBreaking?: string }): Promise<void> {
  const { BreakingChangeError, writeSchemaFiles } = await import('../gateway/schemaFiles');
  try {
    for (const file of writeSchemaFiles(options)) process.stdout.write(`wrote ${file}\n`);
  } catch (error) {
    if (!(error instanceof BreakingChangeError)) throw error;
    process.stderr.write(`assist-hub: ${error.message}\n`);
    process.exitCode = 1;
  }
}
