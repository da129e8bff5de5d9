// Apollo Server for either the whole gateway or one subgraph served alone. The
// context is built the same way for both, so a subgraph reached directly checks
// its caller exactly as it does behind the gateway.
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import type express from 'express';
import type { PrismaClient } from '../generated/prisma/client';
import type { HubConfig } from '../lib/config';
import { createContext, type HubContext } from '../lib/graphql/context';
import { anonymousCallersPlugin } from './anonymous';
import { adminOnlyIntrospectionPlugin } from './introspection';
import { rateLimitPlugin } from './rateLimit';
import { noSuggestionsPlugin } from './suggestions';
import { auditPlugin } from './audit';
import { requestLimits } from './limits';
import { maskInternalErrors } from './errors';
import { createLogger } from '../lib/logger';
import { authenticate, type CallerSource } from './auth';

export type GraphqlTarget = { gateway: GatewayInterface } | { schema: GraphQLSchema };

export function createGraphqlServer(target: GraphqlTarget, config: HubConfig): ApolloServer<HubContext> {
  const limits = requestLimits(config.limits);
  const errorLog = createLogger(config.logLevel);
  const common = {
    validationRules: limits.validationRules,
    // One operation per request: a JSON array of operations is refused.
    allowBatchedHttpRequests: false,
    // On everywhere; in production adminOnlyIntrospectionPlugin refuses it to all but ADMIN.
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !config.production,
    // No Apollo Studio here: the landing page would load from a CDN, and inline
    // traces would hand resolver timings to any caller of a subgraph.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      anonymousCallersPlugin({ allowIntrospection: !config.production }),
      ...(config.production ? [adminOnlyIntrospectionPlugin()] : []),
      // Charged where callers come in. A subgraph served alone answers only the
      // gateway, which has charged the whole operation already.
      ...('gateway' in target ? [rateLimitPlugin(config.rateLimit)] : []),
      noSuggestionsPlugin(),
      auditPlugin(),
      ...(limits.plugins as ApolloServerPlugin<HubContext>[]),
      ...(config.production ? [maskInternalErrors((requestId, error) => errorLog.error({ requestId, error }, 'internal error'))] : []),
    ],
  };
  return new ApolloServer<HubContext>({ ...common, ...target } as ApolloServerOptions<HubContext>);
}

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

export function contextFunction(prisma: PrismaClient, config: HubConfig, source: CallerSource = { kind: 'bearer' }) {
  const keys = { secret: config.jwtSecret, publicKey: config.jwtPublicKey };
  return async ({ req }: { req: express.Request }): Promise<HubContext> => {
    const { caller, requestId: signedId } = await authenticate(req.headers, source, { prisma, keys });
    const forwardedId = req.headers['x-request-id'];
    const requestId = signedId ?? (typeof forwardedId === 'string' && REQUEST_ID.test(forwardedId) ? forwardedId : randomUUID());
    return createContext({ prisma, config, caller, requestId });
  };
}
