// The DCI facade over HTTP: the Social Registry endpoints under /dci/social
// and the integrated beneficiary registry's (IBR) under /dci/ibr, the OAuth
// token endpoint, and the hub's signing keys at /.well-known/jwks.json. Every
// endpoint runs the same steps: bearer → envelope → caller's signature →
// the endpoint's handler; a synchronous endpoint answers with the handler's
// message signed, an asynchronous one acknowledges, records the transaction,
// and sends the handler's message to the sender's callback URI later.
import express, { type Request, type Response } from 'express';
import type { ApiKey, PrismaClient } from '../db/client/prisma/client';
import { isDatabaseOutage } from '../db/outage';
import type { Caller } from '../access/callers';
import { apiKeyOfCaller } from '../access/apiKeys';
import { callbackTarget, type Deliveries } from './callbacks';
import { acknowledgement, answerHeader, DciFailure, newCorrelationId, readEnvelope, type Envelope, type RequestStatus } from './envelope';
import { enrolled } from './enrolled';
import { enrollmentUpdates } from './enrollmentUpdates';
import type { Ask } from './search';
import { signatureProblem, type HubSigner } from '../lib/signing';
import { subscribe, unsubscribe, unsubscribeRejected } from './subscriptions';
import { tokenEndpoint } from './token';
import { itemsRejected, searchHandler, txnStatus, type ItemOutcome } from './transactions';
import type { JWK } from 'jose';

export const DCI_PATHS = {
  social: '/dci/social',
  ibr: '/dci/ibr',
  token: '/dci/oauth2/client/token',
  jwks: '/.well-known/jwks.json',
} as const;
export type Registry = 'social' | 'ibr';

export interface DciOptions {
  prisma: PrismaClient;
  signer: HubSigner;
  /** The hub's id in headers (HUB_DCI_ID). */
  hubId: string;
  production: boolean;
  /** The HS256 secret the hub's own tokens are signed with. */
  tokenSecret: string;
  /**
   * The caller of a request from its Authorization header, and until when its
   * credential vouches for its claims (a token's exp; null for an API key);
   * throws when the credential is refused.
   */
  callerOf(req: Request): Promise<{ caller: Caller | null; until?: number | null }>;
  /** The GraphQL API as the caller of this request, usable after the request has been answered. */
  askAs(req: Request): Ask;
  deliveries: Deliveries;
}

/** What an endpoint's handler is given. */
export interface Call {
  registry: Registry;
  caller: Caller;
  /** Until when the caller's credential vouches for its claims (seconds since the epoch); null for an API key. */
  until: number | null;
  /** The caller's API key, when it calls as a registered client. */
  client: ApiKey | null;
  envelope: Envelope;
  ask: Ask;
  prisma: PrismaClient;
  production: boolean;
}

/** What a handler answers: the message, the request's status and counts, and each item's outcome for txn/status. */
export interface Outcome {
  message: Record<string, unknown>;
  status: RequestStatus;
  total: number;
  completed: number;
  items: ItemOutcome[];
}

/** A request's work, made once its message has been checked (a refusal then comes before any ACK). */
export type Work = () => Promise<Outcome>;

interface Endpoint {
  path: string;
  registries: readonly Registry[];
  /** header.action the request must carry, and the action of its answer. */
  action: string;
  answer: string;
  mode: 'sync' | 'async';
  /** The request's header: MsgHeader, or (IBR's enrollment updates) MsgCallbackHeader. */
  header?: 'request' | 'callback';
  /** Checks the message (throwing a DciFailure) and returns the work. */
  handle(call: Call): Work;
  /** The callback message of an acknowledged request refused as a whole (403, 429, 503). */
  rejected?(call: Call, correlationId: string, reason: string): Record<string, unknown>;
}

const BOTH = ['social', 'ibr'] as const;

/** The endpoints of the two OpenAPI files, as data. */
const ENDPOINTS: Endpoint[] = [
  {
    path: '/registry/sync/search',
    registries: BOTH,
    action: 'search',
    answer: 'on-search',
    mode: 'sync',
    handle: searchHandler,
  },
  {
    path: '/registry/search',
    registries: BOTH,
    action: 'search',
    answer: 'on-search',
    mode: 'async',
    handle: searchHandler,
    rejected: itemsRejected('search_response', 'search_request'),
  },
  {
    path: '/registry/sync/txn/status',
    registries: BOTH,
    action: 'txn-status',
    answer: 'txn-on-status',
    mode: 'sync',
    handle: txnStatus,
  },
  {
    path: '/registry/txn/status',
    registries: BOTH,
    action: 'txn-status',
    answer: 'txn-on-status',
    mode: 'async',
    handle: txnStatus,
  },
  {
    path: '/registry/subscribe',
    registries: BOTH,
    action: 'subscribe',
    answer: 'on-subscribe',
    mode: 'async',
    handle: subscribe,
    rejected: itemsRejected('subscribe_response', 'subscribe_request'),
  },
  {
    path: '/registry/unsubscribe',
    registries: BOTH,
    action: 'unsubscribe',
    answer: 'on-unsubscribe',
    mode: 'async',
    handle: unsubscribe,
    rejected: unsubscribeRejected,
  },
  {
    path: '/registry/sync/enrolled',
    registries: ['ibr'],
    action: 'search',
    answer: 'on-search',
    mode: 'sync',
    handle: enrolled,
  },
  {
    path: '/registry/sync/enrollment/updates',
    registries: ['ibr'],
    action: 'notify',
    answer: 'on-notify',
    mode: 'sync',
    header: 'callback',
    handle: enrollmentUpdates,
  },
];

