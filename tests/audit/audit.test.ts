// Every read of personal details leaves an audit entry (ACCESS.md), append-only
// and hash-chained, so that an edited, removed or reordered entry is found.
import { verifyAuditChain } from '../../src/audit/log';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
let officer: string;
beforeAll(async () => {
  hub = await startTestHub({ demo: true });
  officer = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'], purpose: 'case 2026-77', sub: 'officer-li' });
});
afterAll(() => hub.stop());

const NAMES = `{ households(regionCode: "510104", first: 2) { edges { node { sourceId members { person { personKey name } } } } } }`;
const entries = () => hub.db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } });

test('reading names writes one entry per person read, with who, why and which fields', async () => {
  const before = (await entries()).length;
  const { body } = await hub.graphql(NAMES, { token: officer });
  expect(body.errors).toBeUndefined();
  const persons = body.data!.households.edges.flatMap((e: any) => e.node.members.map((m: any) => m.person.personKey));
  const written = (await entries()).slice(before);
  expect(written.map((e) => e.personKey).sort()).toEqual([...new Set(persons)].sort());
  for (const entry of written) {
    expect(entry).toMatchObject({ sub: 'officer-li', role: 'OFFICER', department: 'CIVIL_AFFAIRS', purpose: 'case 2026-77', fields: ['Person.name'] });
  }
  expect(new Set(written.map((e) => e.requestId)).size).toBe(1);
});

test('reads across subgraphs in one request are gathered per person', async () => {
  const before = (await entries()).length;
  const { body } = await hub.graphql(
    `{ households(regionCode: "510104", first: 1) { edges { node { monthlyIncomePerCapita members { person { personKey name disabilityGrade expenses { amount } } } } } } }`,
    { token: officer },
  );
  expect(body.errors).toBeUndefined();
  const written = (await entries()).slice(before);
  const head = written.find((e) => e.personKey === body.data!.households.edges[0].node.members[0].person.personKey)!;
  expect(head.fields).toEqual(['Person.disabilityGrade', 'Person.expenses', 'Person.name']);
  expect(written.some((e) => e.householdSourceId && e.fields.includes('Household.monthlyIncomePerCapita'))).toBe(true);
});

test('a read without personal details, or refused for want of a purpose, writes nothing', async () => {
  const before = (await entries()).length;
  await hub.graphql(`{ households(regionCode: "510104", first: 2) { edges { node { members { person { maskedIdNumber age } } } } } }`, { token: officer });
  const noPurpose = await hub.token({ role: 'OFFICER', department: 'CIVIL_AFFAIRS', regions: ['5101'] });
  const refused = await hub.graphql(NAMES, { token: noPurpose });
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect((await entries()).length).toBe(before);
});

test('each entry carries the hash of the one before, and the chain verifies', async () => {
  const all = await entries();
  expect(all.length).toBeGreaterThan(2);
  for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
  expect(await verifyAuditChain(hub.db.prisma)).toEqual({ entries: all.length, problems: [] });
});

test('the database refuses to change or delete an entry', async () => {
  await expect(hub.db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET purpose = 'x'`)).rejects.toThrow(/append-only/);
  await expect(hub.db.prisma.$executeRawUnsafe(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
});

test('an auditor reads who looked at a person; an officer may not', async () => {
  const [first] = await entries();
  const query = `query($p: ID!) { auditEntries(personKey: $p) { edges { node { sub purpose fields } } } }`;
  const auditor = await hub.token({ role: 'AUDITOR', regions: ['51'] });
  const seen = await hub.graphql(query, { token: auditor, variables: { p: first!.personKey } });
  expect(seen.body.data!.auditEntries.edges[0].node).toMatchObject({ sub: 'officer-li', purpose: 'case 2026-77' });
  const refused = await hub.graphql(query, { token: officer, variables: { p: first!.personKey } });
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

describe('tampering, by someone able to switch the append-only trigger off', () => {
  const tamper = async (sql: string) => {
    await hub.db.prisma.$executeRawUnsafe('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    try {
      await hub.db.prisma.$executeRawUnsafe(sql);
    } finally {
      await hub.db.prisma.$executeRawUnsafe('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    }
  };

  test('an edited entry is named', async () => {
    const [, second] = await entries();
    await tamper(`UPDATE audit_entry SET purpose = 'nothing to see' WHERE id = ${second!.id}`);
    const { problems } = await verifyAuditChain(hub.db.prisma);
    expect(problems).toEqual([expect.objectContaining({ id: second!.id.toString(), problem: 'EDITED' })]);
    await tamper(`UPDATE audit_entry SET purpose = ${JSON.stringify(second!.purpose).replace(/"/g, "'")} WHERE id = ${second!.id}`);
    expect((await verifyAuditChain(hub.db.prisma)).problems).toEqual([]);
  });

  test('reordered entries are named', async () => {
    const [, second, third] = await entries();
    // Swap the two entries' places: each keeps its own content and hashes.
    await tamper(`UPDATE audit_entry SET id = -1 WHERE id = ${second!.id}`);
    await tamper(`UPDATE audit_entry SET id = ${second!.id} WHERE id = ${third!.id}`);
    await tamper(`UPDATE audit_entry SET id = ${third!.id} WHERE id = -1`);
    const { problems } = await verifyAuditChain(hub.db.prisma);
    expect(problems.map((p) => p.problem)).toContain('LINK_BROKEN');
    expect(problems[0]!.id).toBe(second!.id.toString());
    // Swapped back, the chain is whole again.
    await tamper(`UPDATE audit_entry SET id = -1 WHERE id = ${second!.id}`);
    await tamper(`UPDATE audit_entry SET id = ${second!.id} WHERE id = ${third!.id}`);
    await tamper(`UPDATE audit_entry SET id = ${third!.id} WHERE id = -1`);
    expect((await verifyAuditChain(hub.db.prisma)).problems).toEqual([]);
  });

  test('a removed entry is named by the entry that followed it', async () => {
    const all = await entries();
    const victim = all[all.length - 2]!;
    await tamper(`DELETE FROM audit_entry WHERE id = ${victim.id}`);
    const { problems } = await verifyAuditChain(hub.db.prisma);
    expect(problems).toContainEqual(expect.objectContaining({ id: all[all.length - 1]!.id.toString(), problem: 'LINK_BROKEN' }));
  });
});
