// `npm run bench`: numbers, not assertions. Starts a hub on a fresh database
// (embedded, or a throw-away one on DATABASE_URL's server), seeds the demo set,
// then measures the operations that matter and prints them.
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src/lib/logger';
import { mintToken } from '../src/access/tokens';
import { startHub } from '../src/server/hub';
import { seedDemoIfEmpty } from '../src/cli/seedDemo';
import { testConfig, throwAwayDatabaseUrl } from '../tests/helpers/database';
import { postGraphql } from '../tests/helpers/hub';
import { compareVariants, startUnguardedGateway } from './benchAuthz';

const QUERIES: Record<string, string> = {
  'regions (8 counties, parent chain, standards)': `{ regions(level: COUNTY) { edges { node { code name ancestors { code } standards(year: 2026) { monthlyAmount } } } } }`,
  'households page (20, members, persons)': `{ households(first: 20) { edges { node { sourceId members { relation person { personKey maskedIdNumber age name } } } } } }`,
  'household by id': `query($s: ID!) { household(sourceId: $s) { sourceId members { person { personKey name } } } }`,
  'household with every department\'s records (one graph)': `query($s: ID!) { household(sourceId: $s) {
    sourceId members { relation person { personKey maskedIdNumber age name assistanceRecords { totalCount } } }
    assistanceRecords(first: 50) { totalCount edges { node { id department program amount startDate endDate status
      ... on CivilAffairsRecord { dibaoGrade } ... on EducationRecord { schoolTerm } ... on HealthcareSecurityRecord { billTotal } } } }
  } }`,
  'households page (20) with records': `{ households(first: 20) { edges { node { sourceId assistanceRecords { totalCount edges { node { id program amount } } } } } } }`,
};

async function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
  const { url, drop } = await throwAwayDatabaseUrl();
  const config = testConfig(url, { LOG_LEVEL: 'silent' });
  let t = performance.now();
  const logger = createLogger('silent');
  const hub = await startHub({ config, logger, prepareDatabase: (db) => seedDemoIfEmpty(db.prisma, config, logger) });
  console.log(`database: ${hub.db.kind}; start with migrations and demo seed: ${ms(performance.now() - t)}`);
  const token = await mintToken({ sub: 'bench', role: 'ADMIN', regions: ['51'], purpose: 'benchmark' }, config.jwtSecret);
  // The demo household with records from all seven departments.
  const variables = { s: 'HH-510107-000012' };
  for (const [name, query] of Object.entries(QUERIES)) {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      t = performance.now();
      const { body } = await postGraphql(hub.url, query, { token, variables });
      if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors[0])}`);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => ms(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
    console.log(`${name}: ${rounds} sequential requests, p50 ${p(0.5)}, p95 ${p(0.95)}, max ${p(1)}`);
  }
  await measureAuthorisation(hub, config, token, variables, rounds);
  const memory = process.memoryUsage();
  console.log(`memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  await hub.close();
  await drop();
}

/** The one-graph household query with and without authorisation + audit, same run, same data. */
async function measureAuthorisation(
  hub: Awaited<ReturnType<typeof startHub>>,
  config: Parameters<typeof startUnguardedGateway>[0],
  token: string,
  variables: Record<string, unknown>,
  rounds: number,
) {
  const unguarded = await startUnguardedGateway(config, hub.db);
  const auditBefore = await hub.db.prisma.auditEntry.count();
  const query = QUERIES["household with every department's records (one graph)"]!;
  const results = await compareVariants(
    [
      { name: 'with authorisation and audit', url: hub.url },
      { name: 'without (unguarded schemas)', url: unguarded.url },
    ],
    query,
    token,
    variables,
    rounds,
  );
  const written = (await hub.db.prisma.auditEntry.count()) - auditBefore;
  for (const r of results) console.log(`household query ${r.name}: ${rounds} requests, p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, mean ${ms(r.mean)}`);
  const [guarded, bare] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(
    `authorisation + audit overhead: p50 +${ms(guarded.p50 - bare.p50)} (${(((guarded.p50 - bare.p50) / bare.p50) * 100).toFixed(0)} %), ` +
      `mean +${ms(guarded.mean - bare.mean)}; audit entries written by the guarded runs: ${written}`,
  );
  await unguarded.close();
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
