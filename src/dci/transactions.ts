// DCI search and transaction status. A search (sync or async) is answered
// by src/dci/search.ts through the GraphQL API as the caller; txn/status
// reports a caller's own acknowledged transactions, from the table every
// replica shares, with each item's outcome and never the records found.
import { z } from 'zod';
import type { DciTransaction, PrismaClient } from '../db/client/prisma/client';
import { DciFailure, describe, newCorrelationId, now, type RequestStatus } from './envelope';
import type { Call, Outcome, Work } from './router';
import { answerSearch, searchMessage, type ItemResponse } from './search';

/** What txn/status reports of one request item. */
export interface ItemOutcome {
  reference_id: string;
  timestamp: string;
  status: RequestStatus;
  status_reason_code?: string;
  status_reason_message?: string;
}

/** Parses a message with `schema`, or refuses the request naming the field. */
export function parseMessage<T>(schema: z.ZodType<T>, message: unknown): T {
  const parsed = schema.safeParse(message);
  if (!parsed.success) throw new DciFailure('err.request.bad', describe('message', parsed.error));
  return parsed.data;
}

export function searchHandler(call: Call): Work {
  const message = parseMessage(searchMessage, call.envelope.message);
  return async () => {
    const answers = await answerSearch(message.search_request, call.ask);
    return {
      message: {
        transaction_id: message.transaction_id,
        correlation_id: newCorrelationId(),
        search_response: answers,
      },
      status: answers.every((a) => a.status === 'rjct') ? 'rjct' : 'succ',
      total: answers.length,
      completed: answers.length,
      items: answers.map(outcomeOf),
    };
  };
}

const outcomeOf = ({ reference_id, timestamp, status, status_reason_code, status_reason_message }: ItemResponse): ItemOutcome => ({
  reference_id,
  timestamp,
  status,
  ...(status_reason_code ? { status_reason_code } : {}),
  ...(status_reason_message ? { status_reason_message } : {}),
});

const TXN_ACTIONS = {
  search: 'search',
  subscribe: 'subscribe',
  receipt: 'receipt',
} as const;

const txnStatusMessage = z.object({
  transaction_id: z.string().min(1).max(99),
  txnstatus_request: z.object({
    reference_id: z.string().min(1).max(99),
    txn_type: z.enum(['search', 'subscribe', 'receipt']),
    attribute_type: z.enum(['transaction_id', 'reference_id_list', 'correlation_id']),
    attribute_value: z.union([z.string().min(1).max(99), z.array(z.string().min(1).max(99)).min(1)]),
    locale: z.string().optional(),
  }),
});

/** The status of the caller's own transaction named by transaction_id, correlation_id or reference ids: the newest that matches. */
export function txnStatus(call: Call): Work {
  const message = parseMessage(txnStatusMessage, call.envelope.message);
  const request = message.txnstatus_request;
  const value = request.attribute_value;
  if ((request.attribute_type === 'reference_id_list') !== Array.isArray(value)) {
    throw new DciFailure(
      'err.request.bad',
      `message.txnstatus_request.attribute_value: ${request.attribute_type === 'reference_id_list' ? 'a list of reference ids' : 'a string'} for attribute_type ${request.attribute_type}`,
    );
  }
  return () => findTxn(call, message);
}

async function findTxn(call: Call, message: z.infer<typeof txnStatusMessage>): Promise<Outcome> {
  const request = message.txnstatus_request;
  const value = request.attribute_value;
  const match =
    request.attribute_type === 'transaction_id'
      ? { transactionId: value as string }
      : request.attribute_type === 'correlation_id'
        ? { correlationId: value as string }
        : { referenceIds: { hasSome: value as string[] } };
  const txn = await call.prisma.dciTransaction.findFirst({
    where: {
      callerSub: call.caller.sub,
      action: TXN_ACTIONS[request.txn_type],
      ...match,
    },
    orderBy: { createdAt: 'desc' },
  });
  const txnStatus = txn
    ? { transaction_id: txn.transactionId, correlation_id: txn.correlationId, search_response: itemsOf(txn) }
    : { transaction_id: String(value), correlation_id: '', search_response: [] };
  return {
    message: {
      transaction_id: message.transaction_id,
      correlation_id: newCorrelationId(),
      txnstatus_response: { txn_type: request.txn_type, txn_status: txnStatus },
    },
    // No transaction of this caller's matches: the status request is rejected.
    status: txn ? 'succ' : 'rjct',
    total: 1,
    completed: 1,
    items: [],
  };
}

/** Each item's outcome once answered; before that, every item in the transaction's own status (and, abandoned, why). */
function itemsOf(txn: DciTransaction): ItemOutcome[] {
  if (Array.isArray(txn.outcomes)) return txn.outcomes as unknown as ItemOutcome[];
  return txn.referenceIds.map((reference_id) => ({
    reference_id,
    timestamp: txn.updatedAt.toISOString(),
    status: txn.status as RequestStatus,
    ...(txn.status === 'rjct' && txn.lastError ? { status_reason_message: txn.lastError } : {}),
  }));
}

/**
 * How long an acknowledged request may stay unanswered before it counts as
 * abandoned: far longer than an answer and every try of its callback take
 * (a statement's timeout, then five tries of at most 10 s with 21 s of pauses).
 */
export const ABANDONED_AFTER_MS = 10 * 60_000;
export const ABANDONED_REASON = 'the registry stopped before it answered this request (its process ended): send the request again';

/**
 * Rejects, saying why, the acknowledged requests no process is answering any
 * more (the one that took them ended first), so that txn/status tells their
 * senders to send again rather than "pdng" for ever; the number rejected.
 * The requests themselves are not kept (a search names persons by ID
 * number), so no other process can answer them. Any replica may run it: one
 * UPDATE takes each row.
 */
export async function rejectAbandoned(prisma: PrismaClient, olderThanMs = ABANDONED_AFTER_MS): Promise<number> {
  const { count } = await prisma.dciTransaction.updateMany({
    where: { status: { in: ['rcvd', 'pdng'] }, updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
    data: { status: 'rjct', lastError: ABANDONED_REASON },
  });
  return count;
}

/** A whole request refused after its ACK (403, 429, 503): every item rejected with the reason, in the list `listName`. */
export function itemsRejected(listName: string, requestList: string) {
  return (call: Call, correlationId: string, reason: string): Record<string, unknown> => {
    const message = call.envelope.message as Record<string, unknown>;
    const items = Array.isArray(message[requestList]) ? (message[requestList] as Array<{ reference_id?: unknown }>) : [];
    return {
      transaction_id: message.transaction_id,
      correlation_id: correlationId,
      [listName]: items.map((item, index) => ({
        reference_id: typeof item?.reference_id === 'string' ? item.reference_id : `item-${index + 1}`,
        timestamp: now(),
        status: 'rjct',
        status_reason_message: reason.slice(0, 999),
      })),
    };
  };
}
