// Reading zones: filters by district, kind, bounding box and point (in any coordinate system),
// cursor pagination with a total count, and retired zones kept out of the default list.
import gcoord from 'gcoord';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, square, WEST, EAST, type TestCity } from '../../../test/helpers/factories';

let app: TestApp;
let city: TestCity;
let admin: string;
let vendor: string;
const ids: Record<string, string> = {};

const ZONES = `query($d: ID, $k: ZoneKind, $s: ZoneStatus, $b: [Float!], $p: GeoJSON, $crs: Crs, $first: Int, $after: String) {
  zones(districtId: $d, kind: $k, status: $s, bbox: $b, containsPoint: $p, crs: $crs, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name kind status district { id } } } } }`;
type Page = { zones: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; name: string } }[] } };

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  vendor = await login(app, (await createAccount(app.db, city, 'VENDOR')).username, PASSWORD);
  const make = async (key: string, kind: string, lon: number, lat: number) => {
    const r = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
      { i: { name: key, kind, geometry: square(lon, lat, 50) } }, admin);
    ids[key] = r.data!.createZone.id;
  };
  for (let i = 0; i < 7; i++) await make(`west-${i}`, 'STALL_CLUSTER', WEST.lon + i * 0.002, WEST.lat);
  await make('west-night', 'NIGHT_MARKET', WEST.lon, WEST.lat + 0.01);
  await make('east-night', 'NIGHT_MARKET', EAST.lon, EAST.lat);
  await make('east-old', 'SERVICE_POINT', EAST.lon, EAST.lat - 0.01);
  await app.gql('mutation($id: ID!) { retireZone(id: $id) { id } }', { id: ids['east-old'] }, admin);
});
afterAll(() => app.close());

const names = (p: Page) => p.zones.edges.map((e) => e.node.name).sort();

it('filters by district and kind; retired zones only when asked', async () => {
  expect((await app.gql<Page>(ZONES, {}, vendor)).data!.zones.totalCount).toBe(9);
  expect((await app.gql<Page>(ZONES, { d: city.east }, vendor)).data!.zones.totalCount).toBe(1);
  expect(names((await app.gql<Page>(ZONES, { k: 'NIGHT_MARKET' }, vendor)).data!)).toEqual(['east-night', 'west-night']);
  expect(names((await app.gql<Page>(ZONES, { s: 'RETIRED' }, admin)).data!)).toEqual(['east-old']);
  expect((await app.gql(ZONES, { s: 'RETIRED' }, vendor)).errors![0].extensions.code).toBe('FORBIDDEN');
});

it('filters by bounding box and by a point, also given in GCJ-02', async () => {
  const bbox = [EAST.lon - 0.001, EAST.lat - 0.001, EAST.lon + 0.001, EAST.lat + 0.001];
  expect(names((await app.gql<Page>(ZONES, { b: bbox }, vendor)).data!)).toEqual(['east-night']);
  const point = { type: 'Point', coordinates: [WEST.lon + 0.004, WEST.lat] };
  expect(names((await app.gql<Page>(ZONES, { p: point }, vendor)).data!)).toEqual(['west-2']);
  const gcj = gcoord.transform([WEST.lon + 0.004, WEST.lat], gcoord.WGS84, gcoord.GCJ02);
  expect(names((await app.gql<Page>(ZONES, { p: { type: 'Point', coordinates: gcj }, crs: 'GCJ02' }, vendor)).data!)).toEqual(['west-2']);
  // Read as WGS84, the GCJ-02 coordinates are hundreds of metres off and hit nothing.
  expect((await app.gql<Page>(ZONES, { p: { type: 'Point', coordinates: gcj } }, vendor)).data!.zones.totalCount).toBe(0);
  expect((await app.gql(ZONES, { b: [1, 2, 0, 3] }, vendor)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
});

it('pages through every zone exactly once with cursors', async () => {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res: { data?: Page | null } = await app.gql<Page>(ZONES, { first: 4, after }, vendor);
    const z = res.data!.zones;
    expect(z.totalCount).toBe(9);
    seen.push(...z.edges.map((e) => e.node.id));
    pages++;
    if (!z.pageInfo.hasNextPage) break;
    after = z.pageInfo.endCursor;
  }
  expect(pages).toBe(3);
  expect(new Set(seen).size).toBe(9);
  expect((await app.gql(ZONES, { after: 'garbage' }, vendor)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
});

it('a vendor does not see a retired zone by id; staff do', async () => {
  const q = 'query($id: ID!) { zone(id: $id) { name status } }';
  expect((await app.gql(q, { id: ids['east-old'] }, vendor)).data).toEqual({ zone: null });
  expect((await app.gql(q, { id: ids['east-old'] }, admin)).data).toEqual({ zone: { name: 'east-old', status: 'RETIRED' } });
});

it('another city is not visible', async () => {
  const other = await createCity(app.db);
  const otherAdmin = await login(app, (await createAccount(app.db, other, 'ADMIN')).username, PASSWORD);
  expect((await app.gql<Page>(ZONES, {}, otherAdmin)).data!.zones.totalCount).toBe(0);
  expect((await app.gql('query($id: ID!) { zone(id: $id) { id } }', { id: ids['west-0'] }, otherAdmin)).data).toEqual({ zone: null });
  expect((await app.gql('query($c: ID) { zones(cityId: $c) { totalCount } }', { c: city.cityId }, otherAdmin)).errors![0].extensions.code).toBe('FORBIDDEN');
});
