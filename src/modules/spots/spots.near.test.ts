// openSpotsNear through GraphQL, with or without a token: nearest first by geodesic distance (not by
// the degrees the index walks in), and only where the business type may vend then — zone hours, the
// zone's and the spot's business types, live assignments, no-vending areas, and distance buffers,
// a school gate's only in its hours. Instants are days from now in Asia/Shanghai, inside the
// precomputed open-interval window, and two months out, where the rules are evaluated instead.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, putRule, square, week, WEST, type TestCity } from '../../../test/helpers/factories';
import { assign, createVendor, makeZone, moved, point, shanghaiDate } from '../../../test/helpers/spots';

const NEAR = `query($p: GeoJSON!, $t: String!, $at: DateTime, $r: Float, $first: Int) {
  openSpotsNear(point: $p, businessType: $t, at: $at, radiusM: $r, first: $first) {
    distanceM spot { id number businessType footprint } zone { id name weeklySchedule { days { dayName windows } } nextOpenings(count: 2) { from to } } } }`;

type Open = { distanceM: number; spot: { id: string; number: number; businessType: string | null }; zone: { id: string; name: string; nextOpenings: { from: string }[] } };

let app: TestApp;
let city: TestCity;
let admin: string;
const z: Record<string, string> = {};
const C = [WEST.lon, WEST.lat] as const;
const X = moved(C, 100, 0);
const D = shanghaiDate(3);
const FAR = shanghaiDate(60);
const at = (date: string, hm: string) => `${date}T${hm}:00+08:00`;
const ALL_DAY = { windows: week('00:00', '24:00'), holidayPolicy: 'OPEN_AS_USUAL' };

async function spot(zoneId: string, number: number, p: readonly number[], businessType?: string): Promise<string> {
  const r = await app.gql<{ createSpot: { id: string } }>('mutation($i: CreateSpotInput!) { createSpot(input: $i) { id } }',
    { i: { zoneId, number, widthM: 2, depthM: 1.5, geometry: point(p), businessType } }, admin);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createSpot.id;
}

async function buffer(name: string, featureKind: string, p: readonly number[], bufferM: number, windows?: unknown) {
  const r = await app.gql('mutation($i: DistanceRuleInput!) { createDistanceRule(input: $i) { id } }',
    { i: { name, featureKind, geometry: point(p), bufferM, windows, holidayPolicy: 'OPEN_AS_USUAL' } }, admin);
  expect(r.errors).toBeUndefined();
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  z.allDay = await makeZone(app, admin, '全天摊点群', 'STALL_CLUSTER', X, 40);
  z.night = await makeZone(app, admin, '人民路夜市', 'NIGHT_MARKET', C, 40);
  z.repair = await makeZone(app, admin, '三修一配点', 'REPAIR_AND_KEY_POINT', moved(C, -100, 0), 20);
  await putRule(app.db, city, z.allDay, '2026-01-01', ALL_DAY);
  await putRule(app.db, city, z.night, '2026-01-01', { windows: week('17:00', '22:00'), holidayPolicy: 'OPEN_AS_USUAL' }, ['food', 'goods']);
  await putRule(app.db, city, z.repair, '2026-01-01', ALL_DAY, ['repair']);
  // Footprints 2 m north–south by 1.5 m east–west. Spot 1's is 8.25 m east of X, spot 2's 9.2 m north:
  // nearer in metres, spot 1 is farther in degrees (a degree of longitude is 0.82 of one of latitude here).
  await spot(z.allDay, 1, moved(X, 9, 0));
  await spot(z.allDay, 2, moved(X, 0, 10.2));
  await spot(z.allDay, 3, moved(X, 0, -18));
  await spot(z.allDay, 4, moved(X, -9, 7), 'food');
  await spot(z.allDay, 5, moved(X, -9, -8), 'goods');
  const six = await spot(z.allDay, 6, moved(X, 5, 15));
  const seven = await spot(z.allDay, 7, moved(X, -5, 15));
  await spot(z.allDay, 8, moved(X, -12, -12));
  await spot(z.allDay, 9, moved(X, 12, -12));
  await spot(z.allDay, 10, moved(X, 12, 12));
  await spot(z.night, 1, C);
  await spot(z.repair, 1, moved(C, -100, 0));
  const vendor = await createVendor(app.db, city);
  await assign(app.db, city, { id: six, zoneId: z.allDay }, vendor.id, shanghaiDate(2), shanghaiDate(4));
  await app.gql('mutation($id: ID!) { setSpotStatus(id: $id, status: SUSPENDED) { id } }', { id: seven }, admin);
  await buffer('实验小学北门', 'SCHOOL_GATE', moved(X, -12, -14), 2.5, week('07:00', '08:30'));
  await buffer('消防栓', 'FIRE_HYDRANT', moved(X, 12, -14), 3);
  await app.gql('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name: '临时禁设区', kind: 'NO_VENDING', geometry: square(...moved(X, 12, 12), 6) } }, admin);
});
afterAll(() => app.close());

