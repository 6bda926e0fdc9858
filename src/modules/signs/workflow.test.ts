// The whole workflow through GraphQL: a shop owner drafts, submits, is returned by the compliance check
// with rule-by-rule guidance, corrects and resubmits; an officer reviews and approves, the permit appears
// in the public register; renewal, revocation, expiry, and the transitions the workflow refuses.
import { startTestApp, type TestApp } from '../../../test/helpers/app';
import { IN_AREA, NEAR_LINE, SIGN_APP_FIELDS, shopInput, signTables, signWorld, type SignWorld } from '../../../test/helpers/signs';

let app: TestApp;
let world: SignWorld;
const t = (who: Parameters<SignWorld['tokens']['get']>[0]) => world.tokens.get(who) ?? null;
type App = { id: string; status: string; reason: string | null; permitNumber: string | null; validUntil: string | null; version: number;
  compliance: { compliant: boolean; results: { rule: string; passed: boolean; message: string }[] } | null };

const CREATE = `mutation($i: SignApplicationInput!) { createSignApplication(input: $i) { ${SIGN_APP_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: SignApplicationInput!) { updateSignApplication(id: $id, input: $i) { ${SIGN_APP_FIELDS} } }`;
/** A transition by id, with its one string argument (reason, validUntil) as $x when named. */
const STEP = (op: string, arg?: string) =>
  `mutation($id: ID!${arg ? ', $x: String!' : ''}) { ${op}(id: $id${arg ? `, ${arg}: $x` : ''}) { ${SIGN_APP_FIELDS} } }`;

async function call(op: string, query: string, vars: Record<string, unknown>, who: Parameters<SignWorld['tokens']['get']>[0]): Promise<App> {
  const r = await app.gql<Record<string, App>>(query, vars, t(who));
  if (r.errors) throw new Error(`${op}: ${JSON.stringify(r.errors)}`);
  return r.data![op];
}

beforeAll(async () => {
  app = await startTestApp();
  world = await signWorld(app);
});
afterAll(() => app.close());

