// The DCI message envelope ({ signature, header, message }) of the Social
// Registry and IBR OpenAPI files (MsgHeader_V1.0.0, MsgCallbackHeader_V1.0.0,
// the acknowledgement `Response` and its `Error` codes). What the files
// require is checked here, once, and a request that breaks it is answered
// with an ERR acknowledgement naming the field and the reason.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const DCI_VERSION = '1.0.0';

/** The `Error.code` values of the files: communication-layer failures, answered in the acknowledgement. */
export type DciErrorCode =
  | 'err.request.bad'
  | 'err.request.unauthorized'
  | 'err.request.forbidden'
  | 'err.request.not_found'
  | 'err.request.timeout'
  | 'err.version.not_supported'
  | 'err.request.too_many_requests'
  | 'err.sender_id.invalid'
  | 'err.sender_uri.invalid'
  | 'err.receiver_id.invalid'
  | 'err.signature.missing'
  | 'err.signature.invalid'
  | 'err.encryption.invalid'
  | 'err.service.unavailable';

/** A request refused before its message is processed: the HTTP status and the acknowledgement's error. */
export class DciFailure extends Error {
  constructor(
    readonly code: DciErrorCode,
    message: string,
    readonly httpStatus: number = 400,
    /** A MsgHeaderStatusReasonCode, for a synchronous endpoint's rjct header. */
    readonly reasonCode?: HeaderReasonCode,
  ) {
    super(message);
  }
}

/** MsgHeaderStatusReasonCode: why a header was refused. */
export type HeaderReasonCode = 'rjct.version.invalid' | 'rjct.message_ts.invalid' | 'rjct.action.invalid' | 'rjct.total_count.invalid';

const REASON_BY_FIELD: Record<string, HeaderReasonCode> = {
  message_ts: 'rjct.message_ts.invalid',
  action: 'rjct.action.invalid',
  total_count: 'rjct.total_count.invalid',
  version: 'rjct.version.invalid',
};

const timestamp = z.iso.datetime({ offset: true });

/** MsgHeader_V1.0.0: what every request's header must carry. */
export const requestHeader = z.object({
  version: z.string().optional(),
  message_id: z.string().min(1).max(99),
  message_ts: timestamp,
  action: z.string().min(1),
  sender_id: z.string().min(1),
  sender_uri: z.url({ protocol: /^https?$/ }).optional(),
  receiver_id: z.string().optional(),
  // The files say integer; numeric strings are taken too, as senders built from JSON forms send them.
  total_count: z.coerce.number().int().min(0),
  is_msg_encrypted: z.boolean().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type RequestHeader = z.infer<typeof requestHeader>;

/**
 * MsgCallbackHeader_V1.0.0, which IBR's /registry/sync/enrollment/updates
 * takes as its request header (action "notify"): a status, and no sender_id
 * or total_count required.
 */
const callbackHeader = requestHeader.extend({
  sender_id: z.string().optional(),
  total_count: z.coerce.number().int().min(0).optional(),
  status: z.enum(['rcvd', 'pdng', 'succ', 'rjct']),
});

const envelope = z.object({
  signature: z.string().optional(),
  header: z.unknown(),
  message: z.unknown(),
});

export interface Envelope {
  signature?: string;
  header: RequestHeader;
  message: unknown;
}

/**
 * The envelope of a request to an endpoint whose header.action must be
 * `action`. Encrypted messages are not taken (the hub publishes no
 * encryption key): err.encryption.invalid.
 */
export function readEnvelope(body: unknown, action: string, kind: 'request' | 'callback' = 'request'): Envelope {
  const outer = envelope.safeParse(body);
  if (!outer.success || outer.data.header === undefined)
    throw new DciFailure('err.request.bad', 'the body must be a JSON object with header and message');
  const header = (
    kind === 'request'
      ? requestHeader.safeParse(outer.data.header)
      : callbackHeader.transform((h) => ({ ...h, sender_id: h.sender_id ?? '', total_count: h.total_count ?? 0 })).safeParse(outer.data.header)
  ) as z.ZodSafeParseResult<RequestHeader>;
  if (!header.success) {
    const field = String(header.error.issues[0]!.path[0] ?? '');
    throw new DciFailure(
      field === 'sender_uri' ? 'err.sender_uri.invalid' : 'err.request.bad',
      describe('header', header.error),
      400,
      REASON_BY_FIELD[field],
    );
  }
  if (header.data.version !== undefined && header.data.version !== DCI_VERSION) {
    throw new DciFailure('err.version.not_supported', `header.version: only ${DCI_VERSION} is supported`, 400, 'rjct.version.invalid');
  }
  if (header.data.action !== action)
    throw new DciFailure('err.request.bad', `header.action: must be "${action}" at this endpoint`, 400, 'rjct.action.invalid');
  if (header.data.is_msg_encrypted) throw new DciFailure('err.encryption.invalid', 'header.is_msg_encrypted: encrypted messages are not accepted');
  if (outer.data.message === undefined || outer.data.message === null || typeof outer.data.message !== 'object') {
    throw new DciFailure('err.request.bad', 'message: required, an object');
  }
  return {
    signature: outer.data.signature,
    header: header.data,
    message: outer.data.message,
  };
}

/** "header.message_id: required" from zod's issues: the first one, with its path. */
export function describe(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return `${path}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`;
}

export const now = () => new Date().toISOString();

/** A new correlation id: the hub's own id of a transaction (at most 99 characters). */
export const newCorrelationId = () => randomUUID();

/** The acknowledgement (`Response`): ACK, NACK, or ERR with its error. */
export function acknowledgement(status: 'ACK' | 'NACK' | 'ERR', correlationId: string, error?: { code: DciErrorCode; message: string }) {
  return {
    message: {
      ack_status: status,
      timestamp: now(),
      correlation_id: correlationId,
      ...(error ? { error } : {}),
    },
  };
}

export type RequestStatus = 'rcvd' | 'pdng' | 'succ' | 'rjct';

/**
 * MsgCallbackHeader_V1.0.0 of what the hub sends: a sync answer, a callback,
 * a notification. `sender` is the hub's id; `receiver` the sender_id of the
 * request answered (or the subscriber's), left out when unknown.
 */
export function answerHeader(
  action: string,
  counts: { status: RequestStatus; total: number; completed: number },
  ids: { sender: string; receiver?: string },
) {
  return {
    version: DCI_VERSION,
    message_id: randomUUID(),
    message_ts: now(),
    action,
    status: counts.status,
    total_count: counts.total,
    completed_count: counts.completed,
    sender_id: ids.sender,
    ...(ids.receiver ? { receiver_id: ids.receiver } : {}),
    is_msg_encrypted: false,
  };
}
