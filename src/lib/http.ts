// POSTing to a receiver the hub does not control (DCI callbacks, event
// webhooks): bounded in time, never following a redirect (a receiver must not
// send the hub's signed personal data on to an address nobody registered),
// and answered with why not rather than thrown.

/** POSTs `body` as JSON: '' when the receiver took it (2xx), otherwise why not. */
export async function postJson(url: string | URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? '' : `HTTP ${response.status}`;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'no answer in time' : `unreachable (${(error as Error).message})`;
  }
}