export function dciRouter(options: DciOptions): express.Router {
  const router = express.Router();
  router.get(DCI_PATHS.jwks, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(options.signer.jwks);
  });
  router.post(
    DCI_PATHS.token,
    express.urlencoded({ extended: false, limit: '16kb' }),
    express.json({ limit: '16kb' }),
    tokenEndpoint(options.prisma, options.tokenSecret),
  );
  for (const endpoint of ENDPOINTS) {
    for (const registry of endpoint.registries) {
      router.post(`${DCI_PATHS[registry]}${endpoint.path}`, express.json({ limit: '4mb' }), (req, res) =>
        serve(endpoint, registry, options, req, res),
      );
    }
  }
  router.use(unexpected);
  return router;
}

/**
 * A body that is not JSON (400), or a failure the hub did not expect (500;
 * the database unreachable is 503), as an HttpErrorResponse, never Express's
 * HTML page.
 */
function unexpected(error: unknown, req: Request, res: Response, next: express.NextFunction): void {
  if (res.headersSent || !req.path.startsWith('/dci/')) {
    next(error);
    return;
  }
  const status = (error as { status?: number }).status ?? 500;
  const unavailable = isDatabaseOutage(error);
  const [httpStatus, code, message] =
    status === 400 || status === 413
      ? [status, 'err.request.bad', `the body must be JSON of at most 4 MB: ${(error as Error).message}`]
      : unavailable
        ? [503, 'err.service.unavailable', 'the registry cannot reach its database; try again later']
        : [500, 'err.service.unavailable', 'the registry failed to answer this request'];
  res.status(httpStatus).json({ errors: [{ code, message }] });
}

async function serve(endpoint: Endpoint, registry: Registry, options: DciOptions, req: Request, res: Response): Promise<void> {
  try {
    const { caller, until } = await authenticated(options, req);
    const envelope = readEnvelope(req.body, endpoint.action, endpoint.header);
    if (envelope.header.receiver_id !== undefined && envelope.header.receiver_id !== options.hubId) {
      throw new DciFailure('err.receiver_id.invalid', `header.receiver_id: this registry is "${options.hubId}"`);
    }
    const client = await apiKeyOfCaller(options.prisma, caller);
    await checkSignature(envelope, client, options.production);
    const call: Call = {
      registry,
      caller,
      until,
      client,
      envelope,
      ask: options.askAs(req),
      prisma: options.prisma,
      production: options.production,
    };
    if (endpoint.mode === 'sync') await answerNow(endpoint, call, options, res);
    else await answerLater(endpoint, call, options, res);
  } catch (error) {
    if (!(error instanceof DciFailure)) throw error;
    await refuse(error, endpoint, req, options, res);
  }
}

async function authenticated(options: DciOptions, req: Request): Promise<{ caller: Caller; until: number | null }> {
  let credential: { caller: Caller | null; until?: number | null };
  try {
    credential = await options.callerOf(req);
  } catch (error) {
    throw new DciFailure('err.request.unauthorized', (error as Error).message, 401);
  }
  const { caller, until } = credential;
  if (!caller) throw new DciFailure('err.request.unauthorized', `a bearer token is required (POST ${DCI_PATHS.token})`, 401);
  return { caller, until: until ?? null };
}

/**
 * A caller with a registered signing key must sign every request, and the
 * signature must hold; production takes no unsigned request at all. In
 * development a caller with no key registered may send none (nothing to check
 * a signature with).
 */
async function checkSignature(envelope: Envelope, client: ApiKey | null, production: boolean): Promise<void> {
  const key = client?.signingKey as JWK | null | undefined;
  if (!key) {
    if (production)
      throw new DciFailure(
        'err.signature.missing',
        'signature: production takes signed requests only, and this client has no registered signing key',
        401,
      );
    return;
  }
  if (!envelope.signature) throw new DciFailure('err.signature.missing', 'signature: required, this client has a registered signing key', 401);
  const problem = await signatureProblem(envelope.signature, envelope.header, envelope.message, key);
  if (problem) throw new DciFailure('err.signature.invalid', problem, 401);
}

async function answerNow(endpoint: Endpoint, call: Call, options: DciOptions, res: Response): Promise<void> {
  const outcome = await endpoint.handle(call)();
  const header = answerHeader(endpoint.answer, outcome, idsOf(call, options.hubId));
  res.json({
    signature: await options.signer.sign(header, outcome.message),
    header,
    message: outcome.message,
  });
}

