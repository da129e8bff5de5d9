// `assist-hub serve [--demo] [--subgraph NAME | --subgraph-url NAME=URL ...]`:
// the gateway and every subgraph on one port, one subgraph alone, or the
// gateway with some subgraphs reached over HTTP. `--demo` seeds the demo set
// into an empty database before the hub starts serving.
import type { Command } from 'commander';
import { loadConfig, warnAboutDevelopmentSecrets } from '../lib/config';
import type { HubMode } from '../server/hub';
import type { SubgraphName } from '../subgraphs';

interface ServeOptions {
  demo?: boolean;
  subgraph?: string;
  subgraphUrl?: string[];
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the gateway and every subgraph on one port (or one subgraph, or the gateway alone)')
    .option('--demo', 'seed the demo data set when the database is empty')
    .option('--subgraph <name>', 'serve only this subgraph, by name (a wrong name lists them)')
    .option('--subgraph-url <name=url...>', 'serve only the gateway, reaching each subgraph at its URL')
    .action(serve);
}

async function serve(options: ServeOptions, command: Command): Promise<void> {
  // Before the server's modules load: traces when OTEL_EXPORTER_OTLP_* asks for them (src/lib/tracing.ts).
  const tracing = (await import('../lib/tracing')).startTracing();
  const { startHub } = await import('../server/hub');
  const { SUBGRAPH_NAMES } = await import('../subgraphs');
  const { createLogger } = await import('../lib/logger');
  const { seedDemoIfEmpty } = await import('./seedDemo');
  const mode = serveMode(options, SUBGRAPH_NAMES, command);
  const config = loadConfig();
  warnAboutDevelopmentSecrets(config);
  const logger = createLogger(config.logLevel);
  const hub = await startHub({
    config,
    logger,
    mode,
    prepareDatabase: options.demo ? (db) => seedDemoIfEmpty(db.prisma, config, logger) : undefined,
  });
  process.stderr.write(`assist-hub listening on ${hub.url} (playground at ${hub.url}/, GraphQL at ${hub.url}/graphql)\n`);
  // SIGTERM or SIGINT: no new requests, the ones in flight finish (HUB_SHUTDOWN_GRACE_MS at most), the
  // database closes (PGlite's lock file goes with it), exit 0. A second signal stops at once.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'draining');
    await hub.close();
    await tracing?.shutdown();
    logger.info({ signal }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function serveMode(options: ServeOptions, names: readonly SubgraphName[], command: Command): HubMode {
  if (options.subgraph !== undefined) {
    // Checked here rather than by commander's choices(): the names come with the subgraphs, which only `serve` loads.
    const name = names.find((n) => n === options.subgraph);
    if (!name) command.error(`error: option '--subgraph <name>' argument '${options.subgraph}' is invalid. Allowed choices are ${names.join(', ')}.`);
    return { kind: 'subgraph', name };
  }
  if (options.subgraphUrl?.length) {
    const remotes = Object.fromEntries(options.subgraphUrl.map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
    return { kind: 'gateway', remotes };
  }
  return { kind: 'all' };
}
