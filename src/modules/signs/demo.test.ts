// The demo city's signs and issue 11's "done when", through GraphQL alone: the demo shop owner signs in
// with a code texted to 19900001000, finds the returned application of 赵记煎饼 with its rule-by-rule
// guidance, corrects and resubmits it; the demo officer reviews and approves it, and it appears in the
// public register. The seeded applications cover every state of the workflow.
import { codeFromLogs, LOGIN_WITH_CODE, REQUEST_CODE, startClockedApp, type ClockedApp } from '../../../test/helpers/vendors';
import { DEMO_CITY } from '../../demo/demo-city.data';
import { seedDemoCity } from '../../demo/demo-seed';
import { DEMO_SHOPS } from '../../demo/demo-signs.data';

let app: ClockedApp;
const PHONE = '19900001000';

beforeAll(async () => {
  app = await startClockedApp(new Date().toISOString());
  await seedDemoCity(app.db, { password: 'demo-password-1', bcryptCost: 4 });
}, 180_000);
afterAll(() => app.close());

function ok<T>(r: { data?: T | null; errors?: unknown[] }): T {
  if (r.errors?.length || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

type Row = { id: string; status: string; shopName: string; reason: string | null; permitNumber: string | null;
  compliance: { results: { rule: string; passed: boolean; message: string }[] } | null };
const FIELDS = 'id status shopName reason permitNumber compliance { results { rule passed message } }';

it('seeds two street guides and a dozen applications in every state', async () => {
  const { login } = ok(await app.gql<{ login: { token: string } }>('mutation { login(username: "admin", password: "demo-password-1") { token } }'));
  const { signApplications } = ok(await app.gql<{ signApplications: Row[] }>(`{ signApplications(first: 100) { ${FIELDS} } }`, {}, login.token));
  expect(signApplications).toHaveLength(DEMO_SHOPS.length);
  expect(new Set(signApplications.map((a) => a.status))).toEqual(new Set(
    ['DRAFT', 'SUBMITTED', 'RETURNED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED']));
  const { signGuides } = ok(await app.gql<{ signGuides: { streetName: string }[] }>('query($c: String!) { signGuides(city: $c) { streetName } }', { c: DEMO_CITY.code }));
  expect(signGuides.map((g) => g.streetName).sort()).toEqual(['洗砚池街（特色商业街）', '解放路（沂蒙路以西段）'].sort());
  const { expiringSignPermits } = ok(await app.gql<{ expiringSignPermits: { shopName: string; status: string }[] }>(
    '{ expiringSignPermits(withinDays: 30) { shopName status } }', {}, login.token));
  expect(expiringSignPermits).toEqual([{ shopName: '老城五金', status: 'EXPIRED' }, { shopName: '沂蒙大药房', status: 'APPROVED' }]);
});

it('the demo shop owner corrects the returned application; the officer approves it into the register', async () => {
  ok(await app.gql(REQUEST_CODE, { c: DEMO_CITY.code, p: PHONE }));
  const owner = ok(await app.gql<{ loginWithCode: { token: string } }>(LOGIN_WITH_CODE, { c: DEMO_CITY.code, p: PHONE, code: codeFromLogs(app.logs, PHONE) })).loginWithCode.token;
  const [mine] = ok(await app.gql<{ mySignApplications: (Row & { location: unknown })[] }>(`{ mySignApplications { ${FIELDS} location } }`, {}, owner)).mySignApplications;
  expect(mine).toMatchObject({ shopName: '赵记煎饼', status: 'RETURNED' });
  expect(mine.compliance!.results.filter((r) => !r.passed).map((r) => r.message)).toContain(
    '招牌宽度 6.0 米超过门面宽度 6.5 米的 80%：最多 5.2 米 / width 6.0 m exceeds 80% of the 6.5 m facade: at most 5.2 m');

  const input = {
    shopName: '赵记煎饼', address: '兰山区洗砚池街 12 号', location: mine.location, facade: { widthM: 6.5, heightM: 4 },
    contactName: '赵秀英', contactPhone: PHONE, signs: [{ type: 'FASCIA', widthM: 5.2, heightM: 1, lighting: 'EXTERNAL' }],
  };
  ok(await app.gql('mutation($id: ID!, $i: SignApplicationInput!) { updateSignApplication(id: $id, input: $i) { id } }', { id: mine.id, i: input }, owner));
  const resubmitted = ok(await app.gql<{ submitSignApplication: Row }>(`mutation($id: ID!) { submitSignApplication(id: $id) { ${FIELDS} } }`, { id: mine.id }, owner));
  expect(resubmitted.submitSignApplication.status).toBe('SUBMITTED');

  const officer = ok(await app.gql<{ login: { token: string } }>('mutation { login(username: "officer", password: "demo-password-1") { token } }')).login.token;
  ok(await app.gql('mutation($id: ID!) { startSignReview(id: $id) { id } }', { id: mine.id }, officer));
  const approved = ok(await app.gql<{ approveSignApplication: Row }>(`mutation($id: ID!) { approveSignApplication(id: $id) { ${FIELDS} } }`, { id: mine.id }, officer));
  expect(approved.approveSignApplication.status).toBe('APPROVED');
  const { signRegister } = ok(await app.gql<{ signRegister: { permitNumber: string; shopName: string }[] }>(
    'query($c: String!) { signRegister(city: $c) { permitNumber shopName } }', { c: DEMO_CITY.code }));
  expect(signRegister).toContainEqual({ permitNumber: approved.approveSignApplication.permitNumber, shopName: '赵记煎饼' });
});