async function near(type: string, when: string, opts: { first?: number; r?: number; token?: string; p?: readonly number[] } = {}): Promise<Open[]> {
  const r = await app.gql<{ openSpotsNear: Open[] }>(NEAR, { p: point(opts.p ?? X), t: type, at: when, r: opts.r, first: opts.first }, opts.token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.openSpotsNear;
}
const label = (o: Open) => `${o.zone.id === z.allDay ? 'A' : o.zone.id === z.night ? 'N' : 'R'}${o.spot.number}`;

describe('openSpotsNear', () => {
  it('answers the public, nearest first in metres, with the zone\'s hours and next openings', async () => {
    const r = await near('food.snacks', at(D, '20:00'));
    expect(r.map(label)).toEqual(['A1', 'A2', 'A4', 'A8', 'A3', 'N1']);
    expect(r[0].distanceM).toBeCloseTo(8.25, 1);
    expect(r[1].distanceM).toBeCloseTo(9.2, 1);
    const night = r[5];
    expect(night.zone).toMatchObject({ name: '人民路夜市', weeklySchedule: { days: expect.arrayContaining([{ dayName: '周一 Mon', windows: ['17:00–22:00'] }]) } });
    expect(night.zone.nextOpenings[0].from).toBe(`${D}T09:00:00.000Z`); // the evening in progress, from 17:00 local
    expect(r.find((o) => o.spot.number === 4)!.spot.businessType).toBe('food'); // a parent type allows its child
    // The same answer signed in; the nearest one alone is the nearest in metres, not in degrees.
    expect((await near('food.snacks', at(D, '20:00'), { token: admin })).map(label)).toEqual(r.map(label));
    expect((await near('food.snacks', at(D, '20:00'), { first: 1 })).map(label)).toEqual(['A1']);
    expect((await near('food.snacks', at(D, '20:00'), { first: 2 })).map(label)).toEqual(['A1', 'A2']);
  });

  it('leaves out zones closed at the hour, and a spot inside a school gate\'s buffer only while it applies', async () => {
    expect((await near('food', at(D, '07:30'))).map(label)).toEqual(['A1', 'A2', 'A4', 'A3']);
    expect((await near('food', at(D, '12:00'))).map(label)).toEqual(['A1', 'A2', 'A4', 'A8', 'A3']);
  });

  it('keeps each zone\'s and each spot\'s business types', async () => {
    expect((await near('repair.key', at(D, '12:00'))).map(label)).toEqual(['A1', 'A2', 'A8', 'A3', 'R1']);
    expect((await near('goods.household', at(D, '20:00'))).map(label)).toEqual(['A1', 'A2', 'A5', 'A8', 'A3', 'N1']);
  });

  it('by the rules outside the precomputed window: the assignment over, the night market open in the evening only', async () => {
    expect((await near('food', at(FAR, '20:00'))).map(label)).toEqual(['A1', 'A2', 'A4', 'A6', 'A8', 'A3', 'N1']);
    expect((await near('food', at(FAR, '12:00'))).map(label)).toEqual(['A1', 'A2', 'A4', 'A6', 'A8', 'A3']);
  });

  it('stays within the radius; a point outside every city has none; an unknown type is refused', async () => {
    expect((await near('food', at(D, '12:00'), { r: 9 })).map(label)).toEqual(['A1']);
    expect(await near('food', at(D, '12:00'), { p: [116.4, 39.9] })).toEqual([]);
    const bad = await app.gql(NEAR, { p: point(X), t: 'casino', at: at(D, '12:00') });
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
