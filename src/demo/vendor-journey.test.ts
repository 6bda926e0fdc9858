// The whole journey of a new vendor in the demo city, through GraphQL alone (issue 9's "done when"):
// sign in with a code texted to the phone, find an open spot nearby for what they sell, apply, see the
// assignment an officer approved, and check in at the spot. The service's clock is set to tomorrow
// noon (Shanghai), when the Xiyanchi feature street is open (10:00–23:00).
import { startClockedApp, codeFromLogs, LOGIN_WITH_CODE, REQUEST_CODE, type ClockedApp } from '../../test/helpers/vendors';
import { addDays, localDate } from '../schedule/schedule.time';
import { DEMO_CITY } from './demo-city.data';

let app: ClockedApp;
const tomorrow = addDays(localDate(Date.now(), 'Asia/Shanghai'), 1);
const noon = `${tomorrow}T12:00:00+08:00`;
const phone = '19900009876';

beforeAll(async () => {
  app = await startClockedApp(noon, { demo: true });
});
afterAll(() => app.close());

function centre(g: { coordinates: number[][][] | number[][][][] }): [number, number] {
  const ring = (g.coordinates.flat(Infinity) as number[]);
  const xs = ring.filter((_v, i) => i % 2 === 0);
  const ys = ring.filter((_v, i) => i % 2 === 1);
  return [xs.reduce((a, b) => a + b) / xs.length, ys.reduce((a, b) => a + b) / ys.length];
}

function ok<T>(r: { data?: T | null; errors?: unknown[] }): T {
  if (r.errors?.length || !r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

it('signs in by code, finds a spot, applies, is approved and checks in', async () => {
  ok(await app.gql(REQUEST_CODE, { c: DEMO_CITY.code, p: phone }));
  const { loginWithCode } = ok(await app.gql<{ loginWithCode: { token: string } }>(LOGIN_WITH_CODE, { c: DEMO_CITY.code, p: phone, code: codeFromLogs(app.logs, phone) }));
  const vendor = loginWithCode.token;
  ok(await app.gql('mutation { updateMyVendorProfile(input: { name: "钱师傅", businessTypes: ["food.drinks"] }) { accountId } }', {}, vendor));

  const { zones } = ok(await app.gql<{ zones: { edges: { node: { id: string; name: string; geometry: { coordinates: number[][][][] } } }[] } }>(
    '{ zones(kind: FEATURE_STREET, first: 10) { edges { node { id name geometry } } } }', {}, vendor));
  const street = zones.edges.map((e) => e.node).find((z) => z.name.includes('洗砚池'))!;
  const here = centre(street.geometry);
  const { openSpotsNear } = ok(await app.gql<{ openSpotsNear: { spot: { id: string; number: number; footprint: { coordinates: number[][][] } }; zone: { id: string; weeklySchedule: unknown }; distanceM: number }[] }>(
    `query($p: GeoJSON!, $at: DateTime) { openSpotsNear(point: $p, businessType: "food.drinks", at: $at, radiusM: 500) {
      spot { id number footprint } zone { id weeklySchedule { days { dayName windows } } } distanceM } }`, { p: { type: 'Point', coordinates: here }, at: noon }));
  expect(openSpotsNear.length).toBeGreaterThan(0);
  const distances = openSpotsNear.map((s) => s.distanceM);
  expect(distances).toEqual([...distances].sort((a, b) => a - b));
  const pick = openSpotsNear.find((s) => s.zone.id === street.id)!;
  expect(pick.zone.weeklySchedule).not.toBeNull();

  const { applyForSpot } = ok(await app.gql<{ applyForSpot: { id: string; status: string } }>(
    `mutation($i: ApplyForSpotInput!) { applyForSpot(input: $i) { id status } }`,
    { i: { zoneId: street.id, spotId: pick.spot.id, businessType: 'food.drinks', startsOn: tomorrow, endsOn: addDays(tomorrow, 30) } }, vendor));
  expect(applyForSpot.status).toBe('SUBMITTED');

  const officerAccount = await app.db.prisma.account.findFirstOrThrow({ where: { username: 'officer' } });
  const officer = await app.tokenFor(officerAccount);
  ok(await app.gql('mutation($id: ID!) { approveApplication(id: $id) { id } }', { id: applyForSpot.id }, officer));

  const { myAssignments } = ok(await app.gql<{ myAssignments: { id: string; status: string; spot: { number: number } }[] }>(
    '{ myAssignments { id status spot { number } } }', {}, vendor));
  expect(myAssignments).toEqual([{ id: expect.any(String), status: 'ACTIVE', spot: { number: pick.spot.number } }]);

  const { checkIn } = ok(await app.gql<{ checkIn: { active: boolean; distanceM: number; endsAt: string } }>(
    'mutation($a: ID!, $p: GeoJSON!) { checkIn(assignmentId: $a, point: $p) { active distanceM endsAt } }',
    { a: myAssignments[0].id, p: { type: 'Point', coordinates: centre(pick.spot.footprint) } }, vendor));
  expect(checkIn.active).toBe(true);
  expect(checkIn.distanceM).toBe(0);
  expect(Date.parse(checkIn.endsAt)).toBe(Date.parse(`${tomorrow}T23:00:00+08:00`));
});