/**
 * Acknowledges at once and answers at the sender's callback URI. The
 * transaction is stored before the ACK (txn/status answers from any replica),
 * then marked pending, then answered with each item's outcome (no records:
 * the transactions table keeps no personal data).
 */
async function answerLater(endpoint: Endpoint, call: Call, options: DciOptions, res: Response): Promise<void> {
  const target = callbackTarget(call.envelope.header.sender_uri, call.client?.callbackOrigins ?? [], options.production);
  const work = endpoint.handle(call);
  const correlationId = newCorrelationId();
  const transactionId = String((call.envelope.message as { transaction_id: string }).transaction_id);
  await options.prisma.dciTransaction.create({
    data: {
      correlationId,
      transactionId,
      senderId: call.envelope.header.sender_id,
      callerSub: call.caller.sub,
      registry: call.registry,
      action: endpoint.action,
      status: 'rcvd',
      referenceIds: referenceIdsOf(call.envelope.message),
      callbackUri: target.href,
    },
  });
  res.json(acknowledgement('ACK', correlationId));
  options.deliveries.later(`${endpoint.action} ${correlationId}`, async () => {
    const txn = { where: { correlationId } };
    await options.prisma.dciTransaction.update({
      ...txn,
      data: { status: 'pdng' },
    });
    const { header, outcome } = await answerOf(endpoint, work, call, correlationId, options.hubId);
    const undelivered = await options.deliveries.send(target, header, outcome.message);
    await options.prisma.dciTransaction.update({
      ...txn,
      data: {
        status: outcome.status,
        outcomes: outcome.items as object[],
        lastError: undelivered,
      },
    });
  });
}

/** The handler's answer to an acknowledged request, or the whole request rejected (403, 429, 503) as its callback header says. */
async function answerOf(endpoint: Endpoint, work: Work, call: Call, correlationId: string, hubId: string) {
  try {
    const outcome = await work();
    outcome.message.correlation_id = correlationId;
    return {
      header: answerHeader(endpoint.answer, outcome, idsOf(call, hubId)),
      outcome,
    };
  } catch (error) {
    if (!(error instanceof DciFailure) || !endpoint.rejected) throw error;
    const reason = `${error.code}: ${error.message}`;
    const message = endpoint.rejected(call, correlationId, reason);
    const items = (Object.values(message).find(Array.isArray) ?? []) as ItemOutcome[];
    const outcome: Outcome = {
      message,
      status: 'rjct',
      total: items.length,
      completed: items.length,
      items,
    };
    const header = {
      ...answerHeader(endpoint.answer, outcome, idsOf(call, hubId)),
      status_reason_message: reason.slice(0, 999),
    };
    return { header, outcome };
  }
}

/** Who an answer to this call is from and to. */
const idsOf = (call: Call, hubId: string) => ({ sender: hubId, receiver: call.envelope.header.sender_id });

/** Each item's reference_id, whichever list the message carries them in. */
function referenceIdsOf(message: unknown): string[] {
  const lists = ['search_request', 'subscribe_request'].map((name) => (message as Record<string, unknown>)[name]);
  const items = lists.find(Array.isArray) as Array<{ reference_id?: unknown }> | undefined;
  const ids = (items ?? []).map((item) => item?.reference_id).filter((id): id is string => typeof id === 'string');
  const request = (message as { txnstatus_request?: { reference_id?: unknown } }).txnstatus_request;
  return typeof request?.reference_id === 'string' ? [...ids, request.reference_id] : ids;
}

/**
 * A refused request, in the shape the files give its status: 401, 403 and
 * 500 as HttpErrorResponse; otherwise an asynchronous endpoint's ERR
 * acknowledgement, or a synchronous endpoint's answer envelope whose header
 * says rjct and why.
 */
async function refuse(failure: DciFailure, endpoint: Endpoint, req: Request, options: DciOptions, res: Response): Promise<void> {
  res.status(failure.httpStatus);
  if ([401, 403, 500].includes(failure.httpStatus)) {
    if (failure.httpStatus === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.json({ errors: [{ code: failure.code, message: failure.message }] });
    return;
  }
  if (endpoint.mode === 'async') {
    res.json(
      acknowledgement('ERR', newCorrelationId(), {
        code: failure.code,
        message: failure.message,
      }),
    );
    return;
  }
  const sent = (req.body as { header?: { sender_id?: unknown } } | undefined)?.header;
  const header = {
    ...answerHeader(
      endpoint.answer,
      { status: 'rjct', total: 0, completed: 0 },
      { sender: options.hubId, receiver: typeof sent?.sender_id === 'string' ? sent.sender_id : undefined },
    ),
    ...(failure.reasonCode ? { status_reason_code: failure.reasonCode } : {}),
    status_reason_message: `${failure.code}: ${failure.message}`,
  };
  res.json({ signature: await options.signer.sign(header, undefined), header });
}
