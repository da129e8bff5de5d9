import { createTestDatabase } from '../helpers/database';
import { ingest } from '../../src/ingest/service';
import { generateDemoRegistry } from '../../src/demo';
it('times', async () => {
  const t = await createTestDatabase();
  const objs = generateDemoRegistry();
  const s = Date.now();
  const r = await ingest(t.db.prisma, objs.map((input, i) => ({ position: i + 1, input })), { sender: { name: 'test', department: null }, personKeyPepper: 'p' });
  console.log(objs.length, r.stored, r.rejected, Date.now() - s, 'ms');
  await t.drop();
}, 300000);
