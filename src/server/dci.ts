// The DCI facade's place in the hub: its router, given the hub's own GraphQL
// server to ask as each caller (the same plugins, policy, cost budget and
// audit as POST /graphql) and the same ways of knowing a caller.
import type { ApolloServer } from '@apollo/server';
import type express from 'express';
import type { PrismaClient } from '../db/client/prisma/client';
import type { HubConfig } from '../lib/config';
import type { Logger } from '../lib/logger';
import type { HubContext } from '../graphql/context';
import { Deliveries } from '../dci/callbacks';
import { dciRouter } from '../dci/router';
import { rejectAbandoned } from '../dci/transactions';
import type { Ask, GraphqlAnswer } from '../dci/search';
import { hubSigner, type HubSigner } from '../lib/signing';
import { callerFromAuthorization } from './auth';
import { contextFunction } from './graphqlServer';

export interface DciParts {
  router: express.Router;
  /** Stops rejecting abandoned requests and waits for the callbacks still being sent, at most `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/** How often a hub looks for requests an ended process had acknowledged (rejectAbandoned). */
const ABANDONED_SWEEP_MS = 60_000;

/**
 * The hub's signer: its key (HUB_SIGNING_KEY_FILE), or in development one
 * made for this process. Null in production without a key: the hub then
 * neither answers DCI callers nor sends events, since it could not sign them.
 */
export async function signerFor(config: HubConfig, logger: Logger): Promise<HubSigner | null> {
  if (config.signingKey || !config.production) return hubSigner(config.signingKey);
  logger.warn('no HUB_SIGNING_KEY_FILE: the DCI facade (/dci/...) is not served and events are not sent');
  return null;
}

/** The facade's routes, asking the hub's GraphQL server as each caller. */
export function dciFacade(config: HubConfig, prisma: PrismaClient, graphql: ApolloServer<HubContext>, signer: HubSigner, logger: Logger): DciParts {
  const deliveries = new Deliveries(signer, logger);
  const keys = {
    secret: config.jwtSecret,
    publicKey: config.jwtPublicKey,
    jwks: config.jwtJwks,
  };
  const router = dciRouter({
    prisma,
    signer,
    hubId: config.dciId,
    production: config.production,
    tokenSecret: config.jwtSecret,
    callerOf: (req) => callerFromAuthorization(req.headers.authorization, { prisma, keys }),
    askAs: askAs(graphql, contextFunction(prisma, config)),
    deliveries,
  });
  // Requests acknowledged by a process that ended before answering are rejected, saying why: at start, then every minute.
  const sweep = () =>
    rejectAbandoned(prisma).then(
      (rejected) => rejected > 0 && logger.warn({ rejected }, 'DCI requests acknowledged by an ended process rejected: their senders are to send them again'),
      (error: unknown) => logger.error({ err: error }, 'looking for abandoned DCI requests failed'),
    );
  let sweeping = sweep();
  const sweeper = setInterval(() => (sweeping = sweep()), ABANDONED_SWEEP_MS).unref();
  return {
    router,
    close: async (graceMs) => {
      clearInterval(sweeper);
      await sweeping;
      await deliveries.close(graceMs);
    },
  };
}

type ContextOf = ReturnType<typeof contextFunction>;

/**
 * The GraphQL API as the caller of `req`, through Apollo Server's whole
 * request pipeline. The request's headers and address are kept, so that work
 * done after the answer (an async search) still asks as that caller.
 */
function askAs(graphql: ApolloServer<HubContext>, contextOf: ContextOf) {
  return (req: express.Request): Ask => {
    const kept = {
      headers: { ...req.headers },
      ip: req.ip,
      socket: { remoteAddress: req.socket.remoteAddress },
    } as unknown as express.Request;
    return async (query, variables) => {
      const response = await graphql.executeOperation({ query, variables }, { contextValue: await contextOf({ req: kept }) });
      if (response.body.kind !== 'single') throw new Error('a DCI query was answered incrementally');
      return response.body.singleResult as GraphqlAnswer;
    };
  };
}
