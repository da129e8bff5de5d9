// A loopback HTTP server standing in for the caller of an async DCI API: the
// registry POSTs its results (on-search, on-subscribe, notify, txn/on-status,
// ...) to `${url}/<callback path>`. Every POST is recorded and answered with a
// DCI acknowledgement ({ message: { ack_status: 'ACK', timestamp,
// correlation_id } }) under the configured HTTP status (200 unless told).
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface ReceivedCallback {
  /** The request path, without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body parsed; the raw text when it is not JSON. */
  body: any;
}

export interface CallbackReceiver {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  url: string;
  received: ReceivedCallback[];
  /** Resolves once `count` callbacks have been received in all; rejects after timeoutMs (10 s unless told). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** The HTTP status of the acknowledgements from now on. */
  respondWith(status: number): void;
  close(): Promise<void>;
}

/** `delayMs`: how long each answer waits after the request arrived (a slow receiver, so that deliveries are in flight). */
export async function startCallbackReceiver(options: { status?: number; delayMs?: number } = {}): Promise<CallbackReceiver> {
  let status = options.status ?? 200;
  const received: ReceivedCallback[] = [];
  const waiters = new Set<{ count: number; resolve: () => void; reject: (err: Error) => void }>();

  const settle = () => {
    for (const waiter of waiters) if (received.length >= waiter.count) waiter.resolve();
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text: a test can see what arrived
      }
      received.push({ path: (req.url ?? '/').split('?')[0]!, headers: req.headers, body });
      const ack = { message: { ack_status: 'ACK', timestamp: new Date().toISOString(), correlation_id: randomUUID() } };
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(ack)), options.delayMs ?? 0);
      settle();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    received,
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          },
          reject: (err: Error) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            reject(err);
          },
        };
        const timer = setTimeout(() => {
          const paths = received.map((r) => r.path).join(', ') || 'none';
          waiter.reject(
            new Error(`callback receiver at ${url}: expected ${count} callback(s) within ${timeoutMs} ms, received ${received.length} (${paths})`),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    respondWith(next) {
      status = next;
    },
    close() {
      for (const waiter of waiters)
        waiter.reject(new Error(`callback receiver at ${url} closed while waiting for ${waiter.count} callback(s), received ${received.length}`));
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
