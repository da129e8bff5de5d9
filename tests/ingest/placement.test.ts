// Where things may be placed and who may report what: households, records and
// people belong in a county; standards may sit at any level; charities report
// grants, not people's expenses.
import { ingest } from '../../src/ingest/service';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { ADMIN, REGIONS, household, idNumber, items, person, standard } from './builders';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const seeded = await ingest(t.db.prisma, items([...REGIONS]), { sender: ADMIN, personKeyPepper: t.config.idPepper });
  expect(seeded.rejected).toBe(0);
});
afterAll(() => t.drop());

const send = (objects: unknown[], sender = ADMIN) => ingest(t.db.prisma, items(objects), { sender, personKeyPepper: t.config.idPepper });

test('a household placed in a province or a city is refused: households belong in a county', async () => {
  const province = REGIONS.find((r) => r.level === 'PROVINCE')!.code;
  const summary = await send([household([{ idNumber: idNumber(), relation: 'HEAD' }], { regionCode: province })]);
  expect(summary.rejections[0]!.problems).toEqual([{ field: 'regionCode', reason: `${province} is a PROVINCE; a county code is needed here` }]);
});

test('a person\'s residence must be a county too', async () => {
  const city = REGIONS.find((r) => r.level === 'CITY')!.code;
  const summary = await send([person(idNumber(), { residenceRegionCode: city })]);
  expect(summary.rejections[0]!.problems[0]).toMatchObject({ field: 'residenceRegionCode' });
});

test('a standard may be registered for a city, for counties without their own', async () => {
  const city = REGIONS.find((r) => r.level === 'CITY')!.code;
  const summary = await send([standard({ regionCode: city, year: 2031 })]);
  expect(summary).toMatchObject({ stored: 1, rejected: 0 });
});

test('an expense line from a charity is refused, and no person is created for it', async () => {
  const id = idNumber();
  const before = await t.db.prisma.person.count();
  const summary = await send(
    [{ type: 'expense', department: 'CHARITY', sourceId: 'EXP-CH-1', idNumber: id, category: 'MEDICAL', amount: '100.00', date: '2026-03-02' }],
    { name: 'charity', department: 'CHARITY', org: 'RED-CROSS-SC' },
  );
  expect(summary.rejections[0]!.problems).toEqual([{ field: 'type', reason: 'expenses are not reported by charities' }]);
  expect(await t.db.prisma.person.count()).toBe(before);
});
