// Zone rules through GraphQL on a real PostGIS: "may I vend here, now, this?" with every reason, on
// fixed instants in Asia/Shanghai (2026 holidays and adjusted working days from the seeded calendar).
import gcoord from 'gcoord';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, putRule, square, week, WEST, EAST, type TestCity } from '../../../test/helpers/factories';

let app: TestApp;
let city: TestCity;
let admin: string;
const z: Record<string, string> = {};

/** A point `m` metres east of (lon, lat). */
const east = (lon: number, lat: number, m: number): [number, number] => [lon + m / (111_320 * Math.cos((lat * Math.PI) / 180)), lat];

async function zone(name: string, kind: string, lon: number, lat: number, size: number): Promise<string> {
  const r = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name, kind, geometry: square(lon, lat, size) } }, admin);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createZone.id;
}

const CHECK = `query($p: GeoJSON!, $t: String!, $at: DateTime) { vendingCheck(point: $p, businessType: $t, at: $at) {
  allowed reasons { code message distanceM zone { name } feature { name } } zones { name } nextAllowedAt
  nearestAllowedZone { distanceM zone { name } } } }`;
type Check = { allowed: boolean; reasons: { code: string; message: string; distanceM: number | null }[]; zones: { name: string }[]; nextAllowedAt: string | null; nearestAllowedZone: { distanceM: number; zone: { name: string } } | null };
const check = async (p: [number, number], type: string, at: string) => {
  const r = await app.gql<{ vendingCheck: Check }>(CHECK, { p: { type: 'Point', coordinates: p }, t: type, at });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.vendingCheck;
};
const isOpen = async (id: string, at: string, businessType?: string) =>
  (await app.gql<{ zone: { isOpen: boolean } }>('query($id: ID!, $at: DateTime, $t: String) { zone(id: $id) { isOpen(at: $at, businessType: $t) } }', { id, at, t: businessType }, admin)).data!.zone.isOpen;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  z.night = await zone('河滨夜市', 'NIGHT_MARKET', WEST.lon, WEST.lat, 100);
  await putRule(app.db, city, z.night, '2026-01-01', { windows: [...week('17:00', '01:00', [1, 2, 3, 4, 5, 6]), { day: 7, start: '22:00', end: '02:00' }] }, ['food', 'goods']);
  z.office = await zone('机关便民点', 'SERVICE_POINT', EAST.lon, EAST.lat, 40);
  await putRule(app.db, city, z.office, '2026-01-01', { windows: week('08:00', '18:00', [1, 2, 3, 4, 5]) });
  z.farm = await zone('小学东门瓜果点', 'FARMERS_PRODUCE_POINT', EAST.lon, EAST.lat + 0.01, 60);
  await putRule(app.db, city, z.farm, '2026-01-01', { windows: week('06:00', '22:00') }, ['produce']);
  // A no-vending area drawn later over part of the night market overrides it there.
  z.hospital = await zone('医院门口禁设区域', 'NO_VENDING', WEST.lon + 0.0004, WEST.lat, 30);
  const gate = east(EAST.lon, EAST.lat + 0.01, 40);
  const res = await app.gql('mutation($i: DistanceRuleInput!) { createDistanceRule(input: $i) { id } }', { i: {
    name: '实验小学东门', featureKind: 'SCHOOL_GATE', geometry: { type: 'Point', coordinates: gate }, bufferM: 50,
    windows: [...week('07:00', '08:30', [1, 2, 3, 4, 5]), ...week('16:30', '18:00', [1, 2, 3, 4, 5])],
  } }, admin);
  expect(res.errors).toBeUndefined();
});
afterAll(() => app.close());

