// Synthetic data for the bench, written by PostGIS: zones scattered over BOX with their rule versions
// (one INSERT … SELECT per batch, so a progress line can be printed between batches), and distance
// rules (school gates, hydrants, hospital entrances). Pseudo-random values come from md5 of the row
// number, not random(), so every run and both backends generate the same city.
import { performance } from 'node:perf_hooks';
import type { Database } from '../src/db/database';
import type { StoredSchedule } from '../src/modules/rules/rules.models';
import type { IsoWeekday } from '../src/schedule/schedule.types';
import { BOX } from './workloads';

/** A deterministic number in [0, 1) from the row number `i` and a salt (a constant of this file). */
const rnd = (salt: string) => `(('x' || substr(md5('${salt}' || i), 1, 8))::bit(32)::bigint / 4294967296.0)`;

const ALL: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const win = (days: IsoWeekday[], start: string, end: string) => days.map((day) => ({ day, start, end }));
const sched = (windows: StoredSchedule['windows'], extra: Partial<StoredSchedule> = {}): StoredSchedule =>
  ({ windows, season: null, holidayPolicy: 'OPEN_AS_USUAL', holidayWindows: [], adjustedWorkdayAs: 1, ...extra });

/** Rule templates by zone kind; no `types` means every business type. */
const TEMPLATES: Record<string, { schedule: StoredSchedule; types?: string[] }> = {
  NIGHT_MARKET: { schedule: sched([...win([1, 2, 3, 4, 7], '17:00', '01:00'), ...win([5, 6], '17:00', '02:00')]), types: ['food', 'goods', 'crafts'] },
  STALL_CLUSTER: {
    schedule: sched([...win(ALL, '07:00', '10:00'), ...win(ALL, '17:00', '22:00')], { holidayPolicy: 'SPECIAL_HOURS', holidayWindows: [{ start: '09:00', end: '22:30' }] }),
    types: ['food', 'produce', 'goods'],
  },
  SERVICE_POINT: { schedule: sched(win(ALL, '08:00', '20:00')) },
  REPAIR_AND_KEY_POINT: { schedule: sched(win(WEEKDAYS, '08:00', '18:00'), { holidayPolicy: 'CLOSED' }), types: ['repair'] },
  MORNING_MARKET: { schedule: sched(win(ALL, '05:30', '09:00')), types: ['produce', 'food.breakfast'] },
  FEATURE_STREET: { schedule: sched(win(ALL, '10:00', '23:00')) },
  // A season across the year end (11-01 to 02-28), as winter markets have.
  GUIDED_STALL_POINT: { schedule: sched([...win(ALL, '06:00', '09:00'), ...win(ALL, '16:00', '21:30')], { season: { from: '11-01', to: '02-28' } }), types: ['produce', 'food'] },
};

/** Every 7th zone got a newer version a month ago: weekday nights only, snacks only. */
const SECOND_VERSION = { schedule: sched(win(WEEKDAYS, '18:00', '00:30'), { holidayPolicy: 'CLOSED' }), types: ['food.snacks'] };

const KIND = `CASE WHEN i % 50 = 0 THEN 'NO_VENDING' WHEN i % 10 IN (1, 2, 3) THEN 'STALL_CLUSTER' WHEN i % 10 = 4 THEN 'NIGHT_MARKET'
  WHEN i % 10 = 5 THEN 'SERVICE_POINT' WHEN i % 10 = 6 THEN 'REPAIR_AND_KEY_POINT' WHEN i % 10 = 7 THEN 'MORNING_MARKET'
  WHEN i % 10 = 8 THEN 'FEATURE_STREET' ELSE 'GUIDED_STALL_POINT' END`;

const TYPES_OF = (tpl: string) =>
  `CASE WHEN jsonb_typeof(${tpl}->'types') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${tpl}->'types')) ELSE '{}'::text[] END`;

