// A TCP balancer on loopback in front of a subgraph's replicas, as a
// Kubernetes Service or a TCP-mode HAProxy would be: each new connection goes
// to the next replica in turn, and to the one after when a replica refuses
// it (stopped, or draining). It counts the connections each replica took.
import net from 'node:net';

export interface Balancer {
  port: number;
  /** Connections each backend took, by its port. */
  taken: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  let next = 0;
  const taken = new Map(backendPorts.map((port) => [port, 0]));
  const open = new Set<net.Socket>();
  const track = (socket: net.Socket) => (open.add(socket), socket.once('close', () => open.delete(socket)));

  function connect(client: net.Socket, tries: number) {
    const port = backendPorts[next++ % backendPorts.length]!;
    const upstream = track(net.connect(port, '127.0.0.1'));
    const closeClient = () => client.destroy();
    upstream.once('close', closeClient);
    upstream.once('error', () => {
      // Refused before it connected: the next replica gets the connection.
      if (!upstream.bytesRead && !upstream.bytesWritten && tries + 1 < backendPorts.length) {
        upstream.removeListener('close', closeClient);
        connect(client, tries + 1);
      }
    });
    upstream.once('connect', () => {
      taken.set(port, taken.get(port)! + 1);
      client.once('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  }

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client).on('error', () => client.destroy());
    connect(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    taken,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
