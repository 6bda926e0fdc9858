// Zones through GraphQL on a real PostGIS: drawing in every coordinate system, PostGIS's verdicts on
// bad geometry, no-vending overrides, and nothing changed by a refused mutation.
import gcoord from 'gcoord';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, snapshot, square, WEST, EAST, type TestCity } from '../../../test/helpers/factories';

const CREATE = `mutation($input: CreateZoneInput!) { createZone(input: $input) {
  id name kind status areaM2 version geometry district { id name } } }`;

let app: TestApp;
let city: TestCity;
let admin: string;
let officer: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  const a = await createAccount(app.db, city, 'ADMIN');
  const o = await createAccount(app.db, city, 'OFFICER', { districts: [city.west] });
  admin = await login(app, a.username, PASSWORD);
  officer = await login(app, o.username, PASSWORD);
});
afterAll(() => app.close());

type Zone = { id: string; name: string; kind: string; areaM2: number; version: number; geometry: { type: string; coordinates: number[][][][] }; district: { id: string } };

async function create(input: Record<string, unknown>, token = admin) {
  return app.gql<{ createZone: Zone }>(CREATE, { input: { name: '测试摊点群', kind: 'STALL_CLUSTER', ...input } }, token);
}

async function distanceM(db: TestApp['db'], a: unknown, b: unknown): Promise<number> {
  const [r] = await db.prisma.$queryRaw<{ d: number }[]>`SELECT ST_HausdorffDistance(
    ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(a)}), 4326), 32650),
    ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(b)}), 4326), 32650)) AS d`;
  return r.d;
}

describe('createZone', () => {
  it('stores a WGS84 polygon as a MultiPolygon with its area and district from PostGIS', async () => {
    const res = await create({ geometry: square(WEST.lon, WEST.lat, 40) });
    expect(res.errors).toBeUndefined();
    const z = res.data!.createZone;
    expect(z.geometry.type).toBe('MultiPolygon');
    expect(z.areaM2).toBeGreaterThan(1590);
    expect(z.areaM2).toBeLessThan(1610);
    expect(z.district.id).toBe(city.west);
    expect(z.version).toBe(1);
  });

  it.each([['GCJ02', gcoord.GCJ02], ['BD09', gcoord.BD09]] as const)('converts %s input to where its WGS84 twin is, within 1 m', async (crs, code) => {
    const wgs = square(WEST.lon + 0.01, WEST.lat + 0.01, 30);
    const shifted = gcoord.transform(structuredClone(wgs) as never, gcoord.WGS84, code) as unknown as typeof wgs;
    expect(await distanceM(app.db, wgs, shifted)).toBeGreaterThan(100); // the shift is real
    const res = await create({ name: `${crs} 点`, geometry: shifted, crs }, admin);
    expect(res.errors).toBeUndefined();
    expect(await distanceM(app.db, wgs, res.data!.createZone.geometry)).toBeLessThan(1);
    await app.gql('mutation($id: ID!) { retireZone(id: $id) { id } }', { id: res.data!.createZone.id }, admin);
  });

  it('accepts a MultiPolygon and a GeoJSON Feature wrapping a Polygon', async () => {
    const a = square(WEST.lon - 0.01, WEST.lat - 0.01, 20);
    const b = square(WEST.lon - 0.0095, WEST.lat - 0.01, 20);
    const multi = await create({ geometry: { type: 'MultiPolygon', coordinates: [a.coordinates, b.coordinates] } });
    expect(multi.errors).toBeUndefined();
    expect(multi.data!.createZone.geometry.coordinates).toHaveLength(2);
    const feature = await create({ geometry: { type: 'Feature', properties: {}, geometry: square(WEST.lon - 0.012, WEST.lat, 10) } });
    expect(feature.errors).toBeUndefined();
  });
});

