// The hub's side of DCI's asynchronous calls: work done after the
// acknowledgement, and its answer POSTed, signed, to the sender's callback URI
// (header.sender_uri), tried again with a growing pause when the receiver does
// not take it. Where a callback may go is the caller's registered callback
// origins: the hub never posts personal data to an address a token alone chose.
import { callbackUrlProblem } from '../events/subscriptions';
import { postJson } from '../lib/http';
import type { Logger } from '../lib/logger';
import { DciFailure } from './envelope';
import type { HubSigner } from '../lib/signing';

/** Pauses before each retry of a callback the receiver did not take (2xx). */
export const RETRY_PAUSES_MS = [250, 1_000, 4_000, 16_000];
/** How long one callback attempt may take. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * The URL a callback may be sent to: header.sender_uri, under the rule every
 * callback and event webhook of the hub follows (callbackUrlProblem): its
 * origin one the caller registered (ApiKey.callbackOrigins); with none
 * registered, any http(s) URI in development and none in production; https
 * only in production.
 */
export function callbackTarget(senderUri: string | undefined, origins: readonly string[], production: boolean): URL {
  if (!senderUri) throw new DciFailure('err.sender_uri.invalid', 'header.sender_uri: required for an asynchronous request (where the answer is sent)');
  const problem = callbackUrlProblem(senderUri, origins, production);
  if (problem) throw new DciFailure('err.sender_uri.invalid', `header.sender_uri: ${problem}`);
  return new URL(senderUri);
}

/** Work the hub does after it acknowledged a request, and the callbacks that carry its answers. */
export class Deliveries {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly signer: HubSigner,
    private readonly logger: Logger,
    private readonly pauses: readonly number[] = RETRY_PAUSES_MS,
  ) {}

  /** Runs `work` after the answer has gone; a failure is logged, never thrown at the caller who has its ACK. */
  later(what: string, work: () => Promise<void>): void {
    const running = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await work();
    })()
      .catch((error: unknown) => this.logger.error({ err: error, what }, 'DCI background work failed'))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  /** POSTs the signed { signature, header, message } to `url`; null when taken, or why not after the last try. */
  async send(url: URL, header: Record<string, unknown>, message: unknown): Promise<string | null> {
    const body = JSON.stringify({
      signature: await this.signer.sign(header, message),
      header,
      message,
    });
    let problem = '';
    for (let attempt = 0; attempt <= this.pauses.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, this.pauses[attempt - 1]));
      problem = await postJson(url, body, {}, ATTEMPT_TIMEOUT_MS);
      if (!problem) return null;
      this.logger.warn({ url: url.origin + url.pathname, attempt: attempt + 1, problem }, 'DCI callback not taken');
    }
    return `${url.origin}${url.pathname}: ${problem} (after ${this.pauses.length + 1} tries)`;
  }

  /** Waits for the work in flight (a stopping hub lets its callbacks finish), at most `graceMs`. */
  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.pending]), bound]);
    clearTimeout(timer);
  }
}
