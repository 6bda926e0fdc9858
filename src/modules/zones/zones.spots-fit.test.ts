// A zone's changes must not strand its stall spots: the spot trigger checks a spot when it is written,
// so raising the zone's spacing, shrinking it or turning it into a no-vending area is refused while its
// live spots would break those rules, and nothing changes.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, snapshot, square, WEST, type TestCity } from '../../../test/helpers/factories';
import { databaseErrorText } from '../../graphql/errors';

const UPDATE = `mutation($id: ID!, $input: UpdateZoneInput!) { updateZone(id: $id, input: $input) { id version minSpotSpacingM } }`;

let app: TestApp;
let city: TestCity;
let admin: string;
let zoneId: string;

/** A 2 × 2 m stall centred `east` metres east of the zone's centre, written straight into the table. */
async function spot(number: number, east: number) {
  const lon = WEST.lon + east / (111_320 * Math.cos((WEST.lat * Math.PI) / 180));
  await app.db.prisma.$executeRaw`INSERT INTO spot (city_id, zone_id, number, geom, width_m, depth_m)
    VALUES (${city.cityId}::uuid, ${zoneId}::uuid, ${number}, ST_SetSRID(ST_MakePoint(${lon}, ${WEST.lat}), 4326), 2, 2)`;
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  const r = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name: '间距测试', kind: 'STALL_CLUSTER', geometry: square(WEST.lon, WEST.lat, 60) } }, admin);
  zoneId = r.data!.createZone.id;
  await spot(1, -3);
  await spot(2, 0); // 1 m of ground between the two stalls
});
afterAll(() => app.close());

it('sets the spacing when the spots keep it, and the trigger then applies it to new spots', async () => {
  const ok = await app.gql<{ updateZone: { minSpotSpacingM: number } }>(UPDATE, { id: zoneId, input: { minSpotSpacingM: 0.5 } }, admin);
  expect(ok.errors).toBeUndefined();
  expect(ok.data!.updateZone.minSpotSpacingM).toBe(0.5);
  const refused = await spot(3, 2.3).then(() => 'written', databaseErrorText);
  expect(refused).toMatch(/spot 3 overlaps or is closer than 0.5 m to spot 2/);
  await spot(3, 2.6).catch((e: unknown) => { throw new Error(databaseErrorText(e)); });
});

it.each([
  ['more room between stalls than the spots have', { minSpotSpacingM: 2 }, [1, 2, 3]],
  ['a smaller zone that leaves spots outside', { geometry: square(WEST.lon - 10 / 91_170, WEST.lat, 20) }, [2, 3]],
  ['turning the zone into a no-vending area', { kind: 'NO_VENDING' }, [1, 2, 3]],
])('refuses %s, naming the spots, and changes nothing', async (_what, input, numbers) => {
  const before = await snapshot(app.db);
  const r = await app.gql(UPDATE, { id: zoneId, input }, admin);
  expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SPOTS_WOULD_NOT_FIT', spotNumbers: numbers });
  expect(await snapshot(app.db)).toEqual(before);
});

it('refuses a spacing out of range', async () => {
  const r = await app.gql(UPDATE, { id: zoneId, input: { minSpotSpacingM: 101 } }, admin);
  expect(r.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
});