describe('refused geometry changes nothing', () => {
  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['a self-intersecting ring', { geometry: { type: 'Polygon', coordinates: [[[118.31, 35.01], [118.32, 35.02], [118.32, 35.01], [118.31, 35.02], [118.31, 35.01]]] } }, 'BAD_USER_INPUT', /Self-intersection/],
    ['an unclosed ring', { geometry: { type: 'Polygon', coordinates: [[[118.31, 35.01], [118.32, 35.01], [118.32, 35.02], [118.31, 35.02]]] } }, 'BAD_USER_INPUT', /not closed/],
    ['a latitude out of range', { geometry: { type: 'Polygon', coordinates: [[[118.31, 95], [118.32, 95], [118.32, 96], [118.31, 95]]] } }, 'BAD_USER_INPUT', /latitude out of range/],
    ['a point instead of an area', { geometry: { type: 'Point', coordinates: [118.31, 35.01] } }, 'BAD_USER_INPUT', /Polygon or MultiPolygon/],
    ['a zone outside the city', { geometry: square(116.4, 39.9, 40) }, 'BAD_USER_INPUT', /outside the city/],
    ['a zone reaching past the city edge', { geometry: square(118.3, 35.025, 40) }, 'BAD_USER_INPUT', /outside the city/],
    ['a blank name', { name: '  ', geometry: square(WEST.lon, WEST.lat + 0.01, 20) }, 'BAD_USER_INPUT', /name/],
  ];
  it.each(bad)('%s', async (_what, input, code, message) => {
    const before = await snapshot(app.db);
    const res = await create(input);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions.code).toBe(code);
    expect(res.errors![0].message).toMatch(message);
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('an unknown kind is a typed error', async () => {
    const before = await snapshot(app.db);
    const res = await create({ kind: 'CASINO', geometry: square(WEST.lon, WEST.lat, 10) });
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('a vending zone overlapping a no-vending area is refused with the area named; a no-vending area may cover zones', async () => {
    const school = await create({ name: '第一小学门口禁设区域', kind: 'NO_VENDING', geometry: square(EAST.lon, EAST.lat, 100) });
    expect(school.errors).toBeUndefined();
    const before = await snapshot(app.db);
    const res = await create({ name: '校门口夜市', kind: 'NIGHT_MARKET', geometry: square(EAST.lon + 0.0005, EAST.lat, 60) });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OVERLAPS_NO_VENDING_AREA' });
    expect(res.errors![0].message).toContain('第一小学门口禁设区域');
    expect(await snapshot(app.db)).toEqual(before);
    // Sharing only an edge is not overlapping.
    const side = square(EAST.lon, EAST.lat, 100).coordinates[0];
    const east = side[1][0];
    const touching = { type: 'Polygon', coordinates: [[[east, side[0][1]], [east + 0.0005, side[0][1]], [east + 0.0005, side[2][1]], [east, side[2][1]], [east, side[0][1]]]] };
    expect((await create({ name: '紧邻摊点', geometry: touching })).errors).toBeUndefined();
  });
});

describe('updateZone and retireZone', () => {
  it('renames, reshapes with a version check, and retires into history', async () => {
    const z = (await create({ name: '旧名', geometry: square(WEST.lon + 0.015, WEST.lat - 0.015, 30) })).data!.createZone;
    const upd = `mutation($id: ID!, $input: UpdateZoneInput!) { updateZone(id: $id, input: $input) { name version areaM2 } }`;
    const renamed = await app.gql<{ updateZone: Zone }>(upd, { id: z.id, input: { name: '新名', expectedVersion: 1 } }, admin);
    expect(renamed.data!.updateZone).toMatchObject({ name: '新名', version: 2 });
    const stale = await app.gql(upd, { id: z.id, input: { name: '又一名', expectedVersion: 1 } }, admin);
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const bigger = await app.gql<{ updateZone: Zone }>(upd, { id: z.id, input: { geometry: square(WEST.lon + 0.015, WEST.lat - 0.015, 60) } }, admin);
    expect(bigger.data!.updateZone.areaM2).toBeGreaterThan(3500);

    const retired = await app.gql<{ retireZone: { status: string } }>('mutation($id: ID!) { retireZone(id: $id, reason: "道路改造") { status } }', { id: z.id }, admin);
    expect(retired.data!.retireZone.status).toBe('RETIRED');
    const again = await app.gql('mutation($id: ID!) { retireZone(id: $id) { status } }', { id: z.id }, admin);
    expect(again.errors![0].extensions.code).toBe('CONFLICT');
    const change = await app.gql(upd, { id: z.id, input: { name: 'x' } }, admin);
    expect(change.errors![0].extensions.code).toBe('CONFLICT');
    const history = await app.gql<{ zone: { status: string; retiredAt: string } }>('query($id: ID!) { zone(id: $id) { status retiredAt } }', { id: z.id }, officer);
    expect(history.data!.zone.status).toBe('RETIRED');
    expect(history.data!.zone.retiredAt).toBeTruthy();
  });

  it('an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    const upd = `mutation($id: ID!) { updateZone(id: $id, input: { name: "x" }) { id } }`;
    expect((await app.gql(upd, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await app.gql(upd, { id: 'zone-1' }, admin)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
