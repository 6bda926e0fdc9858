// PostGIS queries of the rules domain: distance buffers and the zones around a point.
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/database';
import type { ZoneRow } from '../zones/zones.sql';
import { zoneColumns } from '../zones/zones.sql';

export interface DistanceRuleRow {
  cityId: string;
  id: string;
  name: string;
  featureKind: string;
  geometry: unknown;
  bufferM: number;
  schedule: unknown;
  active: boolean;
}

const distanceColumns = Prisma.sql`r.city_id AS "cityId", r.id, r.name, r.feature_kind AS "featureKind",
  ST_AsGeoJSON(r.geom, 7)::json AS geometry, r.buffer_m AS "bufferM", r.schedule, r.active`;

export async function insertDistanceRule(
  db: Db, r: { cityId: string; name: string; featureKind: string; geojson: string; bufferM: number; schedule: unknown },
): Promise<DistanceRuleRow> {
  const [row] = await db.$queryRaw<DistanceRuleRow[]>`
    WITH ins AS (INSERT INTO distance_rule (city_id, name, feature_kind, geom, buffer_m, schedule)
      VALUES (${r.cityId}::uuid, ${r.name}, ${r.featureKind}, ST_SetSRID(ST_GeomFromGeoJSON(${r.geojson}), 4326), ${r.bufferM},
              ${r.schedule === null ? null : JSON.stringify(r.schedule)}::jsonb)
      RETURNING *)
    SELECT ${distanceColumns} FROM ins r`;
  return row;
}

export async function retireDistanceRuleRow(db: Db, cityId: string, id: string): Promise<DistanceRuleRow | null> {
  const rows = await db.$queryRaw<DistanceRuleRow[]>`
    WITH upd AS (UPDATE distance_rule SET active = false WHERE city_id = ${cityId}::uuid AND id = ${id}::uuid RETURNING *)
    SELECT ${distanceColumns} FROM upd r`;
  return rows[0] ?? null;
}

export function distanceRules(db: Db, cityId: string): Promise<DistanceRuleRow[]> {
  return db.$queryRaw<DistanceRuleRow[]>`SELECT ${distanceColumns} FROM distance_rule r
    WHERE r.city_id = ${cityId}::uuid AND r.active ORDER BY r.name`;
}

const pointOf = (p: [number, number]) => Prisma.sql`ST_SetSRID(ST_MakePoint(${p[0]}, ${p[1]}), 4326)`;

/** Active distance buffers that reach the point, with the distance in metres (GiST on reach, then exact). */
export function buffersAt(db: Db, cityId: string, p: [number, number]) {
  return db.$queryRaw<(DistanceRuleRow & { distanceM: number })[]>`
    SELECT ${distanceColumns}, ST_Distance(r.geom::geography, ${pointOf(p)}::geography) AS "distanceM"
    FROM distance_rule r
    WHERE r.city_id = ${cityId}::uuid AND r.active AND ST_Intersects(r.reach, ${pointOf(p)})
      AND ST_DWithin(r.geom::geography, ${pointOf(p)}::geography, r.buffer_m)
    ORDER BY "distanceM"`;
}

/** Active zones (of every kind) containing the point. */
export function zonesAt(db: Db, cityId: string, p: [number, number]): Promise<ZoneRow[]> {
  return db.$queryRaw<ZoneRow[]>`SELECT ${zoneColumns} FROM zone z
    WHERE z.city_id = ${cityId}::uuid AND z.status = 'ACTIVE' AND ST_Intersects(z.geom, ${pointOf(p)})
    ORDER BY z.kind = 'NO_VENDING' DESC, z.area_m2`;
}

/** The nearest active vending zones, nearest first (KNN on the GiST index, then exact metres). */
export function nearestVendingZones(db: Db, cityId: string, p: [number, number], limit: number) {
  return db.$queryRaw<(ZoneRow & { distanceM: number })[]>`
    SELECT * FROM (
      SELECT ${zoneColumns}, ST_Distance(z.geom::geography, ${pointOf(p)}::geography) AS "distanceM"
      FROM zone z
      WHERE z.city_id = ${cityId}::uuid AND z.status = 'ACTIVE' AND z.kind <> 'NO_VENDING'
      ORDER BY z.geom <-> ${pointOf(p)} LIMIT ${limit * 3}) near
    ORDER BY "distanceM" LIMIT ${limit}`;
}

/** The city whose districts contain the point (the public asks without saying which city). */
export async function cityAtPoint(db: Db, p: [number, number]): Promise<string | null> {
  const rows = await db.$queryRaw<{ cityId: string }[]>`SELECT city_id AS "cityId" FROM district
    WHERE ST_Intersects(geom, ${pointOf(p)}) LIMIT 1`;
  return rows[0]?.cityId ?? null;
}
