// The database itself refuses bad spots, whatever writes them: rows written straight into the table
// (around the service) outside their zone, over another stall, closer than the zone's spacing, or in a
// no-vending or retired zone are refused by the spot_check trigger, and the service turns each refusal
// into its reason code. On both backends (embedded PGlite and a PostgreSQL server).
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { createCity, square, WEST, type TestCity } from '../../../test/helpers/factories';
import { insertSpot, moved, setSpacing, spotState } from '../../../test/helpers/spots';
import { databaseErrorText, type ApiError } from '../../graphql/errors';
import { insertZone } from '../zones/zones.sql';
import { spotWriteError } from './spots.errors';

let db: TestDatabase;
let city: TestCity;
let zoneId: string;
const C = [WEST.lon, WEST.lat] as const;

beforeAll(async () => {
  db = await openTestDatabase();
  city = await createCity(db);
  zoneId = (await insertZone(db.prisma, { cityId: city.cityId, districtId: city.west, name: '测试摊点群', kind: 'STALL_CLUSTER', geojson: JSON.stringify(square(C[0], C[1], 40)) })).id;
});
afterAll(() => db.drop());

/** The insert's refusal: the database's own words and the reason the service gives them. */
async function refusal(write: Promise<unknown>): Promise<{ text: string; reason: unknown; message: string }> {
  const e = await write.then(() => null, (err: unknown) => err);
  if (e === null) throw new Error('the database accepted the spot');
  const mapped = spotWriteError(e) as ApiError;
  return { text: databaseErrorText(e), reason: mapped.extensions?.reason, message: mapped.message };
}

describe('the spot_check trigger', () => {
  it('draws a point spot\'s footprint as its width × depth rectangle along the bearing', async () => {
    const id = await insertSpot(db, city.cityId, zoneId, 1, moved(C, -12, 12), [3, 2], 90);
    const [s] = await db.prisma.$queryRaw<{ area: number; type: string; w: number; h: number }[]>`
      SELECT ST_Area(footprint::geography) AS area, GeometryType(footprint) AS type,
        ST_Distance(ST_PointN(ST_ExteriorRing(footprint), 1)::geography, ST_PointN(ST_ExteriorRing(footprint), 2)::geography) AS w,
        ST_Distance(ST_PointN(ST_ExteriorRing(footprint), 2)::geography, ST_PointN(ST_ExteriorRing(footprint), 3)::geography) AS h
      FROM spot WHERE id = ${id}::uuid`;
    expect(s.type).toBe('POLYGON');
    expect(s.area).toBeCloseTo(6, 2);
    // Bearing 90°: the 3 m width runs east–west, so the first edge (across the width) is the 2 m depth.
    expect([s.w, s.h].map((x) => Math.round(x * 1000) / 1000)).toEqual([2, 3]);
  });

  it('takes a polygon as its own footprint', async () => {
    const [lon, lat] = moved(C, 10, -10);
    const poly = `POLYGON((${lon} ${lat}, ${lon + 0.00002} ${lat}, ${lon + 0.00002} ${lat + 0.00001}, ${lon} ${lat + 0.00001}, ${lon} ${lat}))`;
    const [s] = await db.prisma.$queryRaw<{ same: boolean }[]>`INSERT INTO spot (city_id, zone_id, number, geom, width_m, depth_m)
      VALUES (${city.cityId}::uuid, ${zoneId}::uuid, 2, ST_GeomFromText(${poly}, 4326), 2, 1) RETURNING ST_Equals(footprint, geom) AS same`;
    expect(s.same).toBe(true);
  });

  it('refuses a spot outside its zone, overlapping another, or in a no-vending or retired zone, changing nothing', async () => {
    const before = await spotState(db);
    const outside = await refusal(insertSpot(db, city.cityId, zoneId, 3, moved(C, 19.5, 0)));
    expect(outside).toMatchObject({ reason: 'SPOT_OUTSIDE_ZONE', text: expect.stringContaining('spot 3 lies outside its zone') });
    const over = await refusal(insertSpot(db, city.cityId, zoneId, 4, moved(C, -11, 12)));
    expect(over).toMatchObject({ reason: 'SPOT_TOO_CLOSE', message: expect.stringContaining('摊位 4 与摊位 1 重叠') });

    const banned = await insertZone(db.prisma, { cityId: city.cityId, districtId: city.west, name: '禁设区', kind: 'NO_VENDING', geojson: JSON.stringify(square(C[0] + 0.01, C[1], 40)) });
    expect(await refusal(insertSpot(db, city.cityId, banned.id, 1, [C[0] + 0.01, C[1]]))).toMatchObject({ reason: 'NOT_A_VENDING_ZONE' });
    const old = await insertZone(db.prisma, { cityId: city.cityId, districtId: city.west, name: '旧摊点', kind: 'STALL_CLUSTER', geojson: JSON.stringify(square(C[0] - 0.01, C[1], 40)) });
    await db.prisma.$executeRaw`UPDATE zone SET status = 'RETIRED', retired_at = now() WHERE id = ${old.id}::uuid`;
    expect(await refusal(insertSpot(db, city.cityId, old.id, 1, [C[0] - 0.01, C[1]]))).toMatchObject({ reason: 'NOT_A_VENDING_ZONE' });
    expect(await spotState(db)).toEqual(before);
  });

  it('keeps the zone\'s least spacing between stalls, and lets a retired spot\'s ground and number be used again', async () => {
    await setSpacing(db, zoneId, 2);
    // Spot 1 is 3 m wide east–west around 12 m west of the centre: its east edge lies at −10.5 m.
    // Spot 5 (bearing 0: 1.5 m deep east–west) at −8.5 m has its west edge at −9.25 m, 1.25 m away.
    const before = await spotState(db);
    const near = await refusal(insertSpot(db, city.cityId, zoneId, 5, moved(C, -8.5, 12), [2, 1.5]));
    expect(near).toMatchObject({ reason: 'SPOT_TOO_CLOSE', message: expect.stringMatching(/摊位 5 与摊位 1 重叠或间距小于 2 米 \/ spot 5 overlaps spot 1 or is closer than 2 m/) });
    expect(await spotState(db)).toEqual(before);
    await insertSpot(db, city.cityId, zoneId, 5, moved(C, -7.65, 12), [2, 1.5]); // 2.1 m clear

    // Moving a spot by an UPDATE is checked the same way.
    const moveInto = db.prisma.$executeRaw`UPDATE spot SET geom = ST_SetSRID(ST_MakePoint(${moved(C, -12, 12)[0]}, ${moved(C, -12, 12)[1]}), 4326)
      WHERE zone_id = ${zoneId}::uuid AND number = 5`;
    expect(await refusal(moveInto)).toMatchObject({ reason: 'SPOT_TOO_CLOSE' });

    await db.prisma.$executeRaw`UPDATE spot SET status = 'RETIRED' WHERE zone_id = ${zoneId}::uuid AND number = 1`;
    await insertSpot(db, city.cityId, zoneId, 1, moved(C, -12.5, 12)); // over the retired one, with its number
    const dup = await refusal(insertSpot(db, city.cityId, zoneId, 1, moved(C, 0, -15)));
    expect(dup).toMatchObject({ reason: 'NUMBER_TAKEN', text: expect.stringContaining('spot_city_id_zone_id_number_key') });
  });
});
