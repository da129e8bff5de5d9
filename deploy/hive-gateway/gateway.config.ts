// Hive Gateway (npm @graphql-hive/gateway) in front of the hub's subgraphs,
// each served alone (`assist-hub serve --subgraph NAME`), instead of the
// hub's own gateway:
//
//   HUB_SUBGRAPH_URLS='registry=http://registry:4001/graphql,assistance=http://assistance:4002/graphql,...' \
//     npx hive-gateway supergraph -c deploy/hive-gateway/gateway.config.ts --port 4000
//
// The subgraphs verify the caller themselves from the Authorization header
// this config passes on (src/server/auth.ts), apply every access rule, and
// charge the cost of their part of an operation; what only a gateway can
// do is set here: the whole operation's cost limit (Hive's demand control
// reads the supergraph's @listSize and @cost, as the hub's gateway does), its
// size limits, no introspection in production, and the timeout of a fetch.
// tests/gateway/deployment.test.ts runs it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, useCustomFetch } from '@graphql-hive/gateway';

/** The committed supergraph (`npm run schema:print`) with each subgraph's `local://` placeholder replaced by its URL. */
function supergraph(): string {
  const file = process.env.HUB_SUPERGRAPH_FILE ?? path.join(process.cwd(), 'schema', 'supergraph.graphql');
  const urls = Object.fromEntries((process.env.HUB_SUBGRAPH_URLS ?? '').split(',').filter(Boolean).map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
  const sdl = readFileSync(file, 'utf8').replace(/url: "local:\/\/([a-z-]+)"/g, (_match, name: string) => {
    if (!urls[name]) throw new Error(`HUB_SUBGRAPH_URLS names no URL for subgraph ${name}`);
    return `url: "${urls[name]}"`;
  });
  return sdl;
}

/** Headers a subgraph reads from its caller: who calls, the caller's request id, the W3C trace context. */
const PASSED_ON = ['authorization', 'x-request-id', 'traceparent', 'tracestate'];

const production = process.env.NODE_ENV === 'production';

/**
 * A subgraph fetch that got no answer at all on its connection (a replica
 * draining or stopped closed it, or refused it) is asked once more, on a new
 * connection, within the same timeout, when it is a query; not a mutation (it
 * may have been applied). As the hub's gateway does (src/gateway/gateway.ts).
 * Hive's upstreamRetry would also retry after a timeout, doubling the wait.
 */
async function askingQueriesTwice(url: string, init?: Parameters<Parameters<typeof useCustomFetch>[0]>[1]): Promise<Response> {
  try {
    return await fetch(url, init as RequestInit);
  } catch (error) {
    if (init?.signal?.aborted || !isQuery(init?.body)) throw error;
    return fetch(url, init as RequestInit);
  }
}

function isQuery(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  const { query } = JSON.parse(body) as { query?: string };
  return typeof query === 'string' && !/^\s*mutation\b/.test(query);
}

export const gatewayConfig = defineConfig({
  supergraph,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) =>
      Object.fromEntries(PASSED_ON.flatMap((name) => (request.headers.get(name) ? [[name, request.headers.get(name)!]] : []))),
  },
  // The hub's limits (docs/access.md, Limits): HUB_MAX_COST, HUB_MAX_TOKENS, HUB_MAX_DEPTH.
  demandControl: { maxCost: Number(process.env.HUB_MAX_COST ?? 50_000), includeExtensionMetadata: true },
  maxTokens: Number(process.env.HUB_MAX_TOKENS ?? 4_000),
  maxDepth: Number(process.env.HUB_MAX_DEPTH ?? 15),
  blockFieldSuggestions: true,
  // Hive answers introspection itself and knows no caller's role: none in production (the SDL is in schema/).
  disableIntrospection: { disableIf: () => production },
  upstreamTimeout: Number(process.env.HUB_SUBGRAPH_TIMEOUT_MS ?? 20_000),
  plugins: () => [useCustomFetch(askingQueriesTwice)],
});
