// Reading spots on the fast path (one statement through the driver): a zone's spots page by page, and
// spots by id for a request's loaders.
import type { SpotStatus } from '@prisma/client';
import type { SqlReader } from '../../db/database';
import { Params } from '../../db/params';
import type { SpotRow } from './spots.models';

/** The spot columns as plain SQL text (same shape as spotColumns in spots.sql.ts). */
export const SPOT_COLUMNS = `s.city_id AS "cityId", s.id, s.zone_id AS "zoneId", s.number,
  ST_AsGeoJSON(s.geom, 7)::json AS geometry, ST_AsGeoJSON(s.footprint, 7)::json AS footprint,
  s.width_m AS "widthM", s.depth_m AS "depthM", s.bearing_deg AS "bearingDeg", s.business_type AS "businessType",
  s.status::text AS status, s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

export interface SpotFilter {
  cityId: string;
  zoneId: string;
  /** null: every spot but the retired ones */
  status: SpotStatus | null;
}

function whereOf(f: SpotFilter, p: Params): string {
  const parts = [`s.city_id = ${p.add(f.cityId)}::uuid`, `s.zone_id = ${p.add(f.zoneId)}::uuid`];
  parts.push(f.status ? `s.status = ${p.add(f.status)}::"SpotStatus"` : `s.status <> 'RETIRED'`);
  return parts.join(' AND ');
}

/** By number (a retired number may be reused, so the id breaks ties); the page after the cursor and the total. */
export async function listSpots(sql: SqlReader, f: SpotFilter, limit: number, after: [number, string] | null) {
  const p = new Params();
  const where = whereOf(f, p);
  const page = after ? `AND (s.number, s.id) > (${p.add(after[0])}::int, ${p.add(after[1])}::uuid)` : '';
  // LEFT JOIN LATERAL: one row even when the page is empty, so the total always comes back.
  const rows = await sql.query<Partial<SpotRow> & { total: number }>(
    `SELECT (SELECT count(*)::int FROM spot s WHERE ${where}) AS total, page.*
     FROM (SELECT 1) one LEFT JOIN LATERAL (
       SELECT ${SPOT_COLUMNS} FROM spot s WHERE ${where} ${page}
       ORDER BY s.number, s.id LIMIT ${p.add(limit + 1)}) page ON true`, p.values);
  const total = rows[0]?.total ?? 0;
  return { rows: rows.filter((r) => r.id != null).map(({ total: _t, ...r }) => r as SpotRow), total };
}

export function spotsByIds(sql: SqlReader, cityId: string, ids: readonly string[]): Promise<SpotRow[]> {
  return sql.query<SpotRow>(`SELECT ${SPOT_COLUMNS} FROM spot s WHERE s.city_id = $1::uuid AND s.id = ANY($2::uuid[])`, [cityId, ids]);
}
