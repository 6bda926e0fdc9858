// Check-in at the assigned spot: through GraphQL on a zone open around the clock (distance, other
// coordinate systems, retries, check-out), and through the service with a chosen "now" for the hours
// (a zone open Mondays 10:00–12:00): accepted inside, refused outside with the next opening in words.
import gcoord from 'gcoord';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { allocationSnapshot, createSpot, createVendingZone, createVendor, day, offset } from '../../../test/helpers/allocation';
import type { Viewer } from '../../graphql/context';
import { isoWeekday, localInstant } from '../../schedule/schedule.time';
import { checkIn } from './check-in.service';

const CHECK_IN = `mutation($a: ID!, $p: GeoJSON!, $crs: Crs) { checkIn(assignmentId: $a, point: $p, crs: $crs) {
  id at distanceM endsAt checkedOutAt active assignment { id } } }`;

let app: TestApp;
let city: TestCity;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
});
afterAll(() => app.close());

/** A vendor holding `spotId` from `from` to `to` days from today. */
async function holder(zoneId: string, spotId: string, from: number, to: number) {
  const v = await createVendor(app.db, city);
  const token = await login(app, v.username, PASSWORD);
  const a = await app.gql<{ applyForSpot: { id: string } }>('mutation($input: ApplyForSpotInput!) { applyForSpot(input: $input) { id } }', {
    input: { zoneId, spotId, businessType: 'food.snacks', startsOn: day(from), endsOn: day(to) },
  }, token);
  const res = await app.gql<{ approveApplication: { id: string } }>('mutation($id: ID!) { approveApplication(id: $id) { id } }', { id: a.data!.applyForSpot.id }, admin);
  return { token, assignmentId: res.data!.approveApplication.id, account: v };
}

const point = (at: [number, number]) => ({ type: 'Point', coordinates: at });

