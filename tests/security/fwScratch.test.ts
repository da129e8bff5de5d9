import { startTestHub, type TestHub } from '../helpers/hub';
import { seedFieldWalkWorld, WALK_CHARITY } from './fieldWalkWorld';
let hub: TestHub;
beforeAll(async () => { hub = await startTestHub(); await seedFieldWalkWorld(hub); });
afterAll(() => hub?.stop());
test('scratch', async () => {
  const token = await hub.token({ sub: 'x', role: 'CHARITY', org: WALK_CHARITY, regions: ['5101'], purpose: 'p' });
  for (const q of [
    `{ charityPrograms(first: 5) { edges { node { code grants { id purpose beneficiaryMaskedName amount } } } } }`,
    `{ charityProgram(code: "FW-CHARITY-510104-EDU") { code grants { id purpose eventRef beneficiaryMaskedName } } }`,
    `{ charityProgram(code: "FW-CHARITY-511302-EDU") { code grants { id purpose beneficiaryMaskedName } } }`,
    `{ assistanceRecord(id: "CHARITY:FW-510104-GRANT") { id ... on CharityGrant { purpose } } }`,
  ]) console.log(JSON.stringify((await hub.graphql(q, { token })).body));
});