describe('fixed time', () => {
  it('an overnight window is open past midnight, and Sunday 22:00–Monday 02:00 crosses the week', async () => {
    expect(await isOpen(z.night, '2026-11-18T00:30:00+08:00')).toBe(true); // Tue 17:00 – Wed 01:00
    expect(await isOpen(z.night, '2026-11-18T01:00:00+08:00')).toBe(false);
    expect(await isOpen(z.night, '2026-11-23T01:00:00+08:00')).toBe(true); // Sun 22 Nov 22:00 – Mon 02:00
    expect(await isOpen(z.night, '2026-11-23T02:00:00+08:00')).toBe(false);
    expect(await isOpen(z.night, '2026-11-22T20:00:00+08:00')).toBe(false); // Sunday opens at 22:00 only
  });

  it('a window that starts the evening before a public holiday runs on; the holiday evening is closed', async () => {
    expect(await isOpen(z.night, '2026-10-01T00:30:00+08:00')).toBe(true); // Wed 30 Sep window
    const r = await check([WEST.lon - 0.0003, WEST.lat], 'food', '2026-10-01T19:00:00+08:00');
    expect(r.allowed).toBe(false);
    expect(r.reasons.map((x) => x.code)).toContain('HOLIDAY_CLOSED');
    expect(r.reasons.find((x) => x.code === 'HOLIDAY_CLOSED')!.message).toMatch(/国庆|National Day/);
  });

  it('an adjusted working Sunday (调休) counts as a working day', async () => {
    expect(await isOpen(z.office, '2026-09-20T10:00:00+08:00')).toBe(true); // Sunday, worked for Mid-Autumn/National Day
    expect(await isOpen(z.office, '2026-09-13T10:00:00+08:00')).toBe(false); // an ordinary Sunday
  });

  it('a temporary closure inside an open window closes it, with its reason', async () => {
    const add = await app.gql<{ addZoneException: { id: string } }>('mutation($id: ID!, $i: ZoneExceptionInput!) { addZoneException(zoneId: $id, input: $i) { id } }',
      { id: z.office, i: { kind: 'CLOSURE', from: '2026-11-24T09:00:00+08:00', to: '2026-11-24T12:00:00+08:00', reason: '中考考点周边管控 exam day' } }, admin);
    expect(add.errors).toBeUndefined();
    const r = await check([EAST.lon, EAST.lat], 'goods', '2026-11-24T10:00:00+08:00');
    expect(r.reasons.map((x) => x.code)).toEqual(['TEMPORARILY_CLOSED']);
    expect(r.reasons[0].message).toContain('exam day');
    expect(r.nextAllowedAt).toBe('2026-11-24T04:00:00.000Z'); // 12:00 local
    expect(await isOpen(z.office, '2026-11-24T13:00:00+08:00')).toBe(true);
  });
});

describe('fixed area', () => {
  it('a point inside both a night market and a no-vending area is refused', async () => {
    const r = await check([WEST.lon + 0.0004, WEST.lat], 'food', '2026-11-18T20:00:00+08:00');
    expect(r.allowed).toBe(false);
    expect(r.zones.map((x) => x.name).sort()).toEqual(['医院门口禁设区域', '河滨夜市']);
    expect(r.reasons.map((x) => x.code)).toContain('IN_NO_VENDING_AREA');
    expect(r.nextAllowedAt).toBeNull();
  });

  it('40 m from a school gate with a 50 m school-hours buffer: refused at 07:30 on a school day, allowed at 20:00', async () => {
    const p: [number, number] = [EAST.lon, EAST.lat + 0.01];
    const morning = await check(p, 'produce.farmers', '2026-11-24T07:30:00+08:00');
    expect(morning.allowed).toBe(false);
    const near = morning.reasons.find((x) => x.code === 'TOO_CLOSE_TO')!;
    expect(near.distanceM).toBeGreaterThan(39);
    expect(near.distanceM).toBeLessThan(41);
    expect(morning.nextAllowedAt).toBe('2026-11-24T00:30:00.000Z'); // 08:30 local
    expect((await check(p, 'produce.farmers', '2026-11-24T20:00:00+08:00')).allowed).toBe(true);
    expect((await check(p, 'produce.farmers', '2026-11-28T07:30:00+08:00')).allowed).toBe(true); // Saturday: no school
  });

  it('outside every zone: the nearest zone that allows the type now, with its distance', async () => {
    const p = east(WEST.lon, WEST.lat + 0.005, 0);
    const r = await check(p, 'food.snacks', '2026-11-18T20:00:00+08:00');
    expect(r.allowed).toBe(false);
    expect(r.reasons.map((x) => x.code)).toEqual(['OUTSIDE_ZONES']);
    expect(r.nearestAllowedZone!.zone.name).toBe('河滨夜市');
    expect(r.nearestAllowedZone!.distanceM).toBeGreaterThan(500);
    expect(r.nearestAllowedZone!.distanceM).toBeLessThan(560);
  });
});

