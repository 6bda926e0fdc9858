// The demo city, seeded into a test database exactly as `npm start` seeds it on first start.
import { startTestApp, login, type TestApp } from '../../test/helpers/app';
import { DEMO_ACCOUNTS, seedDemoCity } from './demo-seed';
import { DEMO_ZONES } from './demo-zones.data';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

it('seeds districts, zones of every kind and one account per role, once', async () => {
  const first = await seedDemoCity(app.db, { password: 'demo-password-1', bcryptCost: 4 });
  expect(first.created).toBe(true);
  const again = await seedDemoCity(app.db, { password: 'demo-password-1', bcryptCost: 4 });
  expect(again.created).toBe(false);
  expect(await app.db.prisma.city.count()).toBe(1);
  expect(await app.db.prisma.zone.count()).toBe(DEMO_ZONES.length);
  const kinds = await app.db.prisma.zone.groupBy({ by: ['kind'], _count: true });
  expect(kinds).toHaveLength(11);
  expect(new Set((await app.db.prisma.account.findMany()).map((a) => a.role))).toEqual(new Set(['ADMIN', 'OFFICER', 'ASSISTANT', 'ZONE_MANAGER', 'VENDOR']));
  for (const a of DEMO_ACCOUNTS) expect(await login(app, a.username, 'demo-password-1')).toBeTruthy();
});

it('every demo zone is valid, inside its district and clear of the no-vending areas', async () => {
  const [r] = await app.db.prisma.$queryRaw<{ invalid: number; outside: number; clashes: number }[]>`
    SELECT (SELECT count(*)::int FROM zone WHERE NOT ST_IsValid(geom)) AS invalid,
           (SELECT count(*)::int FROM zone z JOIN district d ON d.city_id = z.city_id AND d.id = z.district_id
             WHERE NOT ST_CoveredBy(z.geom, d.geom)) AS outside,
           (SELECT count(*)::int FROM zone a JOIN zone b ON a.city_id = b.city_id
             WHERE a.kind <> 'NO_VENDING' AND b.kind = 'NO_VENDING' AND ST_Intersects(a.geom, b.geom)) AS clashes`;
  expect(r).toEqual({ invalid: 0, outside: 0, clashes: 0 });
});

it('the demo officer can draw a zone in their district and is refused next to a school', async () => {
  const token = await login(app, 'officer', 'demo-password-1');
  const school = await app.db.prisma.zone.findFirstOrThrow({ where: { kind: 'NO_VENDING', name: { contains: '第一中学' } } });
  const [c] = await app.db.prisma.$queryRaw<{ lon: number; lat: number }[]>`SELECT ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM zone WHERE id = ${school.id}::uuid`;
  const near = { type: 'Polygon', coordinates: [[[c.lon, c.lat], [c.lon + 0.0003, c.lat], [c.lon + 0.0003, c.lat + 0.0003], [c.lon, c.lat + 0.0003], [c.lon, c.lat]]] };
  const res = await app.gql('mutation($g: GeoJSON!) { createZone(input: { name: "校门口摊点", kind: STALL_CLUSTER, geometry: $g }) { id } }', { g: near }, token);
  expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OVERLAPS_NO_VENDING_AREA' });
});

it('every demo vending zone has a rule in force, and the school gates carry time-bound buffers', async () => {
  const vending = await app.db.prisma.zone.count({ where: { kind: { not: 'NO_VENDING' } } });
  expect(await app.db.prisma.zoneRule.count()).toBe(vending);
  const gates = await app.db.prisma.distanceRule.findMany({ where: { featureKind: 'SCHOOL_GATE' } });
  expect(gates.length).toBeGreaterThanOrEqual(2);
  expect(gates.every((g) => g.schedule !== null && g.bufferM === 50)).toBe(true);
  const night = await app.db.prisma.zone.findFirstOrThrow({ where: { kind: 'NIGHT_MARKET' } });
  const q = 'query($id: ID!) { zone(id: $id) { friday: isOpen(at: "2026-11-20T23:30:00+08:00", businessType: "food.snacks") noon: isOpen(at: "2026-11-20T12:00:00+08:00") } }';
  const token = await login(app, 'vendor', 'demo-password-1');
  expect((await app.gql(q, { id: night.id }, token)).data).toEqual({ zone: { friday: true, noon: false } });
});

it('the demo officer sets the rules of a zone in their district through GraphQL', async () => {
  const token = await login(app, 'officer', 'demo-password-1');
  const zone = await app.db.prisma.zone.findFirstOrThrow({ where: { kind: 'STALL_CLUSTER', district: { code: '371302' } } });
  const d = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const res = await app.gql('mutation($id: ID!, $d: String!) { setZoneRule(zoneId: $id, input: { effectiveFrom: $d, windows: [{ day: 6, start: "16:00", end: "23:00" }], allowedBusinessTypes: ["food"] }) { effectiveFrom } }',
    { id: zone.id, d }, token);
  expect(res.errors).toBeUndefined();
  expect(await app.db.prisma.zoneRule.count({ where: { zoneId: zone.id } })).toBe(2);
});