/** Zones i in [from, to] with their rule versions, in one statement. Zones get distinct, older creation times. */
const ZONE_BATCH = `
WITH src AS (
  SELECT i, ST_Multi(ST_MakeEnvelope(x, y, x + w, y + h, 4326)) AS g, kind, $8::timestamptz - i * interval '1 second' AS t
  FROM (SELECT i, $2::float8 + ${rnd('x')} * ($4::float8 - $2::float8 - 0.001) AS x,
               $3::float8 + ${rnd('y')} * ($5::float8 - $3::float8 - 0.001) AS y,
               0.0002 + ${rnd('w')} * 0.0006 AS w, 0.00015 + ${rnd('h')} * 0.00045 AS h, ${KIND} AS kind
        FROM generate_series($6::int, $7::int) i) p),
ins AS (
  INSERT INTO zone (city_id, district_id, name, kind, geom, area_m2, created_at, updated_at)
  SELECT $1::uuid, d.id, 'bench ' || src.i, src.kind::"ZoneKind", src.g, ST_Area(src.g::geography), src.t, src.t
  FROM src CROSS JOIN LATERAL (SELECT id FROM district WHERE city_id = $1::uuid AND ST_Intersects(geom, ST_Centroid(src.g)) LIMIT 1) d
  RETURNING id, name, kind::text AS kind)
INSERT INTO zone_rule (city_id, zone_id, effective_from, schedule, allowed_business_types, allow_all_business_types, capacity)
SELECT $1::uuid, ins.id, v.eff, v.tpl->'schedule', ${TYPES_OF('v.tpl')}, jsonb_typeof(v.tpl->'types') IS DISTINCT FROM 'array', 20
FROM ins CROSS JOIN LATERAL (
  SELECT DATE '2024-01-01' AS eff, $9::jsonb -> ins.kind AS tpl
  UNION ALL SELECT $10::date, $11::jsonb WHERE split_part(ins.name, ' ', 2)::int % 7 = 0) v
WHERE ins.kind <> 'NO_VENDING'`;

const SCHOOL = sched(win(WEEKDAYS, '07:00', '08:30').concat(win(WEEKDAYS, '16:30', '18:00')), { holidayPolicy: 'CLOSED' });

const DISTANCE_RULES = `
INSERT INTO distance_rule (city_id, name, feature_kind, geom, buffer_m, schedule)
SELECT $1::uuid, 'bench ' || kind || ' ' || i, kind, ST_SetSRID(ST_MakePoint(x, y), 4326),
       CASE kind WHEN 'SCHOOL_GATE' THEN 50 WHEN 'HOSPITAL_ENTRANCE' THEN 30 ELSE 5 END,
       CASE kind WHEN 'SCHOOL_GATE' THEN $7::jsonb END
FROM (SELECT i, $2::float8 + ${rnd('dx')} * ($4::float8 - $2::float8) AS x, $3::float8 + ${rnd('dy')} * ($5::float8 - $3::float8) AS y,
             CASE WHEN i % 10 < 6 THEN 'SCHOOL_GATE' WHEN i % 10 < 9 THEN 'FIRE_HYDRANT' ELSE 'HOSPITAL_ENTRANCE' END AS kind
      FROM generate_series(1, $6::int) i) p`;

export interface LoadResult {
  zones: number;
  rules: number;
  distanceRules: number;
  spots: number;
  seconds: number;
}

/**
 * Spots j = 1…k in the synthetic vending zones n in [from, to]: 2 × 1.5 m stalls in rows of three, 4 m
 * apart, from the zone's south-west corner (the smallest zone, ~18 × 17 m, holds six). The footprint is
 * the trigger's own spot_rectangle; the trigger itself is off for the load (it would check each stall
 * against its zone's others one by one), and the layout keeps every stall inside its zone and apart.
 * Every fifth stall is fixed to snacks.
 */