describe('fixed business type', () => {
  it('a type the zone does not allow is refused; a child of an allowed type is allowed', async () => {
    const p: [number, number] = [WEST.lon - 0.0003, WEST.lat];
    const repair = await check(p, 'repair.key', '2026-11-18T20:00:00+08:00');
    expect(repair.reasons.map((x) => x.code)).toEqual(['BUSINESS_TYPE_NOT_ALLOWED']);
    expect((await check(p, 'food.snacks', '2026-11-18T20:00:00+08:00')).allowed).toBe(true);
  });

  it('zones(openAt, businessType) lists the zones open then for that type', async () => {
    const q = 'query($at: DateTime, $t: String) { zones(openAt: $at, businessType: $t) { totalCount edges { node { name } } } }';
    const r = await app.gql<{ zones: { edges: { node: { name: string } }[] } }>(q, { at: '2026-11-18T20:00:00+08:00', t: 'food' }, admin);
    expect(r.data!.zones.edges.map((e) => e.node.name)).toEqual(['河滨夜市']);
    const r2 = await app.gql<{ zones: { edges: { node: { name: string } }[] } }>(q, { at: '2026-11-18T10:00:00+08:00' }, admin);
    expect(r2.data!.zones.edges.map((e) => e.node.name).sort()).toEqual(['小学东门瓜果点', '机关便民点']);
  });
});

it('a temporary opening (a festival night) opens a zone outside its windows', async () => {
  const q = 'query($id: ID!) { zone(id: $id) { exceptions { kind reason } } }';
  // Sunday 27 Dec 19:00 is outside the Sunday 22:00–02:00 window.
  const sunday = 'query($id: ID!) { zone(id: $id) { isOpen(at: "2026-12-27T19:00:00+08:00") } }';
  expect((await app.gql<{ zone: { isOpen: boolean } }>(sunday, { id: z.night }, admin)).data!.zone.isOpen).toBe(false);
  const add = await app.gql('mutation($id: ID!, $i: ZoneExceptionInput!) { addZoneException(zoneId: $id, input: $i) { id } }',
    { id: z.night, i: { kind: 'OPENING', from: '2026-12-27T17:00:00+08:00', to: '2026-12-27T23:00:00+08:00', reason: '冬至美食节 winter food festival' } }, admin);
  expect(add.errors).toBeUndefined();
  expect((await app.gql<{ zone: { isOpen: boolean } }>(sunday, { id: z.night }, admin)).data!.zone.isOpen).toBe(true);
  const r = await app.gql<{ zone: { exceptions: { kind: string }[] } }>(q, { id: z.night }, admin);
  expect(r.data!.zone.exceptions.map((e) => e.kind)).toContain('OPENING');
});

it('closed hours and out-of-season dates are reported with their codes; GCJ-02 points land where they should', async () => {
  const noon = await check([WEST.lon - 0.0003, WEST.lat], 'food', '2026-11-18T12:00:00+08:00');
  expect(noon.reasons.map((x) => x.code)).toEqual(['CLOSED_AT_THIS_TIME']);
  expect(noon.nextAllowedAt).toBe('2026-11-18T09:00:00.000Z'); // 17:00 local
  const summer = await zone('夏季瓜果点', 'FARMERS_PRODUCE_POINT', EAST.lon + 0.01, EAST.lat - 0.01, 30);
  await putRule(app.db, city, summer, '2026-01-01', { windows: week('06:00', '12:00'), season: { from: '05-01', to: '10-31' }, holidayPolicy: 'OPEN_AS_USUAL' }, ['produce']);
  const winter = await check([EAST.lon + 0.01, EAST.lat - 0.01], 'produce.fruit', '2026-11-18T08:00:00+08:00');
  expect(winter.reasons.map((x) => x.code)).toContain('OUT_OF_SEASON');
  expect(winter.nextAllowedAt).toBe('2027-04-30T22:00:00.000Z'); // 1 May 06:00 local
  const gcj = gcoord.transform([WEST.lon - 0.0003, WEST.lat], gcoord.WGS84, gcoord.GCJ02);
  const r = await app.gql<{ vendingCheck: Check }>(CHECK.replace('at: $at)', 'at: $at, crs: GCJ02)'),
    { p: { type: 'Point', coordinates: gcj }, t: 'food', at: '2026-11-18T20:00:00+08:00' });
  expect(r.data!.vendingCheck.allowed).toBe(true);
});