describe('checkIn through GraphQL (a zone open around the clock)', () => {
  it('accepts at the spot, lapses at the end of the assignment, returns the same check-in on a retry, checks out', async () => {
    const zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat);
    const centre = offset(WEST.lon, WEST.lat, 10, 10);
    const spotId = await createSpot(app.db, city, zoneId, 1, centre);
    const h = await holder(zoneId, spotId, 0, 10);
    const first = await app.gql<{ checkIn: { id: string; distanceM: number; endsAt: string; active: boolean; assignment: { id: string } } }>(
      CHECK_IN, { a: h.assignmentId, p: point(centre) }, h.token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.checkIn).toMatchObject({ distanceM: 0, active: true, assignment: { id: h.assignmentId } });
    // Open around the clock, the closing time is the assignment's end: local midnight after its last day.
    expect(Date.parse(first.data!.checkIn.endsAt)).toBe(localInstant(day(11), 0, 'Asia/Shanghai'));
    const retry = await app.gql<{ checkIn: { id: string } }>(CHECK_IN, { a: h.assignmentId, p: point(offset(...centre, 5, 0)) }, h.token);
    expect(retry.data!.checkIn.id).toBe(first.data!.checkIn.id);

    const out = await app.gql<{ checkOut: { checkedOutAt: string; active: boolean } }>('mutation($id: ID!) { checkOut(id: $id) { checkedOutAt active } }', { id: first.data!.checkIn.id }, h.token);
    expect(out.data!.checkOut.active).toBe(false);
    expect(out.data!.checkOut.checkedOutAt).toBeTruthy();
    const again = await app.gql('mutation($id: ID!) { checkOut(id: $id) { id } }', { id: first.data!.checkIn.id }, h.token);
    expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_ACTIVE' });

    // From a phone map in GCJ-02, 20 m from the centre (inside the radius once converted).
    const shifted = gcoord.transform(point(offset(...centre, 0, 20)) as never, gcoord.WGS84, gcoord.GCJ02) as unknown as { coordinates: [number, number] };
    const gcj = await app.gql<{ checkIn: { distanceM: number } }>(CHECK_IN, { a: h.assignmentId, p: point(shifted.coordinates), crs: 'GCJ02' }, h.token);
    expect(gcj.errors).toBeUndefined();
    expect(gcj.data!.checkIn.distanceM).toBeGreaterThan(18);
    expect(gcj.data!.checkIn.distanceM).toBeLessThan(20);
    const mine = await app.gql<{ myCheckIns: { active: boolean }[] }>('{ myCheckIns { active } }', {}, h.token);
    expect(mine.data!.myCheckIns).toEqual([{ active: true }, { active: false }]);
  });

  it('refuses 200 m away, someone else\'s assignment and a day not assigned, saying why and changing nothing', async () => {
    const zoneId = await createVendingZone(app.db, city, WEST.lon + 0.005, WEST.lat, { size: 500 });
    const centre = offset(WEST.lon + 0.005, WEST.lat, 0, 0);
    const spotId = await createSpot(app.db, city, zoneId, 1, centre);
    const h = await holder(zoneId, spotId, 0, 5);
    const later = await holder(zoneId, await createSpot(app.db, city, zoneId, 2, offset(...centre, 30, 0)), 1, 5);
    const before = await allocationSnapshot(app.db);
    const far = await app.gql(CHECK_IN, { a: h.assignmentId, p: point(offset(...centre, 0, 200)) }, h.token);
    expect(far.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_FAR', radiusM: 30 });
    expect(far.errors![0].extensions.distanceM).toBeGreaterThan(195);
    expect(far.errors![0].message).toMatch(/米.*\/ .* m from your spot/);
    expect((await app.gql(CHECK_IN, { a: h.assignmentId, p: point(centre) }, later.token)).errors![0].extensions.code).toBe('NOT_FOUND');
    const notYet = await app.gql(CHECK_IN, { a: later.assignmentId, p: point(offset(...centre, 30, 0)) }, later.token);
    expect(notYet.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_ASSIGNED_TODAY' });
    expect((await app.gql(CHECK_IN, { a: h.assignmentId, p: point(centre) }, admin)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect(await allocationSnapshot(app.db)).toEqual(before);
  });
});

describe('checkIn and the zone\'s hours (the service, with a chosen now)', () => {
  it('accepts while open, lapsing at closing; refuses after closing with the next opening', async () => {
    const zoneId = await createVendingZone(app.db, city, WEST.lon - 0.01, WEST.lat, { windows: [{ day: 1, start: '10:00', end: '12:00' }] });
    const centre = offset(WEST.lon - 0.01, WEST.lat, 0, 0);
    const h = await holder(zoneId, await createSpot(app.db, city, zoneId, 1, centre), 0, 20);
    const monday = [1, 2, 3, 4, 5, 6, 7].map((d) => day(d)).find((d) => isoWeekday(d) === 1)!;
    const at = (hh: number, mm = 0) => new Date(localInstant(monday, hh * 60 + mm, 'Asia/Shanghai'));
    const viewer: Viewer = { accountId: h.account.id, cityId: city.cityId, username: h.account.username, role: 'VENDOR', districtIds: [], zoneId: null, via: 'session' };
    const w = (now: Date) => ({ viewer, requestId: null, now });

    const before = await allocationSnapshot(app.db);
    const closed = await checkIn(app.db.prisma, w(at(13)), h.assignmentId, point(centre)).then(() => null, (e: { extensions: Record<string, unknown>; message: string }) => e);
    expect(closed!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ZONE_CLOSED' });
    const next = new Date(at(10).getTime() + 7 * 86_400_000);
    expect(Date.parse(String(closed!.extensions.nextOpeningAt))).toBe(next.getTime());
    expect(closed!.message).toContain('next opening');
    expect(await allocationSnapshot(app.db)).toEqual(before);

    const open = await checkIn(app.db.prisma, w(at(11, 30)), h.assignmentId, point(centre));
    expect(open.endsAt.getTime()).toBe(at(12).getTime());
    expect(open.at.getTime()).toBe(at(11, 30).getTime());
  });
});