const SPOT_BATCH = `
INSERT INTO spot (city_id, zone_id, number, geom, footprint, width_m, depth_m, business_type)
SELECT z.city_id, z.id, j, p.c, spot_rectangle(p.c, 2, 1.5, 0), 2, 1.5, CASE WHEN (z.n + j) % 5 = 0 THEN 'food.snacks' END
FROM (SELECT city_id, id, geom, row_number() OVER (ORDER BY id) AS n FROM zone
      WHERE city_id = $1::uuid AND kind <> 'NO_VENDING' AND name LIKE 'bench %') z
CROSS JOIN LATERAL generate_series(1, $2::int) j
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(
  ST_XMin(z.geom) + (2.5 + ((j - 1) % 3) * 4) / (111320 * cos(radians(ST_YMin(z.geom)))),
  ST_YMin(z.geom) + (2 + ((j - 1) / 3) * 3) / 110574.0), 4326) AS c) p
WHERE z.n BETWEEN $3::int AND $4::int`;

/** About `total` spots spread over the synthetic vending zones (at most six a zone), with a progress line. */
export async function loadBenchSpots(db: Database, cityId: string, total: number): Promise<number> {
  const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM zone WHERE city_id = $1::uuid AND kind <> 'NO_VENDING' AND name LIKE 'bench %'`, [cityId]);
  const perZone = Math.max(1, Math.min(6, Math.ceil(total / Math.max(1, n))));
  const zones = Math.min(n, Math.ceil(total / perZone));
  const batch = Math.max(5_000, Math.ceil(zones / 10));
  const t0 = performance.now();
  await db.exec('ALTER TABLE spot DISABLE TRIGGER spot_check');
  try {
    for (let from = 1; from <= zones; from += batch) {
      const to = Math.min(zones, from + batch - 1);
      await db.sql.query(SPOT_BATCH, [cityId, perZone, from, to]);
      process.stdout.write(`  loading spots: ${(to * perZone).toLocaleString('en-US')} / ${(zones * perZone).toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await db.exec('ALTER TABLE spot ENABLE TRIGGER spot_check');
  }
  return zones * perZone;
}

/**
 * Loads `n` zones into the city (with rules, and one distance rule per 20 zones), then ANALYZE.
 * `secondFrom` is the newer version's date; `createdBefore` the newest zone's creation time.
 */
export async function loadBenchCity(db: Database, cityId: string, n: number, spots: number, secondFrom: string, createdBefore: Date): Promise<LoadResult> {
  const t0 = performance.now();
  const batch = Math.min(50_000, Math.max(5_000, Math.ceil(n / 10)));
  const box = [BOX.west, BOX.south, BOX.east, BOX.north];
  const tty = process.stdout.isTTY;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await db.sql.query(ZONE_BATCH, [cityId, ...box, from, to, createdBefore.toISOString(), JSON.stringify(TEMPLATES), secondFrom, JSON.stringify(SECOND_VERSION)]);
    const line = `  loading zones: ${to.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`;
    process.stdout.write(tty ? `\r${line}` : `${line}\n`);
  }
  if (tty) process.stdout.write('\n');
  const distance = Math.max(1, Math.round(n / 20));
  await db.sql.query(DISTANCE_RULES, [cityId, ...box, distance, JSON.stringify(SCHOOL)]);
  process.stdout.write(`  distance rules: ${distance.toLocaleString('en-US')}\n`);
  await loadBenchSpots(db, cityId, spots);
  process.stdout.write('  ANALYZE …\n');
  await db.exec('ANALYZE');
  const [c] = await db.sql.query<{ zones: number; rules: number; distance: number; spots: number }>(
    `SELECT (SELECT count(*)::int FROM zone WHERE city_id = $1::uuid) AS zones,
            (SELECT count(*)::int FROM zone_rule WHERE city_id = $1::uuid) AS rules,
            (SELECT count(*)::int FROM distance_rule WHERE city_id = $1::uuid) AS distance,
            (SELECT count(*)::int FROM spot WHERE city_id = $1::uuid) AS spots`, [cityId]);
  return { zones: c.zones, rules: c.rules, distanceRules: c.distance, spots: c.spots, seconds: (performance.now() - t0) / 1000 };
}
