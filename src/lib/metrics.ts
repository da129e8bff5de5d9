// Prometheus metrics (prom-client), one registry for the process, served at
// GET /metrics (src/server/app.ts). Each series is declared here, once, and
// counted where its event happens. No label carries personal data: operation
// names are the caller's own words, so only well-formed ones are kept, and at
// most OPERATION_NAMES of them; the rest count as "other".
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'assist_hub_' });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const graphqlRequests = new Counter({
  name: 'assist_hub_graphql_requests_total',
  help: 'GraphQL requests answered, by operation name and outcome (ok, or error when the answer carries errors)',
  labelNames: ['operation', 'outcome'] as const,
  registers: [metrics],
});

export const graphqlDuration = new Histogram({
  name: 'assist_hub_graphql_request_duration_seconds',
  help: 'Time from a GraphQL request received to its answer sent, by operation name',
  labelNames: ['operation'] as const,
  buckets: SECONDS,
  registers: [metrics],
});

export const graphqlErrors = new Counter({
  name: 'assist_hub_graphql_errors_total',
  help: 'Errors in GraphQL answers, by operation name and error code',
  labelNames: ['operation', 'code'] as const,
  registers: [metrics],
});

export const subgraphFetches = new Histogram({
  name: 'assist_hub_subgraph_fetch_duration_seconds',
  help: "The gateway's fetches from each subgraph (in this process or remote), by subgraph and outcome",
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: SECONDS,
  registers: [metrics],
});

/** A pool's counts, as node-postgres keeps them. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

const pools = new Set<() => PoolStats>();

/** Reports a PostgreSQL pool in assist_hub_db_pool_connections until the returned function is called. */
export function watchPool(stats: () => PoolStats): () => void {
  pools.add(stats);
  return () => pools.delete(stats);
}

export const dbPool = new Gauge({
  name: 'assist_hub_db_pool_connections',
  help: "PostgreSQL pool connections by state: total, idle, and waiting (requests waiting for one); the process's pools together",
  labelNames: ['state'] as const,
  registers: [metrics],
  collect() {
    const sum = { total: 0, idle: 0, waiting: 0 };
    for (const stats of pools) for (const [state, n] of Object.entries(stats())) sum[state as keyof PoolStats] += n;
    for (const [state, n] of Object.entries(sum)) this.set({ state }, n);
  },
});

export const dbConnectionsLost = new Counter({
  name: 'assist_hub_db_connections_lost_total',
  help: 'PostgreSQL connections ended from outside (the server restarted, an administrator ended them); the pool opens new ones',
  registers: [metrics],
});

export const dbStatements = new Histogram({
  name: 'assist_hub_db_statement_duration_seconds',
  help: 'SQL statements sent through Prisma, by outcome',
  labelNames: ['outcome'] as const,
  buckets: SECONDS,
  registers: [metrics],
});

export const ingestLines = new Counter({
  name: 'assist_hub_ingest_lines_total',
  help: 'Exchange lines ingested (imports and batches), by outcome: stored, unchanged, rejected',
  labelNames: ['outcome'] as const,
  registers: [metrics],
});

export const detectionRuleDuration = new Histogram({
  name: 'assist_hub_detection_rule_duration_seconds',
  help: 'Time one detection rule takes, by rule',
  labelNames: ['rule'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  registers: [metrics],
});

export const auditEntries = new Counter({
  name: 'assist_hub_audit_entries_total',
  help: 'Audit log entries written (one per person or household whose details a request revealed)',
  registers: [metrics],
});

/** Distinct operation names kept as label values; more would let callers grow the series without bound. */
const OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const seenOperations = new Set<string>();

/** The label for an operation name: "anonymous" without one, "other" past the bound or when malformed. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'other';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= OPERATION_NAMES) return 'other';
  seenOperations.add(name);
  return name;
}