it('draft → returned by the check with guidance → corrected → resubmitted → in review → approved → in the register', async () => {
  const draft = await call('createSignApplication', CREATE, { i: shopInput(IN_AREA, { signs: [{ type: 'FASCIA', widthM: 6.0, heightM: 1, lighting: 'BACKLIT' }] }) }, 'vendor');
  expect(draft).toMatchObject({ status: 'DRAFT', compliance: null });
  const returned = await call('submitSignApplication', STEP('submitSignApplication'), { id: draft.id }, 'vendor');
  expect(returned.status).toBe('RETURNED');
  expect(returned.reason).toContain('2 rule(s) of the 测试特色街 sign guide not met');
  const failed = returned.compliance!.results.filter((r) => !r.passed);
  expect(failed.map((r) => r.rule)).toEqual(['WIDTH', 'LIGHTING']);
  expect(failed[0].message).toBe('招牌宽度 6.0 米超过门面宽度 6.5 米的 80%：最多 5.2 米 / width 6.0 m exceeds 80% of the 6.5 m facade: at most 5.2 m');

  const corrected = await call('updateSignApplication', UPDATE, { id: draft.id, i: shopInput(IN_AREA) }, 'vendor');
  expect(corrected).toMatchObject({ status: 'RETURNED', compliance: null });
  const submitted = await call('submitSignApplication', STEP('submitSignApplication'), { id: draft.id }, 'vendor');
  expect(submitted).toMatchObject({ status: 'SUBMITTED', reason: null, compliance: { compliant: true } });

  // Review: an officer of the shop's district; back for a photo, resubmitted, approved.
  await call('startSignReview', STEP('startSignReview'), { id: draft.id }, 'officerHere');
  const back = await call('returnSignApplication', STEP('returnSignApplication', 'reason'), { id: draft.id, x: '请补充门面照片 / add a facade photo' }, 'officerHere');
  expect(back).toMatchObject({ status: 'RETURNED', reason: '请补充门面照片 / add a facade photo' });
  await call('submitSignApplication', STEP('submitSignApplication'), { id: draft.id }, 'vendor');
  await call('startSignReview', STEP('startSignReview'), { id: draft.id }, 'officerHere');
  const permit = await call('approveSignApplication', STEP('approveSignApplication'), { id: draft.id }, 'officerHere');
  expect(permit.status).toBe('APPROVED');
  expect(permit.permitNumber).toMatch(new RegExp(`^${world.city.code}-ZP-\\d{4}-00001$`));

  const reg = await app.gql<{ signRegister: { permitNumber: string; shopName: string; status: string }[] }>(
    'query($c: String!) { signRegister(city: $c) { permitNumber shopName status } }', { c: world.city.code });
  expect(reg.data!.signRegister).toEqual([{ permitNumber: permit.permitNumber, shopName: '测试小店', status: 'APPROVED' }]);

  // Every transition left its audit row.
  const ops = await app.db.prisma.auditLog.findMany({ where: { entityId: draft.id }, orderBy: { id: 'asc' }, select: { operation: true } });
  expect(ops.map((o) => o.operation)).toEqual(['createSignApplication', 'submitSignApplication', 'updateSignApplication', 'submitSignApplication',
    'startSignReview', 'returnSignApplication', 'submitSignApplication', 'startSignReview', 'approveSignApplication']);

  // Renewal, then revocation: gone from the register.
  const renewed = await call('renewSignPermit', STEP('renewSignPermit', 'validUntil'), { id: draft.id, x: '2035-12-31' }, 'officerHere');
  expect(renewed.validUntil).toBe('2035-12-31');
  const revoked = await call('revokeSignPermit', STEP('revokeSignPermit', 'reason'), { id: draft.id, x: '招牌已拆除 / sign removed' }, 'officerHere');
  expect(revoked.status).toBe('REVOKED');
  const after = await app.gql<{ signRegister: unknown[] }>('query($c: String!) { signRegister(city: $c) { permitNumber } }', { c: world.city.code });
  expect(after.data!.signRegister).toEqual([]);
});

