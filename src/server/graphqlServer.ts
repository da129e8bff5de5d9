// Apollo Server for either the whole gateway or one subgraph served alone. The
// context is built the same way for both, so a subgraph reached directly checks
// its caller exactly as it does behind the gateway.
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import type express from 'express';
import type { PrismaClient } from '../db/client/prisma/client';
import type { HubConfig } from '../lib/config';
import { createContext, type HubContext } from '../graphql/context';
import { hubScalarLiteralsRule } from '../graphql/scalars';
import { MAX_PAGE_SIZE } from '../graphql/builder';
import { pageSizeLiteralsRule } from '../lib/errors';
import { anonymousCallersPlugin } from './anonymous';
import { adminOnlyIntrospectionPlugin } from './introspection';
import { rateLimitPlugin } from './rateLimit';
import { CostBuckets, type CostStore } from './costBuckets';
import { noSuggestionsPlugin } from './suggestions';
import { auditPlugin } from './audit';
import { metricsPlugin } from './metricsPlugin';
import { formatOutage, outageStatusPlugin } from './outage';
import { requestLimits } from './limits';
import { maskInternalErrors } from './errors';
import { createLogger } from '../lib/logger';
import { authenticate, type CallerSource } from './auth';
import { REQUEST_ID } from '../access/forwarding';

/** The whole graph through a gateway, or one subgraph served alone (its SDL declares its lists' sizes). */
export type GraphqlTarget = { gateway: GatewayInterface } | { schema: GraphQLSchema; sdl: string };

/** `costBuckets`: where callers' cost buckets are kept (default: this process's memory). */
export function createGraphqlServer(
  target: GraphqlTarget,
  config: HubConfig,
  costBuckets: CostStore = new CostBuckets(config.rateLimit),
): ApolloServer<HubContext> {
  const limits = requestLimits(config.limits);
  const errorLog = createLogger(config.logLevel);
  const common = {
    // A caller's bad literal is refused naming its field before anything runs: a Date,
    // DateTime or Money the hub refuses (the supergraph knows only the scalars' names),
    // a page size out of bounds. Bad variables are refused where they are read.
    validationRules: [hubScalarLiteralsRule, pageSizeLiteralsRule(MAX_PAGE_SIZE), ...limits.validationRules],
    // One operation per request: a JSON array of operations is refused.
    allowBatchedHttpRequests: false,
    // The hub drains and stops on SIGTERM itself (src/server/hub.ts close()): Apollo's
    // own handlers would stop the server and re-send the signal before the requests in
    // flight finished and the database closed.
    stopOnTerminationSignals: false,
    // On everywhere; in production adminOnlyIntrospectionPlugin refuses it to all but ADMIN.
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !config.production,
    formatError: formatOutage,
    // No Apollo Studio here: the landing page would load from a CDN, and inline
    // traces would hand resolver timings to any caller of a subgraph.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      anonymousCallersPlugin({ allowIntrospection: !config.production }),
      ...(config.production ? [adminOnlyIntrospectionPlugin()] : []),
      // Charged where callers come in: at the gateway, and at a subgraph served
      // alone for callers a standard gateway forwards (the hub's gateway has
      // charged the whole operation already: its callers come signed).
      rateLimitPlugin(costBuckets, config.limits.maxCost, 'schema' in target ? target.sdl : undefined),
      noSuggestionsPlugin(),
      auditPlugin(),
      metricsPlugin(),
      outageStatusPlugin(),
      ...(limits.plugins as ApolloServerPlugin<HubContext>[]),
      ...(config.production ? [maskInternalErrors((requestId, error) => errorLog.error({ requestId, error }, 'internal error'))] : []),
    ],
  };
  return new ApolloServer<HubContext>({ ...common, ...target } as ApolloServerOptions<HubContext>);
}

/**
 * The request id is always the hub's own: a fresh UUID at the gateway, or the
 * gateway's id inside a verified signed identity at a subgraph served alone.
 * A caller-sent x-request-id (when well formed) is kept beside it as the
 * caller's reference, never in its place (ACCESS.md v2): audit entries carry
 * both, so a caller can neither choose nor collide with the hub's id.
 */
export function contextFunction(prisma: PrismaClient, config: HubConfig, source: CallerSource = { kind: 'bearer' }) {
  const keys = { secret: config.jwtSecret, publicKey: config.jwtPublicKey, jwks: config.jwtJwks };
  return async ({ req }: { req: express.Request }): Promise<HubContext> => {
    const { caller, until, signed, requestId: signedId, callerRequestId: signedCallerId } = await authenticate(req.headers, source, { prisma, keys });
    // Behind the hub's gateway the x-request-id header is the gateway's own id; the caller's comes signed.
    const callerRequestId = signed ? (signedCallerId ?? null) : callerSentRequestId(req.headers['x-request-id']);
    const remoteAddress = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    return createContext({ prisma, config, caller, callerUntil: until ?? null, chargedUpstream: signed === true, requestId: signedId ?? randomUUID(), callerRequestId, remoteAddress });
  };
}

function callerSentRequestId(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : null;
}
