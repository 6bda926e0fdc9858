// Spots in bulk through GraphQL: along a kerb line (spacing, set-back and bearing measured on the
// ellipsoid) and as a grid over a zone; all or nothing, the first refusal named; a dry run writes
// nothing (rows compared before and after) and previews exactly what the real run then writes.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { insertSpot, makeZone, moved, setSpacing, spotState } from '../../../test/helpers/spots';

const LINE = `mutation($i: SpotsAlongLineInput!, $dry: Boolean) { createSpotsAlongLine(input: $i, dryRun: $dry) {
  dryRun count spots { id number geometry footprint } } }`;
const GRID = `mutation($i: SpotsGridInput!, $dry: Boolean) { createSpotsGrid(input: $i, dryRun: $dry) {
  dryRun count spots { id number geometry footprint } } }`;

type Draft = { id: string | null; number: number; geometry: { coordinates: number[] }; footprint: unknown };
type Batch = { dryRun: boolean; count: number; spots: Draft[] };

let app: TestApp;
let city: TestCity;
let admin: string;
const C = [WEST.lon, WEST.lat] as const;
const line = (...pts: [number, number][]) => ({ type: 'LineString', coordinates: pts });

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
});
afterAll(() => app.close());

async function run(query: string, input: Record<string, unknown>, dryRun: boolean) {
  return app.gql<{ createSpotsAlongLine?: Batch; createSpotsGrid?: Batch }>(query, { i: input, dry: dryRun }, admin);
}
const batchOf = (r: { data?: { createSpotsAlongLine?: Batch; createSpotsGrid?: Batch } | null }) => (r.data?.createSpotsAlongLine ?? r.data?.createSpotsGrid)!;

/**
 * The zone's stalls measured by PostGIS: bearings, gaps between neighbours in number order, cover.
 * Gaps between footprints are measured in UTM zone 50 (within 0.03 % here): the embedded
 * PostGIS 3.6.2 answers 0 for the geography distance of some polygon pairs whose edges run along the
 * same parallel (its ST_DWithin, which the trigger uses, is right).
 */
async function measure(zoneId: string, lineGeo?: unknown) {
  return app.db.prisma.$queryRaw<{ number: number; bearing: number; gap: number | null; step: number | null; off: number | null; covered: boolean; south: boolean | null }[]>`
    SELECT s.number, s.bearing_deg AS bearing,
      ST_Distance(ST_Transform(s.footprint, 32650), ST_Transform(LEAD(s.footprint) OVER w, 32650)) AS gap,
      ST_Distance(s.geom::geography, (LEAD(s.geom) OVER w)::geography) AS step,
      CASE WHEN ${JSON.stringify(lineGeo ?? null)}::jsonb = 'null' THEN NULL
        ELSE ST_Distance(s.geom::geography, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(lineGeo ?? null)}), 4326)::geography) END AS off,
      ST_CoveredBy(s.footprint, z.geom) AS covered,
      CASE WHEN ${JSON.stringify(lineGeo ?? null)}::jsonb = 'null' THEN NULL ELSE ST_Y(s.geom) < ${C[1] + 10 / 110_574} END AS south
    FROM spot s JOIN zone z ON z.id = s.zone_id WHERE s.zone_id = ${zoneId}::uuid AND s.status <> 'RETIRED'
    WINDOW w AS (ORDER BY s.number) ORDER BY s.number`;
}

