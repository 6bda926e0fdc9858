// PostGIS queries of the rules domain: distance buffers. (The vending check's own statement is in
// vending-check.sql.ts.)
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/database';

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
