// The largest batches the schema allows (500 spots along a kerb, a 500-spot grid) are accepted whole,
// previewed and written alike; the bound itself is the schema's (@constraint max 500).
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { moved } from '../../../test/helpers/spots';

let app: TestApp;
let city: TestCity;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
});
afterAll(() => app.close());

/** A rectangle `east` × `north` metres from a south-west corner, as a vending zone. */
async function zone(name: string, sw: [number, number], east: number, north: number): Promise<string> {
  const ne = moved(sw, east, north);
  const g = { type: 'Polygon', coordinates: [[sw, [ne[0], sw[1]], ne, [sw[0], ne[1]], sw]] };
  const r = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name, kind: 'NIGHT_MARKET', geometry: g } }, admin);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createZone.id;
}

it('writes 500 spots along an 800 m kerb in one go, after a preview of the same 500', async () => {
  const sw = moved([WEST.lon, WEST.lat], -400, -200) as [number, number];
  const zoneId = await zone('长街夜市', sw, 800, 10);
  const input = { zoneId, line: { type: 'LineString', coordinates: [moved(sw, 2, 5), moved(sw, 798, 5)] }, count: 500, gapM: 0.5, widthM: 1, depthM: 1 };
  const q = 'mutation($i: SpotsAlongLineInput!, $d: Boolean) { createSpotsAlongLine(input: $i, dryRun: $d) { count spots { number } } }';
  const preview = await app.gql<{ createSpotsAlongLine: { count: number } }>(q, { i: input, d: true }, admin);
  expect(preview.errors).toBeUndefined();
  expect(preview.data!.createSpotsAlongLine.count).toBe(500);
  expect(await app.db.prisma.spot.count({ where: { zoneId } })).toBe(0);
  const done = await app.gql<{ createSpotsAlongLine: { count: number } }>(q, { i: input, d: false }, admin);
  expect(done.errors).toBeUndefined();
  expect(await app.db.prisma.spot.count({ where: { zoneId } })).toBe(500);
});

it('fills a zone with a grid of at most 500 spots', async () => {
  const sw = moved([WEST.lon, WEST.lat], -400, 100) as [number, number];
  const zoneId = await zone('广场夜市', sw, 100, 100);
  const r = await app.gql<{ createSpotsGrid: { count: number } }>(
    'mutation($i: SpotsGridInput!) { createSpotsGrid(input: $i) { count } }', { i: { zoneId, widthM: 2, depthM: 2, gapM: 1, maxCount: 500 } }, admin);
  expect(r.errors).toBeUndefined();
  expect(r.data!.createSpotsGrid.count).toBe(500);
});
