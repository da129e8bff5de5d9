// The PostGraphile 5 contender of `npm run bench:peer` (scripts/bench-peer.ts),
// run as its own child process so its CPU time and memory are its own:
//   DATABASE_URL=... PORT=... node --import tsx scripts/benchPeerPostgraphile.ts
// The Amber preset with the node-postgres adaptor over the hub's tables in
// `public`, default inflection, no GraphiQL, no watch mode, a pool of POOL_MAX
// (default 32) connections. It prints "listening <url>" once it serves.
//
// PostGraphile 5 calls Promise.withResolvers (Node 22); on Node 20 its data
// queries fail without it ("Cannot read properties of undefined (reading
// 'items')"), so the one-line polyfill below runs before PostGraphile loads.
import { createServer } from 'node:http';

// Node 20: Promise.withResolvers (ES2024), before any PostGraphile module is loaded.
(Promise as unknown as { withResolvers?: unknown }).withResolvers ??= function withResolvers<T>(this: PromiseConstructor) { let resolve!: (v: T) => void; let reject!: (e: unknown) => void; const promise = new this<T>((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };

async function main() {
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: Number(process.env.POOL_MAX ?? 32) } })],
    grafserv: { port: Number(process.env.PORT ?? 0), graphiql: false, watch: false, maxRequestLength: 1_000_000 },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  serv.addTo(server);
  await serv.ready();
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  process.stdout.write(`listening http://127.0.0.1:${address.port}/graphql\n`);
  const stop = () => {
    server.close();
    void Promise.resolve(pgl.release()).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
