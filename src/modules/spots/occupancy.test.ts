// Occupancy counts, from rows written directly: spots not retired; assigned (an ACTIVE assignment
// covering today); checked in now (not checked out, before the closing time); free (AVAILABLE and held
// by no live assignment today); the waiting list. Anyone reads every zone of a city by its code;
// staff read districts (officers and assistants only their own); a page of zones reads Zone.occupancy.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, EAST, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { assign, createVendor, insertSpot, makeZone, moved, shanghaiDate } from '../../../test/helpers/spots';

const COUNTS = 'spots assigned checkedInNow free waitingList';

let app: TestApp;
let city: TestCity;
const token: Record<string, string> = {};
const z: Record<string, string> = {};
const A = { spots: 5, assigned: 1, checkedInNow: 1, free: 2, waitingList: 2 };
const B = { spots: 2, assigned: 0, checkedInNow: 0, free: 2, waitingList: 1 };

async function checkIn(a: { id: string; spotId: string; zoneId: string; vendorId: string }, endsInMin: number, checkedOut = false) {
  await app.db.prisma.$executeRaw`INSERT INTO check_in (city_id, assignment_id, spot_id, zone_id, vendor_id, at, point, distance_m, ends_at, checked_out_at)
    VALUES (${city.cityId}::uuid, ${a.id}::uuid, ${a.spotId}::uuid, ${a.zoneId}::uuid, ${a.vendorId}::uuid, now() - interval '3 hours',
            ST_SetSRID(ST_MakePoint(${WEST.lon}, ${WEST.lat}), 4326), 1, now() + make_interval(mins => ${endsInMin}),
            CASE WHEN ${checkedOut} THEN now() ELSE NULL END)`;
}

async function application(zoneId: string, status: 'WAITLISTED' | 'SUBMITTED') {
  const v = await createVendor(app.db, city);
  await app.db.prisma.application.create({ data: {
    cityId: city.cityId, vendorId: v.id, zoneId, businessType: 'food', status, startsOn: new Date(`${shanghaiDate(5)}T00:00:00Z`), endsOn: new Date(`${shanghaiDate(30)}T00:00:00Z`),
  } });
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  const roles = { admin: ['ADMIN', []], west: ['OFFICER', [city.west]], east: ['OFFICER', [city.east]], assistant: ['ASSISTANT', [city.west]], vendor: ['VENDOR', []] } as const;
  for (const [k, [role, districts]] of Object.entries(roles)) {
    token[k] = await login(app, (await createAccount(app.db, city, role, { districts: [...districts] })).username, PASSWORD);
  }
  const W = [WEST.lon, WEST.lat];
  z.a = await makeZone(app, token.admin, '西区夜市', 'NIGHT_MARKET', W, 60);
  z.b = await makeZone(app, token.admin, '东区摊点群', 'STALL_CLUSTER', [EAST.lon, EAST.lat], 40);
  await makeZone(app, token.admin, '禁设区', 'NO_VENDING', moved(W, 0, 200), 20);
  const old = await makeZone(app, token.admin, '旧市场', 'TEMPORARY_MARKET', moved(W, 0, -200), 20);
  await insertSpot(app.db, city.cityId, old, 1, moved(W, 0, -200));
  await app.gql('mutation($id: ID!) { retireZone(id: $id) { id } }', { id: old }, token.admin);

  const s = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => insertSpot(app.db, city.cityId, z.a, n, moved(W, -25 + n * 5, 0))));
  await app.db.prisma.$executeRaw`UPDATE spot SET status = 'SUSPENDED' WHERE id = ${s[4]}::uuid`;
  await app.db.prisma.$executeRaw`UPDATE spot SET status = 'RETIRED' WHERE id = ${s[5]}::uuid`;
  const [v1, v2, v3] = [await createVendor(app.db, city), await createVendor(app.db, city), await createVendor(app.db, city)];
  const held = await assign(app.db, city, { id: s[0], zoneId: z.a }, v1.id, shanghaiDate(-3), shanghaiDate(3));
  await assign(app.db, city, { id: s[1], zoneId: z.a }, v2.id, shanghaiDate(-3), shanghaiDate(3), 'SUSPENDED');
  await assign(app.db, city, { id: s[2], zoneId: z.a }, v3.id, shanghaiDate(1), shanghaiDate(3));
  await checkIn(held, 120);
  await checkIn(held, 60, true);
  await checkIn(held, -30);
  await application(z.a, 'WAITLISTED');
  await application(z.a, 'WAITLISTED');
  await application(z.a, 'SUBMITTED');
  await insertSpot(app.db, city.cityId, z.b, 1, [EAST.lon, EAST.lat]);
  await insertSpot(app.db, city.cityId, z.b, 2, moved([EAST.lon, EAST.lat], 5, 0));
  await application(z.b, 'WAITLISTED');
});
afterAll(() => app.close());

describe('occupancy', () => {
  it('answers anyone for every active vending zone of a city, by its code', async () => {
    const r = await app.gql<{ zoneOccupancy: { zoneId: string; occupancy: typeof A }[] }>(
      `query($c: String!) { zoneOccupancy(city: $c) { zoneId occupancy { ${COUNTS} } } }`, { c: city.code });
    expect(r.errors).toBeUndefined();
    const byZone = Object.fromEntries(r.data!.zoneOccupancy.map((o) => [o.zoneId, o.occupancy]));
    expect(byZone).toEqual({ [z.a]: A, [z.b]: B });
    const unknown = await app.gql(`query { zoneOccupancy(city: "nowhere") { zoneId } }`);
    expect(unknown.errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('reads Zone.occupancy for a page of zones', async () => {
    const r = await app.gql<{ zones: { edges: { node: { id: string; occupancy: typeof A } }[] } }>(
      `query { zones(first: 10) { edges { node { id occupancy { ${COUNTS} } } } } }`, {}, token.vendor);
    const byZone = Object.fromEntries(r.data!.zones.edges.map((e) => [e.node.id, e.node.occupancy]));
    expect(byZone[z.a]).toEqual(A);
    expect(byZone[z.b]).toEqual(B);
  });

  it('sums a district, the city for admins, the districts an officer or assistant holds; refuses the rest', async () => {
    const ask = (who: string, districtId?: string) => app.gql<{ occupancy: typeof A }>(
      `query($d: ID) { occupancy(districtId: $d) { ${COUNTS} } }`, { d: districtId }, token[who]);
    const sum = Object.fromEntries(Object.keys(A).map((k) => [k, A[k as keyof typeof A] + B[k as keyof typeof B]]));
    expect((await ask('admin')).data!.occupancy).toEqual(sum);
    expect((await ask('admin', city.west)).data!.occupancy).toEqual(A);
    expect((await ask('west')).data!.occupancy).toEqual(A);
    expect((await ask('east', city.east)).data!.occupancy).toEqual(B);
    expect((await ask('assistant')).data!.occupancy).toEqual(A);
    expect((await ask('west', city.east)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await ask('vendor')).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await ask('anonymous')).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await ask('admin', '00000000-0000-4000-8000-000000000000')).errors![0].extensions.code).toBe('NOT_FOUND');
  });
});
