// createSpot through GraphQL on a real PostGIS: a point or a polygon, in every coordinate system, numbered
// by the zone when no number is given, checked against the zone's rule (size, business type) and by
// the database (inside the zone, clear of other stalls); every refusal typed, named and changing nothing.
import gcoord from 'gcoord';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, putRule, square, week, WEST, type TestCity } from '../../../test/helpers/factories';
import { makeZone, moved, point, setSpacing, spotState } from '../../../test/helpers/spots';

const CREATE = `mutation($i: CreateSpotInput!) { createSpot(input: $i) {
  id number status version widthM depthM bearingDeg businessType geometry footprint zone { id name } } }`;

type Spot = { id: string; number: number; status: string; version: number; businessType: string | null; geometry: { type: string }; footprint: { type: string; coordinates: number[][][] }; zone: { id: string } };

let app: TestApp;
let city: TestCity;
let admin: string;
let zone: string;
const C = [WEST.lon, WEST.lat] as const;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  zone = await makeZone(app, admin, '人民路夜市', 'NIGHT_MARKET', C, 40);
  const rule = await putRule(app.db, city, zone, '2026-01-01', { windows: week('17:00', '22:00') }, ['food', 'goods']);
  await app.db.prisma.zoneRule.update({ where: { cityId_id: { cityId: city.cityId, id: rule.id } }, data: { maxStallAreaM2: 6 } });
  await setSpacing(app.db, zone, 1);
});
afterAll(() => app.close());

const create = (input: Record<string, unknown>, token = admin) =>
  app.gql<{ createSpot: Spot }>(CREATE, { i: { zoneId: zone, widthM: 2, depthM: 1.5, ...input } }, token);

async function areaM2(geojson: unknown): Promise<number> {
  const [r] = await app.db.prisma.$queryRaw<{ a: number }[]>`SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geojson)}), 4326)::geography) AS a`;
  return r.a;
}

describe('createSpot', () => {
  it('draws a point spot with its footprint from the database, numbered 1, audited in the same transaction', async () => {
    const before = await spotState(app.db);
    const r = await create({ geometry: point(moved(C, -15, 15)), businessType: 'food.snacks' });
    expect(r.errors).toBeUndefined();
    const s = r.data!.createSpot;
    expect(s).toMatchObject({ number: 1, status: 'AVAILABLE', version: 1, businessType: 'food.snacks', geometry: { type: 'Point' }, zone: { id: zone } });
    expect(s.footprint.type).toBe('Polygon');
    expect(await areaM2(s.footprint)).toBeCloseTo(3, 1);
    const after = await spotState(app.db);
    expect([after.spots.n, after.audit]).toEqual([before.spots.n + 1, before.audit + 1]);
    const audit = await app.db.prisma.auditLog.findFirst({ where: { entityId: s.id } });
    expect(audit).toMatchObject({ operation: 'createSpot', entityType: 'Spot' });
  });

  it('takes a polygon as the footprint, and GCJ-02 input where its WGS84 twin is', async () => {
    const [lon, lat] = moved(C, -15, 8);
    const poly = { type: 'Polygon', coordinates: [[[lon, lat], moved([lon, lat], 2, 0), moved([lon, lat], 2, 2), moved([lon, lat], 0, 2), [lon, lat]]] };
    const r = await create({ geometry: poly });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createSpot.footprint).toEqual(r.data!.createSpot.geometry);
    expect(r.data!.createSpot.number).toBe(2);

    const wgs = moved(C, -15, 2);
    const gcj = gcoord.transform(wgs as [number, number], gcoord.WGS84, gcoord.GCJ02);
    const g = await create({ geometry: point(gcj), crs: 'GCJ02' });
    expect(g.errors).toBeUndefined();
    const [x, y] = (g.data!.createSpot.geometry as unknown as { coordinates: number[] }).coordinates;
    expect(Math.abs(x - wgs[0]) * 91_000 + Math.abs(y - wgs[1]) * 111_000).toBeLessThan(1);
  });

  it('gives the lowest free number, a retired one included, and takes a number asked for', async () => {
    const four = await create({ geometry: point(moved(C, -15, -4)), number: 4 });
    expect(four.data!.createSpot.number).toBe(4);
    const next = await create({ geometry: point(moved(C, -15, -10)) });
    expect(next.data!.createSpot.number).toBe(5);
    await app.gql('mutation($id: ID!) { setSpotStatus(id: $id, status: RETIRED) { id } }', { id: four.data!.createSpot.id }, admin);
    const reuse = await create({ geometry: point(moved(C, -10, -4)) });
    expect(reuse.data!.createSpot.number).toBe(4);
  });
});

