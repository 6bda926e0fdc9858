// The authorization matrix of spot work, vendors, applications, assignments, rounds and check-in:
// every mutation × every kind of caller, through GraphQL, on the zone manager's zone. Whatever a call
// needs (a spot, an application, an assignment, a round) is made before the snapshot, so a refused
// call is shown to leave every row as it was.
import type { Role } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { STALL_MATRIX as MATRIX, WHO, type Who } from '../../../test/authorization.matrix';
import { createAccount, createCity, PASSWORD, snapshot, WEST, type TestCity } from '../../../test/helpers/factories';
import { createSpot, createVendingZone, createVendor, day, expireDeadline, offset } from '../../../test/helpers/allocation';

let app: TestApp;
let city: TestCity;
const tokens = new Map<Who, string | null>();
let zoneId: string;
let vendorId: string;
let vendorAssignment: string;
let seq = 0;

/** A fresh place in the north half of the zone (the south-west corner is left to the grid preview). */
const place = (): [number, number] => {
  const k = ++seq;
  return offset(WEST.lon, WEST.lat, -90 + (k % 30) * 6, 10 + Math.floor(k / 30) * 6);
};
const spot = () => createSpot(app.db, city, zoneId, 1000 + seq, place());
const at = (d: string) => new Date(`${d}T00:00:00Z`);

/** A vendor registered through the API, so their personal data is really encrypted. */
async function realVendor(): Promise<string> {
  const r = await app.gql<{ registerVendor: { accountId: string } }>('mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { accountId } }',
    { i: { name: '测试摊主', phone: `1990002${String(1000 + ++seq).slice(-4)}`, businessTypes: ['food.snacks'] } }, tokens.get('admin'));
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.registerVendor.accountId;
}

async function application(status: 'SUBMITTED' | 'RETURNED', vendor?: string) {
  const s = await spot();
  const v = vendor ?? (await createVendor(app.db, city)).id;
  const a = await app.db.prisma.application.create({
    data: { cityId: city.cityId, vendorId: v, zoneId, spotId: s, businessType: 'food.snacks', startsOn: at(day(100 + seq)), endsOn: at(day(100 + seq)), status },
  });
  return a.id;
}

async function assignment(status: 'ACTIVE' | 'SUSPENDED') {
  const s = await spot();
  const v = await createVendor(app.db, city);
  const a = await app.db.prisma.assignment.create({
    data: { cityId: city.cityId, spotId: s, zoneId, vendorId: v.id, businessType: 'food.snacks', startsOn: at(day(0)), endsOn: at(day(30)), status },
  });
  return a.id;
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat, { size: 200 });
  const make = async (who: Who, role: Role, opts: Parameters<typeof createAccount>[3] = {}) =>
    tokens.set(who, await login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD));
  tokens.set('anonymous', null);
  await make('admin', 'ADMIN');
  await make('officerHere', 'OFFICER', { districts: [city.west] });
  await make('officerElsewhere', 'OFFICER', { districts: [city.east] });
  await make('officerBoth', 'OFFICER', { districts: [city.west, city.east] });
  await make('assistant', 'ASSISTANT', { districts: [city.west] });
  await make('zoneManager', 'ZONE_MANAGER', { zoneId });
  // Vendors sign in by phone code; the session is issued directly here (the code flow has its own tests).
  vendorId = await realVendor();
  const vendor = await app.db.prisma.account.findFirstOrThrow({ where: { cityId: city.cityId, id: vendorId } });
  tokens.set('vendor', (await app.auth.issueSession(vendor, new Date())).token);
  const s = await spot();
  vendorAssignment = (await app.db.prisma.assignment.create({
    data: { cityId: city.cityId, spotId: s, zoneId, vendorId, businessType: 'food.snacks', startsOn: at(day(0)), endsOn: at(day(30)) },
  })).id;
});
afterAll(() => app.close());

type Answer = { errors?: { extensions: { code: string } }[] };
/** `setup` runs before the snapshot and returns the call's variables. */
type Op = { name: string; setup?: () => Promise<Record<string, unknown>>; query: string; vars?: () => Record<string, unknown> };

