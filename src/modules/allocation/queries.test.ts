// Reading applications and assignments: admins the whole city, officers and assistants the zones of
// their districts, a zone manager their zone, vendors only their own; pages and filters; zones in
// their public view.
import type { Role } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, EAST, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { createSpot, createVendingZone, createVendor, day, offset } from '../../../test/helpers/allocation';

const LIST = `query($z: ID, $s: ApplicationStatus, $first: Int, $after: String) { applications(zoneId: $z, status: $s, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id status zone { id name nextOpenings(count: 1) { from } } vendor { name } } } } }`;
type Page = { applications: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; status: string; zone: { id: string; nextOpenings: unknown[] } } }[] } };

let app: TestApp;
let city: TestCity;
let west: string;
let east: string;
const tokens: Record<string, string> = {};
const westApps: string[] = [];
const spots: string[] = [];

async function tokenFor(role: Role, opts: Parameters<typeof createAccount>[3] = {}) {
  return login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD);
}

async function apply(zoneId: string, from: number) {
  const v = await createVendor(app.db, city, { name: '陈大文' });
  const token = await login(app, v.username, PASSWORD);
  const res = await app.gql<{ applyForSpot: { id: string } }>('mutation($input: ApplyForSpotInput!) { applyForSpot(input: $input) { id } }', {
    input: { zoneId, businessType: 'food.snacks', startsOn: day(from), endsOn: day(from + 5) },
  }, token);
  return { id: res.data!.applyForSpot.id, token };
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  west = await createVendingZone(app.db, city, WEST.lon, WEST.lat);
  east = await createVendingZone(app.db, city, EAST.lon, EAST.lat, { districtId: city.east });
  for (const n of [1, 2]) spots.push(await createSpot(app.db, city, west, n, offset(WEST.lon, WEST.lat, n * 10, 0)));
  tokens.admin = await tokenFor('ADMIN');
  tokens.officer = await tokenFor('OFFICER', { districts: [city.west] });
  tokens.assistant = await tokenFor('ASSISTANT', { districts: [city.west] });
  tokens.manager = await tokenFor('ZONE_MANAGER', { zoneId: west });
  for (const from of [1, 2, 3]) westApps.push((await apply(west, from)).id);
  await apply(east, 1);
});
afterAll(() => app.close());

describe('applications', () => {
  it('pages the whole city for an admin, newest first', async () => {
    const p1 = await app.gql<Page>(LIST, { first: 2 }, tokens.admin);
    expect(p1.data!.applications.totalCount).toBe(4);
    expect(p1.data!.applications.pageInfo.hasNextPage).toBe(true);
    const p2 = await app.gql<Page>(LIST, { first: 2, after: p1.data!.applications.pageInfo.endCursor }, tokens.admin);
    expect(p2.data!.applications.pageInfo.hasNextPage).toBe(false);
    const ids = [...p1.data!.applications.edges, ...p2.data!.applications.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids.slice(1, 4)).toEqual([...westApps].reverse());
  });

  it.each([['officer'], ['assistant'], ['manager']])('shows %s the zones they hold, and refuses others', async (who) => {
    const res = await app.gql<Page>(LIST, {}, tokens[who]);
    expect(res.data!.applications.totalCount).toBe(3);
    expect(res.data!.applications.edges.every((e) => e.node.zone.id === west && e.node.zone.nextOpenings.length === 1)).toBe(true);
    expect((await app.gql(LIST, { z: east }, tokens[who])).errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('filters by status; vendors and the public may not list', async () => {
    await app.gql('mutation($id: ID!) { rejectApplication(id: $id, reason: "资料不全") { id } }', { id: westApps[0] }, tokens.officer);
    const rejected = await app.gql<Page>(LIST, { z: west, s: 'REJECTED' }, tokens.manager);
    expect(rejected.data!.applications.edges.map((e) => e.node.id)).toEqual([westApps[0]]);
    const vendor = (await apply(west, 20)).token;
    expect((await app.gql(LIST, {}, vendor)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await app.gql(LIST, {})).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('assignments', () => {
  it('lists a zone\'s assignments page by page; the vendor sees their own', async () => {
    const a = await apply(west, 30);
    const b = await apply(west, 31);
    for (const [app_, spot] of [[a, spots[0]], [b, spots[1]]] as const) {
      await app.gql('mutation($id: ID!, $s: ID) { approveApplication(id: $id, spotId: $s) { id } }', { id: app_.id, s: spot }, tokens.admin);
    }
    const Q = 'query($z: ID!, $first: Int, $after: String) { assignments(zoneId: $z, status: ACTIVE, first: $first, after: $after) { id spot { number } vendor { name } } }';
    const first = await app.gql<{ assignments: { id: string; spot: { number: number } }[] }>(Q, { z: west, first: 1 }, tokens.assistant);
    expect(first.data!.assignments.map((x) => x.spot.number)).toEqual([2]);
    const next = await app.gql<{ assignments: { spot: { number: number } }[] }>(Q, { z: west, first: 1, after: first.data!.assignments[0].id }, tokens.assistant);
    expect(next.data!.assignments.map((x) => x.spot.number)).toEqual([1]);
    expect((await app.gql(Q, { z: east }, tokens.manager)).errors![0].extensions.code).toBe('FORBIDDEN');
    const mine = await app.gql<{ myAssignments: { startsOn: string; zone: { id: string } }[] }>('{ myAssignments { startsOn zone { id } } }', {}, a.token);
    expect(mine.data!.myAssignments).toEqual([{ startsOn: day(30), zone: { id: west } }]);
  });
});
