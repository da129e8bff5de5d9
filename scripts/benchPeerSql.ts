// The hand-written SQL limit of `npm run bench:peer` (scripts/bench-peer.ts):
// its own child process serving HTTP like the two GraphQL servers, so the
// numbers include the same HTTP and JSON framing and its CPU time and memory
// are its own:
//   DATABASE_URL=... PORT=... node --import tsx scripts/benchPeerSql.ts
// POST / with {"query":"household","variables":{"s":"HH-..."}} or
// {"query":"page","variables":{"after":null|"HH-..."}}: one SQL statement
// (scripts/benchPeerQueries.ts) through a `pg` pool of POOL_MAX (default 32)
// connections, which builds the whole JSON answer; the process sends its text
// as it comes. No authentication, no authorisation, no audit: the floor under
// what any GraphQL server on this database can do.
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { HOUSEHOLD_LEVEL, SQL_HOUSEHOLD, SQL_PAGE } from './benchPeerQueries';

async function main() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const pool = new Pool({ connectionString, max: Number(process.env.POOL_MAX ?? 32) });
  const statements = {
    household: (v: Record<string, unknown>) => ({ name: 'peer_household', text: SQL_HOUSEHOLD, values: [v.s, HOUSEHOLD_LEVEL] }),
    page: (v: Record<string, unknown>) => ({ name: 'peer_page', text: SQL_PAGE, values: [v.after ?? null, HOUSEHOLD_LEVEL] }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: keyof typeof statements; variables: Record<string, unknown> };
          const make = statements[query];
          if (!make) throw new Error(`unknown query ${query}`);
          const { rows } = await pool.query<{ body: string }>(make(variables ?? {}));
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(rows[0]!.body);
        } catch (error) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  process.stdout.write(`listening http://127.0.0.1:${address.port}/\n`);
  const stop = () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
