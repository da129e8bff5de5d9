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
import { auditPlugin } from './audit';
import { requestLimits } from './limits';
import { maskInternalErrors } from './errors';
import { createLogger } from '../lib/logger';
import { callerFromAuthorization } from './auth';

export type GraphqlTarget = { gateway: GatewayInterface } | { schema: GraphQLSchema };

export function createGraphqlServer(target: GraphqlTarget, config: HubConfig): ApolloServer<HubContext> {
  const limits = requestLimits(config.limits);
  const errorLog = createLogger(config.logLevel);
  const common = {
    validationRules: limits.validationRules,
    // One operation per request: a JSON array of operations is refused.
    allowBatchedHttpRequests: false,
    introspection: !config.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !config.production,
    // No Apollo Studio here: the landing page would load from a CDN, and inline
    // traces would hand resolver timings to any caller of a subgraph.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      anonymousCallersPlugin({ allowIntrospection: !config.production }),
      auditPlugin(),
      ...(limits.plugins as ApolloServerPlugin<HubContext>[]),
      ...(config.production ? [maskInternalErrors((requestId, error) => errorLog.error({ requestId, error }, 'internal error'))] : []),
    ],
  };
  return new ApolloServer<HubContext>({ ...common, ...target } as ApolloServerOptions<HubContext>);
}

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

export function contextFunction(prisma: PrismaClient, config: HubConfig) {
  return async ({ req }: { req: express.Request }): Promise<HubContext> => {
    const forwardedId = req.headers['x-request-id'];
    const requestId = typeof forwardedId === 'string' && REQUEST_ID.test(forwardedId) ? forwardedId : randomUUID();
    return createContext({
      prisma,
      config,
      caller: await callerFromAuthorization(req.headers.authorization, config.jwtSecret),
      requestId,
      authorization: req.headers.authorization ?? null,
    });
  };
}
