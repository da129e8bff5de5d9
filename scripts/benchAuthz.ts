// What authorisation (graphql-shield on every field) and the audit log cost on
// the one-graph household query. The same hub database serves two gateways in
// this process: the real one, and one built from the subgraphs' unguarded
// schemas (no shield rules, so nothing is noted for the audit log either).
// Requests alternate between them so both see the same machine load.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createGateway } from '../src/gateway/gateway';
import type { HubConfig } from '../src/lib/config';
import type { OpenedDatabase } from '../src/db/open';
import { createApp } from '../src/server/app';
import { createGraphqlServer } from '../src/server/graphqlServer';
import { allSubgraphs } from '../src/subgraphs';
import { postGraphql } from '../tests/helpers/hub';

export interface Variant {
  name: string;
  url: string;
}

export async function startUnguardedGateway(config: HubConfig, db: OpenedDatabase) {
  const subgraphs = allSubgraphs().map((s) => ({ ...s, schema: s.unguardedSchema }));
  const graphql = createGraphqlServer({ gateway: createGateway(subgraphs) }, config);
  await graphql.start();
  const server = createApp({ config, db, graphql, playground: false }).listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await graphql.stop();
    },
  };
}

/** p50/p95 of each variant over `rounds` alternating requests. */
export async function compareVariants(variants: Variant[], query: string, token: string, variables: Record<string, unknown>, rounds: number) {
  const times = new Map(variants.map((v) => [v.name, [] as number[]]));
  for (let i = 0; i < rounds; i++) {
    for (const variant of i % 2 ? [...variants].reverse() : variants) {
      const t = performance.now();
      const { body } = await postGraphql(variant.url, query, { token, variables });
      if (body.errors) throw new Error(`${variant.name}: ${JSON.stringify(body.errors[0])}`);
      times.get(variant.name)!.push(performance.now() - t);
    }
  }
  return variants.map(({ name }) => {
    const sorted = times.get(name)!.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { name, p50: at(0.5), p95: at(0.95), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
  });
}