const SPOT = '{ id }';
const ops: Op[] = [
  { name: 'createSpot', query: `mutation($i: CreateSpotInput!) { createSpot(input: $i) ${SPOT} }`,
    vars: () => ({ i: { zoneId, geometry: { type: 'Point', coordinates: place() }, widthM: 2, depthM: 1.5 } }) },
  { name: 'createSpotsAlongLine', query: `mutation($i: SpotsAlongLineInput!) { createSpotsAlongLine(input: $i) { count } }`,
    vars: () => {
      const start = place();
      return { i: { zoneId, line: { type: 'LineString', coordinates: [start, offset(start[0], start[1], 3, 0)] }, count: 1, gapM: 1, widthM: 2, depthM: 1.5 } };
    } },
  { name: 'createSpotsGrid', query: `mutation($i: SpotsGridInput!) { createSpotsGrid(input: $i, dryRun: true) { count } }`,
    vars: () => ({ i: { zoneId, widthM: 2, depthM: 1.5, gapM: 1, maxCount: 2 } }) },
  { name: 'updateSpot', setup: async () => ({ id: await spot(), i: { number: 5000 + seq } }),
    query: `mutation($id: ID!, $i: UpdateSpotInput!) { updateSpot(id: $id, input: $i) ${SPOT} }` },
  { name: 'setSpotStatus', setup: async () => ({ id: await spot() }),
    query: `mutation($id: ID!) { setSpotStatus(id: $id, status: SUSPENDED, reason: "路面维修") ${SPOT} }` },
  { name: 'registerVendor', query: `mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { accountId } }`,
    vars: () => ({ i: { name: '新摊主', phone: `1990001${String(1000 + ++seq).slice(-4)}`, businessTypes: ['food.snacks'] } }) },
  { name: 'verifyVendorPriority', setup: async () => ({ id: await realVendor() }),
    query: 'mutation($id: ID!) { verifyVendorPriority(accountId: $id, category: LOW_INCOME, evidenceRef: "临民救证〔2025〕77号") { priorityTier } }' },
  { name: 'removeVendorPriority',
    setup: async () => {
      const id = await realVendor();
      await app.gql('mutation($id: ID!) { verifyVendorPriority(accountId: $id, category: VETERAN, evidenceRef: "临退役证〔2024〕12号") { priorityTier } }', { id }, tokens.get('admin'));
      return { id };
    },
    query: 'mutation($id: ID!) { removeVendorPriority(accountId: $id, category: VETERAN) { priorityTier } }' },
  { name: 'updateMyVendorProfile', query: 'mutation { updateMyVendorProfile(input: { businessTypes: ["food.snacks", "food.drinks"] }) { accountId } }' },
  { name: 'applyForSpot', query: `mutation($i: ApplyForSpotInput!) { applyForSpot(input: $i) { id } }`,
    setup: async () => ({ i: { zoneId, spotId: await spot(), businessType: 'food.snacks', startsOn: day(200), endsOn: day(210) } }) },
  { name: 'withdrawApplication', setup: async () => ({ id: await application('SUBMITTED', vendorId) }),
    query: 'mutation($id: ID!) { withdrawApplication(id: $id) { status } }' },
  { name: 'resubmitApplication', setup: async () => ({ id: await application('RETURNED', vendorId) }),
    query: 'mutation($id: ID!) { resubmitApplication(id: $id, note: "已补充营业执照") { status } }' },
  { name: 'approveApplication', setup: async () => ({ id: await application('SUBMITTED') }),
    query: 'mutation($id: ID!) { approveApplication(id: $id) { id } }' },
  { name: 'rejectApplication', setup: async () => ({ id: await application('SUBMITTED') }),
    query: 'mutation($id: ID!) { rejectApplication(id: $id, reason: "业态不符") { status } }' },
  { name: 'returnApplication', setup: async () => ({ id: await application('SUBMITTED') }),
    query: 'mutation($id: ID!) { returnApplication(id: $id, reason: "请补充健康证") { status } }' },
  { name: 'renewAssignment', setup: async () => ({ id: await assignment('ACTIVE'), e: day(60) }),
    query: 'mutation($id: ID!, $e: String!) { renewAssignment(id: $id, endsOn: $e) { endsOn } }' },
  { name: 'suspendAssignment', setup: async () => ({ id: await assignment('ACTIVE') }),
    query: 'mutation($id: ID!) { suspendAssignment(id: $id, reason: "占道超出摊位") { status } }' },
  { name: 'reinstateAssignment', setup: async () => ({ id: await assignment('SUSPENDED') }),
    query: 'mutation($id: ID!) { reinstateAssignment(id: $id) { status } }' },
  { name: 'revokeAssignment', setup: async () => ({ id: await assignment('ACTIVE') }),
    query: 'mutation($id: ID!) { revokeAssignment(id: $id, reason: "多次违规") { status } }' },
  { name: 'openAllocationRound', query: 'mutation($i: OpenRoundInput!) { openAllocationRound(input: $i) { id } }',
    setup: async () => ({ i: { zoneId, spotIds: [await spot()], startsOn: day(3), endsOn: day(33), deadline: new Date(Date.now() + 86_400_000).toISOString() } }) },
  { name: 'drawAllocationRound',
    setup: async () => {
      const r = await app.gql<{ openAllocationRound: { id: string } }>('mutation($i: OpenRoundInput!) { openAllocationRound(input: $i) { id } }',
        { i: { zoneId, spotIds: [await spot()], startsOn: day(3), endsOn: day(33), deadline: new Date(Date.now() + 86_400_000).toISOString() } }, tokens.get('admin'));
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      await expireDeadline(app.db, city, r.data.openAllocationRound.id);
      return { id: r.data.openAllocationRound.id };
    },
    query: 'mutation($id: ID!) { drawAllocationRound(id: $id) { status } }' },
  { name: 'checkIn', setup: async () => ({ a: vendorAssignment, p: { type: 'Point', coordinates: await spotCentre(vendorAssignment) } }),
    query: 'mutation($a: ID!, $p: GeoJSON!) { checkIn(assignmentId: $a, point: $p) { id } }' },
  { name: 'checkOut',
    setup: async () => {
      const r = await app.gql<{ checkIn: { id: string } }>('mutation($a: ID!, $p: GeoJSON!) { checkIn(assignmentId: $a, point: $p) { id } }',
        { a: vendorAssignment, p: { type: 'Point', coordinates: await spotCentre(vendorAssignment) } }, tokens.get('vendor'));
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      return { id: r.data.checkIn.id };
    },
    query: 'mutation($id: ID!) { checkOut(id: $id) { id } }' },
];

async function spotCentre(assignmentId: string): Promise<[number, number]> {
  const [row] = await app.db.prisma.$queryRaw<{ x: number; y: number }[]>`SELECT ST_X(ST_Centroid(s.footprint)) AS x, ST_Y(ST_Centroid(s.footprint)) AS y
    FROM assignment a JOIN spot s ON s.city_id = a.city_id AND s.id = a.spot_id WHERE a.city_id = ${city.cityId}::uuid AND a.id = ${assignmentId}::uuid`;
  return [row.x, row.y];
}

it('the matrix and the operations tested are the same list', () => {
  expect(ops.map((o) => o.name).sort()).toEqual(Object.keys(MATRIX).sort());
});

describe.each(ops)('$name', (op) => {
  it.each(WHO)('as %s', async (who) => {
    const vars = { ...(op.setup ? await op.setup() : {}), ...(op.vars ? op.vars() : {}) };
    const before = await snapshot(app.db);
    const res: Answer = await app.gql(op.query, vars, tokens.get(who) ?? null);
    if (MATRIX[op.name].includes(who)) {
      expect(res.errors).toBeUndefined();
    } else {
      expect(res.errors?.[0].extensions.code).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      expect(await snapshot(app.db)).toEqual(before);
    }
  });
});
