// Synthetic zones for the benchmark: small squares scattered over a 20 km box, written by PostGIS.
import type { Db } from '../src/db/database';

export async function seedBenchZones(db: Db, cityId: string, districtId: string, n: number): Promise<void> {
  await db.$executeRaw`
    INSERT INTO zone (city_id, district_id, name, kind, geom, area_m2)
    SELECT ${cityId}::uuid, ${districtId}::uuid, 'bench ' || i, 'STALL_CLUSTER', g, ST_Area(g::geography)
    FROM (SELECT i, ST_Multi(ST_MakeEnvelope(x, y, x + 0.0004, y + 0.0003, 4326)) AS g
          FROM (SELECT i, 118.26 + random() * 0.18 AS x, 34.96 + random() * 0.18 AS y FROM generate_series(1, ${n}) i) p) s`;
  await db.$executeRaw`ANALYZE zone`;
}
