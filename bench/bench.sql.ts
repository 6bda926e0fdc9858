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

/** One rule version per zone: every day 17:00–01:00, every business type. */
export async function seedBenchRules(db: Db, cityId: string): Promise<void> {
  const schedule = JSON.stringify({
    windows: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '17:00', end: '01:00' })),
    season: null, holidayPolicy: 'OPEN_AS_USUAL', holidayWindows: [], adjustedWorkdayAs: 1,
  });
  await db.$executeRaw`INSERT INTO zone_rule (city_id, zone_id, effective_from, schedule, allow_all_business_types)
    SELECT city_id, id, DATE '2024-01-01', ${schedule}::jsonb, true FROM zone WHERE city_id = ${cityId}::uuid`;
}
