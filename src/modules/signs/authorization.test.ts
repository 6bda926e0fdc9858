// The authorization matrix of sign permits: every mutation × every kind of caller, through GraphQL, on a
// shop in district West. What a call needs (an application in the right state) is made before the
// snapshot, so a refused call is shown to leave every sign table and the audit trail as they were.
import { startTestApp, type TestApp } from '../../../test/helpers/app';
import { SIGN_MATRIX as MATRIX, WHO, type Who } from '../../../test/authorization.matrix';
import { AREA_GUIDE, IN_AREA, shopInput, signTables, signWorld, type SignWorld } from '../../../test/helpers/signs';

let app: TestApp;
let world: SignWorld;
const token = (who: Who) => world.tokens.get(who) ?? null;

async function must<T>(query: string, vars: Record<string, unknown>, who: Who): Promise<T> {
  const r = await app.gql<T>(query, vars, token(who));
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!;
}

/** A new application of the test's shop owner, walked to `state`. */
async function application(state: 'DRAFT' | 'SUBMITTED' | 'UNDER_REVIEW' | 'APPROVED'): Promise<string> {
  const { createSignApplication: { id } } = await must<{ createSignApplication: { id: string } }>(
    'mutation($i: SignApplicationInput!) { createSignApplication(input: $i) { id } }', { i: shopInput(IN_AREA) }, 'vendor');
  const steps: [string, Who][] = [['submitSignApplication', 'vendor'], ['startSignReview', 'admin'], ['approveSignApplication', 'admin']];
  const n = { DRAFT: 0, SUBMITTED: 1, UNDER_REVIEW: 2, APPROVED: 3 }[state];
  for (const [op, who] of steps.slice(0, n)) await must(`mutation($id: ID!) { ${op}(id: $id) { id } }`, { id }, who);
  return id;
}

type Op = { name: string; query: string; setup?: () => Promise<Record<string, unknown>>; vars?: () => Record<string, unknown> };
const by = (name: string, state: Parameters<typeof application>[0], arg = '', value?: string): Op => ({
  name,
  query: `mutation($id: ID!${arg ? ', $x: String!' : ''}) { ${name}(id: $id${arg ? `, ${arg}: $x` : ''}) { id } }`,
  setup: async () => ({ id: await application(state), ...(arg ? { x: value } : {}) }),
});

const ops: Op[] = [
  { name: 'setSignGuide', query: 'mutation($i: SignGuideInput!) { setSignGuide(input: $i) { id } }', vars: () => ({ i: AREA_GUIDE }) },
  { name: 'createSignApplication', query: 'mutation($i: SignApplicationInput!) { createSignApplication(input: $i) { id } }', vars: () => ({ i: shopInput(IN_AREA) }) },
  { name: 'updateSignApplication', query: 'mutation($id: ID!, $i: SignApplicationInput!) { updateSignApplication(id: $id, input: $i) { id } }',
    setup: async () => ({ id: await application('DRAFT'), i: shopInput(IN_AREA, { shopName: '改名小店' }) }) },
  by('submitSignApplication', 'DRAFT'),
  by('startSignReview', 'SUBMITTED'),
  by('returnSignApplication', 'UNDER_REVIEW', 'reason', '请补充效果图 / add a rendering'),
  by('approveSignApplication', 'UNDER_REVIEW'),
  by('rejectSignApplication', 'UNDER_REVIEW', 'reason', '不符合规划 / against the plan'),
  by('renewSignPermit', 'APPROVED', 'validUntil', '2031-12-31'),
  by('revokeSignPermit', 'APPROVED', 'reason', '招牌已拆除 / sign removed'),
  by('addSignApplicationNote', 'SUBMITTED', 'text', '现场核实门面宽度 6.5 米 / facade measured on site: 6.5 m'),
];

beforeAll(async () => {
  app = await startTestApp();
  world = await signWorld(app);
});
afterAll(() => app.close());

it('the matrix and the operations tested are the same list', () => {
  expect(ops.map((o) => o.name).sort()).toEqual(Object.keys(MATRIX).sort());
});

describe.each(ops)('$name', (op) => {
  it.each(WHO)('as %s', async (who) => {
    const vars = { ...(op.setup ? await op.setup() : {}), ...(op.vars ? op.vars() : {}) };
    const before = await signTables(app.db);
    const res = await app.gql(op.query, vars, token(who));
    if (MATRIX[op.name].includes(who)) {
      expect(res.errors).toBeUndefined();
    } else {
      expect(res.errors?.[0].extensions.code).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      expect(await signTables(app.db)).toEqual(before);
    }
  });
});
