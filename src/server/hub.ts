// Starting the hub: the database (embedded or PostgreSQL), migrations, the
// caller's preparation of the database (`serve --demo` seeds the demo set), the
// subgraphs, the gateway and the HTTP server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type HubConfig } from '../lib/config';
import { openMigratedDatabase, type OpenedDatabase } from '../db/open';
import type { Logger } from '../lib/logger';
import { createGateway } from '../gateway/gateway';
import { allSubgraphs, subgraph, type SubgraphName } from '../subgraphs';
import { createApp } from './app';
import { dciFacade, signerFor } from './dci';
import { dciNotifyRenderer } from '../dci/notify';
import { webhookRenderer } from '../events/delivery';
import { startEventQueue, type EventQueue } from '../events/queue';
import type { CallerSource } from './auth';
import { createGraphqlServer, type GraphqlTarget } from './graphqlServer';
import { CostBuckets } from './costBuckets';
import { RedisCostBuckets } from './redisCostBuckets';

export type HubMode =
  | { kind: 'all' }
  | { kind: 'subgraph'; name: SubgraphName }
  /** The gateway, with the named subgraphs reached over HTTP and the rest in process. */
  | { kind: 'gateway'; remotes: Record<string, string> };

export interface HubOptions {
  config: HubConfig;
  logger: Logger;
  mode?: HubMode;
  /** Runs on the migrated database before the hub serves (`serve --demo` seeds the demo set: src/cli/seedDemo.ts). */
  prepareDatabase?: (db: OpenedDatabase) => Promise<void>;
  /** Called with every SQL statement (tests count them). */
  onStatement?: (sql: string) => void;
}

export interface RunningHub {
  url: string;
  port: number;
  /** The address the server listens on: 127.0.0.1 for a development hub unless HUB_HOST says otherwise. */
  address: string;
  db: OpenedDatabase;
  close(): Promise<void>;
}

export async function startHub({ config, logger, mode = { kind: 'all' }, prepareDatabase, onStatement }: HubOptions): Promise<RunningHub> {
  const started = Date.now();
  const forwardingSecret = forwardingSecretFor(config, mode);
  const db = await openMigratedDatabase(config, { onStatement });
  let redis: RedisCostBuckets | null = null;
  let events: EventQueue | null = null;
  try {
    logger.info({ database: db.location, kind: db.kind, applied: db.appliedMigrations }, 'database ready');
    await prepareDatabase?.(db);
    // Shared by the replicas through Redis when HUB_REDIS_URL is set; this process's own otherwise.
    if (config.redisUrl) redis = new RedisCostBuckets(config.redisUrl, config.rateLimit, logger);
    const costBuckets = redis ?? new CostBuckets(config.rateLimit);
    const graphql = createGraphqlServer(graphqlTarget(mode, forwardingSecret, config), config, costBuckets);
    await graphql.start();
    // No token is handed to the page: anonymous callers get nothing (ACCESS.md).
    const callers: CallerSource = mode.kind === 'subgraph' ? { kind: 'subgraph', secret: forwardingSecret } : { kind: 'bearer' };
    const lifecycle = { draining: false };
    const subgraphs = mode.kind === 'gateway' ? mode.remotes : {};
    // The DCI facade and the events speak for the whole graph: on the gateway, not on a subgraph served alone.
    const signer = mode.kind === 'subgraph' ? null : await signerFor(config, logger);
    const dci = signer && dciFacade(config, db.prisma, graphql, signer, logger);
    events = signer && (await startEventQueue({ db, logger, ...config.events, render: { WEBHOOK: webhookRenderer(signer), DCI: dciNotifyRenderer(signer, config.dciId) } }));
    const app = createApp({ config, db, graphql, playground: mode.kind !== 'subgraph', callers, lifecycle, subgraphs, dci: dci?.router });
    const server = await listen(app, config.port, config.host);
    const { port, address } = server.address() as AddressInfo;
    logger.info({ address, port, mode: mode.kind, ms: Date.now() - started }, 'assist-hub ready');
    return {
      url: `http://${urlHost(address)}:${port}`,
      port,
      address,
      db,
      close: async () => {
        lifecycle.draining = true;
        await drain(server, config.shutdownGraceMs);
        await dci?.close(config.shutdownGraceMs);
        await events?.close(config.shutdownGraceMs);
        await graphql.stop();
        await redis?.close();
        await db.close();
      },
    };
  } catch (error) {
    await events?.close(0);
    await redis?.close();
    await db.close();
    throw error;
  }
}

function graphqlTarget(mode: HubMode, forwardingSecret: string | null, config: HubConfig): GraphqlTarget {
  switch (mode.kind) {
    case 'all':
      return { gateway: createGateway(allSubgraphs()) };
    case 'subgraph': {
      const { schema, sdl } = subgraph(mode.name);
      return { schema, sdl };
    }
    case 'gateway':
      return { gateway: createGateway(allSubgraphs(), { urls: mode.remotes, forwardingSecret: forwardingSecret!, fetchTimeoutMs: config.subgraphTimeoutMs }) };
  }
}

/**
 * The hub's gateway with remote subgraphs signs its callers for them;
 * production has no default secret for that (src/lib/config.ts). A lone
 * subgraph checks signed callers when it has the secret, and takes
 * Authorization from any gateway either way.
 */
function forwardingSecretFor(config: HubConfig, mode: HubMode): string | null {
  if (mode.kind === 'gateway' && Object.keys(mode.remotes).length > 0 && !config.forwardingSecret) {
    throw new ConfigError('production mode needs HUB_FORWARDING_SECRET to reach remote subgraphs');
  }
  return config.forwardingSecret;
}

/**
 * Stops taking connections and lets the requests in flight finish, for at
 * most `graceMs`; then cuts what is left. Idle keep-alive connections are
 * closed as they become idle, so that a client does not send another request
 * on one meanwhile.
 */
async function drain(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}

function listen(app: import('express').Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });
}

/** How this process reaches the server: over the loopback address when it listens on every interface. */
function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}