describe('createSpotsAlongLine', () => {
  let zone: string;
  const kerb = line(moved(C, -30, 10), moved(C, 30, 10));
  const input = () => ({ zoneId: zone, line: kerb, count: 12, gapM: 3, widthM: 2, depthM: 1.5, offsetM: 1 });
  beforeAll(async () => { zone = await makeZone(app, admin, '滨河路夜市', 'NIGHT_MARKET', C, 80); });

  it('previews without writing, then writes exactly the preview: 12 stalls 3 m apart, 1 m right of the kerb, along it', async () => {
    const before = await spotState(app.db);
    const dry = await run(LINE, input(), true);
    expect(dry.errors).toBeUndefined();
    expect(await spotState(app.db)).toEqual(before);
    const preview = batchOf(dry);
    expect(preview).toMatchObject({ dryRun: true, count: 12 });
    expect(preview.spots.every((s) => s.id === null)).toBe(true);

    const real = batchOf(await run(LINE, input(), false));
    expect(real).toMatchObject({ dryRun: false, count: 12 });
    expect(real.spots.every((s) => typeof s.id === 'string')).toBe(true);
    expect(real.spots.map(({ id: _id, ...s }) => s)).toEqual(preview.spots.map(({ id: _id, ...s }) => s));
    expect(real.spots.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

    const m = await measure(zone, kerb);
    for (const s of m) {
      expect(s.bearing).toBeCloseTo(90, 2);
      expect(s.off).toBeCloseTo(1, 3);
      expect(s.south).toBe(true); // right of an eastward line is south
      expect(s.covered).toBe(true);
    }
    for (const s of m.slice(0, -1)) {
      expect(s.step).toBeCloseTo(5, 3);
      expect(s.gap).toBeCloseTo(3, 2); // UTM's scale here is 0.9998: 3 m reads 2.9993
    }
    const audit = await app.db.prisma.auditLog.findFirst({ where: { operation: 'createSpotsAlongLine' } });
    expect(audit?.after).toMatchObject({ count: 12 });
  });

  it('follows a kerb that turns: each stall along its own segment, numbered after the zone\'s highest', async () => {
    const turn = line(moved(C, -30, -20), moved(C, -10, -20), moved(C, -10, 0));
    const r = batchOf(await run(LINE, { zoneId: zone, line: turn, count: 6, gapM: 2, widthM: 2, depthM: 1.5 }, false));
    expect(r.spots.map((s) => s.number)).toEqual([13, 14, 15, 16, 17, 18]);
    const m = (await measure(zone)).filter((s) => s.number >= 13);
    expect(m.slice(0, 5).every((s) => Math.abs(s.bearing - 90) < 0.01)).toBe(true);
    expect(Math.min(m[5].bearing, 360 - m[5].bearing)).toBeLessThan(0.01); // the last one along the northward leg
  });

  it.each([
    ['a line too short for the stalls', { count: 13 }, 'BAD_USER_INPUT', 'LINE_TOO_SHORT', /13 个摊位需要 62 米，线长只有 60(\.\d+)? 米/],
    ['a line running out of the zone', { line: line(moved(C, 10, 30), moved(C, 50, 30)), count: 8 }, 'BAD_USER_INPUT', 'SPOT_OUTSIDE_ZONE', /摊位 \d+ 超出所在区域 \/ spot \d+ lies outside its zone/],
    ['a line over stalls already there', { offsetM: 0.5, count: 3 }, 'BAD_USER_INPUT', 'SPOT_TOO_CLOSE', /摊位 19 与摊位 1 重叠/],
    ['numbers already used', { line: line(moved(C, -30, 30), moved(C, 30, 30)), count: 3, firstNumber: 11 }, 'CONFLICT', 'NUMBER_TAKEN', /编号 11, 12, 13/],
  ])('refuses %s, writing none of the batch', async (_what, change, code, reason, message) => {
    for (const dryRun of [true, false]) {
      const before = await spotState(app.db);
      const r = await run(LINE, { ...input(), ...change }, dryRun);
      expect(r.errors![0].extensions).toMatchObject({ code, reason });
      expect(r.errors![0].message).toMatch(message);
      expect(await spotState(app.db)).toEqual(before);
    }
  });

  it('refuses a gap below the zone\'s least spacing before placing anything', async () => {
    const other = await makeZone(app, admin, '东门疏导点', 'GUIDED_STALL_POINT', moved(C, 0, 150), 60);
    await setSpacing(app.db, other, 4);
    const r = await run(LINE, { zoneId: other, line: line(moved(C, -20, 150), moved(C, 20, 150)), count: 5, gapM: 3, widthM: 2, depthM: 1 }, false);
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SPOT_TOO_CLOSE', minSpacingM: 4 });
  });
});

describe('createSpotsGrid', () => {
  it('fills the zone\'s free ground with covered, separate stalls; the dry run is the real run', async () => {
    const centre = moved(C, 0, -300);
    const zone = await makeZone(app, admin, '南广场摊点群', 'STALL_CLUSTER', centre, 24);
    await insertSpot(app.db, city.cityId, zone, 50, centre, [2, 2]);
    const input = { zoneId: zone, widthM: 2, depthM: 1.5, gapM: 1 };
    const before = await spotState(app.db);
    const dry = batchOf(await run(GRID, input, true));
    expect(await spotState(app.db)).toEqual(before);
    const real = batchOf(await run(GRID, input, false));
    expect(real.spots.map(({ id: _id, ...s }) => s)).toEqual(dry.spots.map(({ id: _id, ...s }) => s));
    // 24 m across: 8 columns of 2 m + 1 m, up to 9 rows of 1.5 m + 1 m, less the cells around spot 50.
    expect(real.count).toBeGreaterThan(50);
    expect(real.count).toBeLessThan(72);
    expect(real.spots[0].number).toBe(51);
    const [clear] = await app.db.prisma.$queryRaw<{ covered: boolean; closest: number }[]>`
      SELECT bool_and(ST_CoveredBy(a.footprint, z.geom)) AS covered,
        (SELECT min(ST_Distance(ST_Transform(x.footprint, 32650), ST_Transform(y.footprint, 32650))) FROM spot x JOIN spot y ON x.zone_id = y.zone_id AND x.id < y.id
          WHERE x.zone_id = ${zone}::uuid) AS closest
      FROM spot a JOIN zone z ON z.id = a.zone_id WHERE a.zone_id = ${zone}::uuid`;
    expect(clear.covered).toBe(true);
    expect(clear.closest).toBeGreaterThan(0.99);
  });

  it('turns the grid to the bearing, stops at maxCount, and refuses a stall too large to fit anywhere', async () => {
    const zone = await makeZone(app, admin, '北广场摊点群', 'STALL_CLUSTER', moved(C, 0, -400), 30);
    const r = batchOf(await run(GRID, { zoneId: zone, widthM: 3, depthM: 2, gapM: 1.5, bearingDeg: 30, maxCount: 7 }, false));
    expect(r.count).toBe(7);
    const m = await measure(zone);
    expect(m.every((s) => s.covered && Math.abs(s.bearing - 30) < 1e-9)).toBe(true);
    const before = await spotState(app.db);
    const none = await run(GRID, { zoneId: zone, widthM: 40, depthM: 2, gapM: 1 }, false);
    expect(none.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRID_EMPTY' });
    expect(await spotState(app.db)).toEqual(before);
  });
});