describe('refused with a typed error, changing nothing', () => {
  const refused = async (query: string, vars: Record<string, unknown>, who: Parameters<SignWorld['tokens']['get']>[0]) => {
    const before = await signTables(app.db);
    const r = await app.gql(query, vars, t(who));
    expect(await signTables(app.db)).toEqual(before);
    return r.errors?.[0]?.extensions ?? { code: 'OK' };
  };

  it('approving a draft (or anything not under review), rejecting a draft, revoking a submitted application', async () => {
    const draft = await call('createSignApplication', CREATE, { i: shopInput(NEAR_LINE, { signs: [{ type: 'FASCIA', widthM: 5, heightM: 1 }] }) }, 'vendor');
    expect(await refused(STEP('approveSignApplication'), { id: draft.id }, 'admin')).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRANSITION', from: 'DRAFT', to: 'APPROVED' });
    expect(await refused(STEP('rejectSignApplication', 'reason'), { id: draft.id, x: 'x' }, 'admin')).toMatchObject({ reason: 'INVALID_TRANSITION' });
    await call('submitSignApplication', STEP('submitSignApplication'), { id: draft.id }, 'vendor');
    expect(await refused(STEP('approveSignApplication'), { id: draft.id }, 'admin')).toMatchObject({ reason: 'INVALID_TRANSITION', from: 'SUBMITTED' });
    expect(await refused(STEP('revokeSignPermit', 'reason'), { id: draft.id, x: 'x' }, 'admin')).toMatchObject({ reason: 'INVALID_TRANSITION' });
    expect(await refused(STEP('submitSignApplication'), { id: draft.id }, 'vendor')).toMatchObject({ reason: 'INVALID_TRANSITION', from: 'SUBMITTED' });
  });

  it('negative or absurd dimensions, in the application and in the public check', async () => {
    for (const s of [{ widthM: -1, heightM: 1 }, { widthM: 500, heightM: 1 }, { widthM: 2, heightM: 0 }, { widthM: 2, heightM: 1, projectionM: -0.5 }]) {
      const signs = [{ type: 'FASCIA', ...s }];
      expect(await refused(CREATE, { i: shopInput(IN_AREA, { signs }) }, 'vendor')).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DIMENSION' });
      const check = await app.gql('query($p: GeoJSON!, $s: [SignSpecInput!]!) { signComplianceCheck(location: $p, facade: { widthM: 5, heightM: 4 }, signs: $s) { compliant } }',
        { p: { type: 'Point', coordinates: IN_AREA }, s: signs });
      expect(check.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DIMENSION' });
    }
    expect(await refused(CREATE, { i: shopInput(IN_AREA, { facade: { widthM: -6, heightM: 4 } }) }, 'vendor')).toMatchObject({ field: 'facade.widthM' });
  });

  it('a sign type the guide forbids', async () => {
    const signs = [{ type: 'ROOFTOP', widthM: 3, heightM: 1 }];
    expect(await refused(CREATE, { i: shopInput(IN_AREA, { signs }) }, 'vendor')).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SIGN_TYPE_FORBIDDEN', field: 'signs.0.type' });
  });

  it('someone else\'s application is not found to another shop owner', async () => {
    const mine = await call('createSignApplication', CREATE, { i: shopInput(IN_AREA) }, 'vendor');
    const r = await app.gql(STEP('submitSignApplication'), { id: mine.id }, world.otherVendor);
    expect(r.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const read = await app.gql<{ signApplication: null }>('query($id: ID!) { signApplication(id: $id) { id } }', { id: mine.id }, world.otherVendor);
    expect(read.data!.signApplication).toBeNull();
  });
});

it('expiry: permits near their last day are listed for officers, expired ones flagged EXPIRED (computed on read)', async () => {
  const a = await call('createSignApplication', CREATE, { i: shopInput(IN_AREA) }, 'vendor');
  await call('submitSignApplication', STEP('submitSignApplication'), { id: a.id }, 'vendor');
  await call('startSignReview', STEP('startSignReview'), { id: a.id }, 'officerHere');
  await call('approveSignApplication', STEP('approveSignApplication'), { id: a.id }, 'officerHere');
  // The permit ended yesterday: written directly, as time passing would leave it.
  await app.db.prisma.$executeRaw`UPDATE sign_application SET valid_from = current_date - 400, valid_until = current_date - 1 WHERE city_id = ${world.city.cityId}::uuid AND id = ${a.id}::uuid`;
  const q = 'query { expiringSignPermits(withinDays: 30) { id status } }';
  const here = await app.gql<{ expiringSignPermits: { id: string; status: string }[] }>(q, {}, t('officerHere'));
  expect(here.data!.expiringSignPermits).toContainEqual({ id: a.id, status: 'EXPIRED' });
  const elsewhere = await app.gql<{ expiringSignPermits: { id: string }[] }>(q, {}, t('officerElsewhere'));
  expect(elsewhere.data!.expiringSignPermits.map((p) => p.id)).not.toContain(a.id);
  const renewed = await call('renewSignPermit', STEP('renewSignPermit', 'validUntil'), { id: a.id, x: '2099-01-01' }, 'officerHere').catch((e: Error) => e);
  expect(String(renewed)).toContain('within 10 years');
  const ok = await call('renewSignPermit', STEP('renewSignPermit', 'validUntil'), { id: a.id, x: '2030-06-30' }, 'officerHere');
  expect(ok).toMatchObject({ status: 'APPROVED', validUntil: '2030-06-30' });
});

/** Draft → submitted → under review → approved, for the demo of amendments and permit numbers. */
async function approved(input: Record<string, unknown>): Promise<App> {
  const draft = await call('createSignApplication', CREATE, { i: input }, 'vendor');
  await call('submitSignApplication', STEP('submitSignApplication'), { id: draft.id }, 'vendor');
  await call('startSignReview', STEP('startSignReview'), { id: draft.id }, 'officerHere');
  return call('approveSignApplication', STEP('approveSignApplication'), { id: draft.id }, 'officerHere');
}

it('amendment: a new application naming an approved permit replaces it when approved (the old one ends AMENDED)', async () => {
  const first = await approved(shopInput(IN_AREA, { shopName: '变更前小店' }));
  // Only an approved permit of one's own can be amended: a draft is refused, another owner's is not found.
  const draft = await call('createSignApplication', CREATE, { i: shopInput(IN_AREA) }, 'vendor');
  const onDraft = await app.gql(CREATE, { i: shopInput(IN_AREA, { amendsId: draft.id }) }, t('vendor'));
  expect(onDraft.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_PERMIT' });
  const foreign = await app.gql(CREATE, { i: shopInput(IN_AREA, { amendsId: first.id }) }, world.otherVendor);
  expect(foreign.errors?.[0].extensions.code).toBe('NOT_FOUND');

  const amendment = await call('createSignApplication', CREATE,
    { i: shopInput(IN_AREA, { shopName: '变更后小店', amendsId: first.id, signs: [{ type: 'FASCIA', widthM: 5.0, heightM: 0.9, lighting: 'NONE' }] }) }, 'vendor');
  // The permit stays in force while its amendment is under way.
  const during = await app.gql<{ signRegister: { permitNumber: string }[] }>('query($c: String!) { signRegister(city: $c) { permitNumber } }', { c: world.city.code });
  expect(during.data!.signRegister.map((r) => r.permitNumber)).toContain(first.permitNumber);
  await call('submitSignApplication', STEP('submitSignApplication'), { id: amendment.id }, 'vendor');
  await call('startSignReview', STEP('startSignReview'), { id: amendment.id }, 'officerHere');
  const replaced = await call('approveSignApplication', STEP('approveSignApplication'), { id: amendment.id }, 'officerHere');
  expect(replaced.status).toBe('APPROVED');
  expect(replaced.permitNumber).not.toBe(first.permitNumber);

  const old = await app.gql<{ signApplication: { status: string } }>('query($id: ID!) { signApplication(id: $id) { status } }', { id: first.id }, t('officerHere'));
  expect(old.data!.signApplication.status).toBe('AMENDED');
  const reg = await app.gql<{ signRegister: { permitNumber: string; shopName: string }[] }>('query($c: String!) { signRegister(city: $c) { permitNumber shopName } }', { c: world.city.code });
  const numbers = reg.data!.signRegister.map((r) => r.permitNumber);
  expect(numbers).toContain(replaced.permitNumber);
  expect(numbers).not.toContain(first.permitNumber);
  const audit = await app.db.prisma.auditLog.findMany({ where: { entityId: first.id, operation: 'amendSignPermit' } });
  expect(audit).toHaveLength(1);
});

it('permit numbers: approvals at the same moment take consecutive numbers, none twice', async () => {
  const ready: string[] = [];
  for (let i = 0; i < 4; i++) {
    const d = await call('createSignApplication', CREATE, { i: shopInput(IN_AREA, { shopName: `同时审批 ${i}` }) }, 'vendor');
    await call('submitSignApplication', STEP('submitSignApplication'), { id: d.id }, 'vendor');
    await call('startSignReview', STEP('startSignReview'), { id: d.id }, 'officerHere');
    ready.push(d.id);
  }
  const permits = await Promise.all(ready.map((id) => call('approveSignApplication', STEP('approveSignApplication'), { id }, 'officerHere')));
  const numbers = permits.map((p) => Number(p.permitNumber!.split('-')[3])).sort((a, b) => a - b);
  expect(new Set(numbers).size).toBe(4);
  expect(numbers[3] - numbers[0]).toBe(3);
});