describe('concurrent writers of one zone', () => {
  it('number parallel spots without a clash, and let exactly one of two stalls on the same ground in', async () => {
    const east = [...Array(6).keys()].map((i) => moved(C, i * 2.5, 10));
    const many = await Promise.all(east.map((p) => create({ geometry: point(p), widthM: 1, depthM: 1 })));
    expect(many.map((r) => r.errors)).toEqual(many.map(() => undefined));
    const numbers = many.map((r) => r.data!.createSpot.number);
    expect(new Set(numbers).size).toBe(6);
    const same = await Promise.all([0, 1].map(() => create({ geometry: point(moved(C, 10, 17)) })));
    expect(same.filter((r) => !r.errors)).toHaveLength(1);
    expect(same.find((r) => r.errors)!.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SPOT_TOO_CLOSE' });
  });
});

describe('createSpot refusals change nothing', () => {
  const bad: [string, Record<string, unknown>, string, string, RegExp][] = [
    ['outside the zone', { geometry: point(moved(C, 19.5, 0)) }, 'BAD_USER_INPUT', 'SPOT_OUTSIDE_ZONE', /超出所在区域 \/ spot \d+ lies outside its zone/],
    ['over spot 1', { geometry: point(moved(C, -14.5, 15)) }, 'BAD_USER_INPUT', 'SPOT_TOO_CLOSE', /摊位 \d+ 与摊位 1 重叠或间距小于 1 米 \/ spot \d+ overlaps spot 1/],
    ['closer than the zone\'s spacing', { geometry: point(moved(C, -15, 16.9)) }, 'BAD_USER_INPUT', 'SPOT_TOO_CLOSE', /spot 1/],
    ['a number in use', { geometry: point(moved(C, 5, 5)), number: 1 }, 'CONFLICT', 'NUMBER_TAKEN', /编号 1 在该区域已被使用 \/ number 1 already used/],
    ['larger than the rule allows', { geometry: point(moved(C, 5, 5)), widthM: 3, depthM: 2.5 }, 'BAD_USER_INPUT', 'TOO_LARGE', /7.5 m².*6 m²/],
    ['a polygon larger than the rule allows', { geometry: square(C[0] + 0.00005, C[1], 3) }, 'BAD_USER_INPUT', 'TOO_LARGE', /8\.9\d m².*6 m²/],
    ['a business type the rule does not allow', { geometry: point(moved(C, 5, 5)), businessType: 'repair' }, 'BAD_USER_INPUT', 'BUSINESS_TYPE_NOT_ALLOWED', /人民路夜市.*does not allow repair/],
    ['an unknown business type', { geometry: point(moved(C, 5, 5)), businessType: 'casino' }, 'BAD_USER_INPUT', 'UNKNOWN_BUSINESS_TYPE', /casino/],
    ['a self-intersecting polygon', { geometry: { type: 'Polygon', coordinates: [[[C[0], C[1]], [C[0] + 0.00002, C[1] + 0.00002], [C[0] + 0.00002, C[1]], [C[0], C[1] + 0.00002], [C[0], C[1]]]] } }, 'BAD_USER_INPUT', 'INVALID_GEOMETRY', /Self-intersection/],
    ['a line', { geometry: { type: 'LineString', coordinates: [[C[0], C[1]], [C[0] + 0.0001, C[1]]] } }, 'BAD_USER_INPUT', 'INVALID_GEOMETRY', /Point or Polygon/],
  ];
  it.each(bad)('%s', async (_what, input, code, reason, message) => {
    const before = await spotState(app.db);
    const r = await create(input);
    expect(r.data).toBeNull();
    expect(r.errors![0].extensions).toMatchObject({ code, reason });
    expect(r.errors![0].message).toMatch(message);
    expect(await spotState(app.db)).toEqual(before);
  });

  it('a no-vending zone takes no spot, and a no-vending area laid over part of a vending zone keeps spots out of it', async () => {
    const banned = await makeZone(app, admin, '学校门口禁设区', 'NO_VENDING', moved(C, 0, 200), 30);
    await makeZone(app, admin, '消防通道', 'NO_VENDING', moved(C, 15, -15), 8);
    const before = await spotState(app.db);
    const r = await app.gql(CREATE, { i: { zoneId: banned, widthM: 2, depthM: 1.5, geometry: point(moved(C, 0, 200)) } }, admin);
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_VENDING_ZONE' });
    const over = await create({ geometry: point(moved(C, 15, -15)) });
    expect(over.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IN_NO_VENDING_AREA' });
    expect(over.errors![0].message).toContain('消防通道');
    expect(await spotState(app.db)).toEqual(before);
  });

  it('an unknown zone is NOT_FOUND, a malformed one BAD_USER_INPUT, no token UNAUTHENTICATED', async () => {
    const g = point(moved(C, 5, 5));
    expect((await app.gql(CREATE, { i: { zoneId: '00000000-0000-4000-8000-000000000000', widthM: 2, depthM: 1, geometry: g } }, admin)).errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await app.gql(CREATE, { i: { zoneId: 'zone-1', widthM: 2, depthM: 1, geometry: g } }, admin)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await create({ geometry: g }, '')).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
