// updateSpot and setSpotStatus through GraphQL, and reading spots back: a version check against lost
// edits, the database re-checking a stall made larger, a spot held by an assignment kept from
// retirement, ASSIGNED never set by hand; the list by number with retired spots only when asked for.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { assign, createVendor, makeZone, moved, point, shanghaiDate, spotState } from '../../../test/helpers/spots';

const UPDATE = `mutation($id: ID!, $i: UpdateSpotInput!) { updateSpot(id: $id, input: $i) { id number widthM depthM businessType version status } }`;
const STATUS = `mutation($id: ID!, $s: SpotStatus!, $r: String) { setSpotStatus(id: $id, status: $s, reason: $r) { id status version } }`;
const LIST = `query($z: ID!, $s: SpotStatus, $first: Int, $after: String) { spots(zoneId: $z, status: $s, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { number status currentAssignment { id } } } } }`;

let app: TestApp;
let city: TestCity;
let admin: string;
let vendorToken: string;
let zone: string;
const ids: Record<number, string> = {};
const C = [WEST.lon, WEST.lat] as const;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  zone = await makeZone(app, admin, '解放路摊点群', 'STALL_CLUSTER', C, 40);
  for (const [n, east] of [[1, -15], [2, -10], [3, -5], [4, 0], [5, 5]] as const) {
    const r = await app.gql<{ createSpot: { id: string } }>('mutation($i: CreateSpotInput!) { createSpot(input: $i) { id } }',
      { i: { zoneId: zone, number: n, widthM: 2, depthM: 1.5, bearingDeg: 90, geometry: point(moved(C, east, 0)) } }, admin);
    ids[n] = r.data!.createSpot.id;
  }
  const vendor = await createVendor(app.db, city);
  vendorToken = await login(app, vendor.username, PASSWORD);
  await assign(app.db, city, { id: ids[5], zoneId: zone }, vendor.id, shanghaiDate(-1), shanghaiDate(30));
});
afterAll(() => app.close());

