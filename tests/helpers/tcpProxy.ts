// A TCP proxy on loopback in front of a real server (PostgreSQL), which a
// test can freeze (bytes stop flowing both ways, as with a server stopped by
// SIGSTOP) or cut (connections dropped and refused, as with a server down),
// and restore.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  freeze(): void;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let state: 'open' | 'frozen' | 'cut' = 'open';
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    if (state === 'cut') return void client.destroy();
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const relay = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        // Frozen: what was sent is held, never delivered (and no error).
        if (state === 'open') to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => void (state = 'frozen'),
    cut() {
      state = 'cut';
      for (const [a, b] of pairs) (a.destroy(), b.destroy());
    },
    restore: () => void (state = 'open'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) (a.destroy(), b.destroy());
        server.close(() => resolve());
      }),
  };
}
