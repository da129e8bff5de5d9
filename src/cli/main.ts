// The `assist-hub` command (EXCHANGE.md, Command line): one file per command.
// A command file imports at its top only light modules (commander, the lists
// its options offer, the configuration) and loads the rest inside its action,
// so that starting one command (`token` above all) loads none of the others'
// code: no schema is built and no database driver loaded to print a token.
import { Command } from 'commander';
import { ConfigError } from '../lib/config';
import { registerAuditCommand } from './audit';
import { registerDetectCommand } from './detect';
import { registerGenerateCommand } from './generate';
import { registerImportCommand } from './import';
import { registerMigrateCommands } from './migrate';
import { registerSchemaPrintCommand } from './schemaPrint';
import { registerServeCommand } from './serve';
import { registerTokenCommand } from './token';

const program = new Command('assist-hub').description('Federated GraphQL hub for social-assistance records');

registerServeCommand(program);
registerImportCommand(program);
registerTokenCommand(program);
registerDetectCommand(program);
registerGenerateCommand(program);
registerAuditCommand(program);
registerMigrateCommands(program);
registerSchemaPrintCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`assist-hub: ${message}\n`);
  process.exit(2);
});