describe('updateSpot', () => {
  it('renumbers, resizes and clears the business type, bumping the version; a stale version is a CONFLICT', async () => {
    const r = await app.gql<{ updateSpot: Record<string, unknown> }>(UPDATE, { id: ids[1], i: { number: 11, widthM: 2.5, businessType: '', expectedVersion: 1 } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateSpot).toMatchObject({ number: 11, widthM: 2.5, depthM: 1.5, businessType: null, version: 2 });
    const before = await spotState(app.db);
    const stale = await app.gql(UPDATE, { id: ids[1], i: { widthM: 2, expectedVersion: 1 } }, admin);
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT', currentVersion: 2 });
    expect(await spotState(app.db)).toEqual(before);
  });

  it.each([
    ['a number in use', { number: 2 }, 'CONFLICT', 'NUMBER_TAKEN', /编号 2/],
    ['a width reaching over the next stall', { widthM: 9 }, 'BAD_USER_INPUT', 'SPOT_TOO_CLOSE', /摊位 3 与摊位 (2|4) 重叠/],
    ['a business type the catalogue lacks', { businessType: 'casino' }, 'BAD_USER_INPUT', 'UNKNOWN_BUSINESS_TYPE', /casino/],
    ['nothing at all', {}, 'BAD_USER_INPUT', undefined, /nothing to change/],
  ])('refuses %s, changing nothing', async (_what, input, code, reason, message) => {
    const before = await spotState(app.db);
    const r = await app.gql(UPDATE, { id: ids[3], i: input }, admin);
    expect(r.errors![0].extensions).toMatchObject({ code, ...(reason ? { reason } : {}) });
    expect(r.errors![0].message).toMatch(message);
    expect(await spotState(app.db)).toEqual(before);
  });
});

describe('setSpotStatus', () => {
  it('suspends and reopens a spot; ASSIGNED is not set by hand; the same status twice is a CONFLICT', async () => {
    const s = await app.gql<{ setSpotStatus: { status: string } }>(STATUS, { id: ids[2], s: 'SUSPENDED', r: '路面维修' }, admin);
    expect(s.data!.setSpotStatus.status).toBe('SUSPENDED');
    const audit = await app.db.prisma.auditLog.findFirst({ where: { entityId: ids[2], operation: 'setSpotStatus' } });
    expect(audit?.after).toMatchObject({ status: 'SUSPENDED', reason: '路面维修' });
    expect((await app.gql(STATUS, { id: ids[2], s: 'SUSPENDED' }, admin)).errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SAME_STATUS' });
    expect((await app.gql<{ setSpotStatus: { status: string } }>(STATUS, { id: ids[2], s: 'AVAILABLE' }, admin)).data!.setSpotStatus.status).toBe('AVAILABLE');
    const before = await spotState(app.db);
    const assigned = await app.gql(STATUS, { id: ids[2], s: 'ASSIGNED' }, admin);
    expect(assigned.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STATUS_NOT_SETTABLE' });
    expect(await spotState(app.db)).toEqual(before);
  });

  it('refuses to retire a spot a live assignment holds; retires a free one, which is then history', async () => {
    const before = await spotState(app.db);
    const held = await app.gql(STATUS, { id: ids[5], s: 'RETIRED' }, admin);
    expect(held.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SPOT_HELD' });
    expect(held.errors![0].message).toMatch(/摊位 5 仍有有效的分配.*spot 5 is held by a live assignment/);
    expect(await spotState(app.db)).toEqual(before);

    expect((await app.gql<{ setSpotStatus: { status: string } }>(STATUS, { id: ids[4], s: 'RETIRED' }, admin)).data!.setSpotStatus.status).toBe('RETIRED');
    const again = await app.gql(UPDATE, { id: ids[4], i: { widthM: 1 } }, admin);
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SPOT_RETIRED' });
  });
});

describe('reading spots', () => {
  it('pages by number with the total; retired spots only when asked for; the assignment in force today', async () => {
    const p1 = await app.gql<{ spots: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { number: number; currentAssignment: { id: string } | null } }[] } }>(
      LIST, { z: zone, first: 2 }, admin);
    expect(p1.errors).toBeUndefined();
    expect(p1.data!.spots.totalCount).toBe(4);
    expect(p1.data!.spots.edges.map((e) => e.node.number)).toEqual([2, 3]);
    const p2 = await app.gql<{ spots: { pageInfo: { hasNextPage: boolean }; edges: { node: { number: number; currentAssignment: { id: string } | null } }[] } }>(
      LIST, { z: zone, first: 2, after: p1.data!.spots.pageInfo.endCursor }, admin);
    expect(p2.data!.spots.edges.map((e) => e.node.number)).toEqual([5, 11]);
    expect(p2.data!.spots.pageInfo.hasNextPage).toBe(false);
    expect(p2.data!.spots.edges[0].node.currentAssignment).not.toBeNull();
    const retired = await app.gql<{ spots: { edges: { node: { number: number; status: string } }[] } }>(LIST, { z: zone, s: 'RETIRED' }, admin);
    expect(retired.data!.spots.edges.map((e) => e.node)).toEqual([{ number: 4, status: 'RETIRED', currentAssignment: null }]);
  });

  it('answers every signed-in caller, a vendor seeing only their own assignment; the public not at all', async () => {
    const mine = await app.gql<{ spot: { number: number; currentAssignment: { id: string } | null } }>(
      'query($id: ID!) { spot(id: $id) { number currentAssignment { id } } }', { id: ids[5] }, vendorToken);
    expect(mine.data!.spot.currentAssignment).not.toBeNull();
    const other = await createVendor(app.db, city);
    const otherToken = await login(app, other.username, PASSWORD);
    const theirs = await app.gql<{ spot: { currentAssignment: null } }>('query($id: ID!) { spot(id: $id) { currentAssignment { id } } }', { id: ids[5] }, otherToken);
    expect(theirs.data!.spot.currentAssignment).toBeNull();
    expect((await app.gql(LIST, { z: zone })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(LIST, { z: zone, after: 'bm90LWEtY3Vyc29y' }, admin)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
