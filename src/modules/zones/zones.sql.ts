// PostGIS queries of zones. Geometry enters as GeoJSON text (already WGS84) and leaves as GeoJSON.
import { Prisma, type ZoneKind, type ZoneStatus } from '@prisma/client';
import type { Db, SqlReader } from '../../db/database';
import { Params } from '../../db/params';
import { openAtCondition } from '../openings/openings.sql';

export interface ZoneRow {
  cityId: string;
  id: string;
  districtId: string;
  name: string;
  kind: ZoneKind;
  status: ZoneStatus;
  geometry: unknown;
  areaM2: number;
  /** The least distance in metres between two stall spots of the zone */
  minSpotSpacingM: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  retiredAt: Date | null;
}

export const zoneColumns = Prisma.sql`z.city_id AS "cityId", z.id, z.district_id AS "districtId", z.name, z.kind::text AS kind,
  z.status::text AS status, ST_AsGeoJSON(z.geom, 7)::json AS geometry, z.area_m2 AS "areaM2", z.min_spot_spacing_m AS "minSpotSpacingM", z.version,
  z.created_at AS "createdAt", z.updated_at AS "updatedAt", z.retired_at AS "retiredAt"`;

const geomOf = (geojson: string) => Prisma.sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326))`;

/** What PostGIS says of a candidate geometry, before anything is written. */
export interface GeometryCheck {
  valid: boolean;
  reason: string;
  /** Every district whose interior the geometry shares, largest overlap first. */
  districtIds: string[];
  /** Whether the city's districts together cover the geometry. */
  insideCity: boolean;
  areaM2: number;
}

export async function checkGeometry(db: Db, cityId: string, geojson: string): Promise<GeometryCheck> {
  const [v] = await db.$queryRaw<{ valid: boolean; reason: string; area: number }[]>`
    SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
           CASE WHEN ST_IsValid(g) THEN ST_Area(g::geography) ELSE 0 END AS area
    FROM (SELECT ${geomOf(geojson)} AS g) s`;
  if (!v.valid) return { valid: false, reason: v.reason, districtIds: [], insideCity: false, areaM2: 0 };
  const districts = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM district d, (SELECT ${geomOf(geojson)} AS g) s
    WHERE d.city_id = ${cityId}::uuid AND ST_Intersects(d.geom, s.g) AND ST_Relate(d.geom, s.g, 'T********')
    ORDER BY ST_Area(ST_Intersection(d.geom, s.g)) DESC, d.code`;
  const [inside] = await db.$queryRaw<{ inside: boolean }[]>`
    SELECT COALESCE(ST_CoveredBy(s.g, (SELECT ST_Union(geom) FROM district WHERE city_id = ${cityId}::uuid)), false) AS inside
    FROM (SELECT ${geomOf(geojson)} AS g) s`;
  return { valid: true, reason: v.reason, districtIds: districts.map((d) => d.id), insideCity: inside.inside, areaM2: v.area };
}

/** Every district whose interior an existing zone shares (a zone may straddle a district boundary). */
export async function zoneDistrictIds(db: Db, cityId: string, zoneId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM district d JOIN zone z ON z.city_id = d.city_id AND z.id = ${zoneId}::uuid
    WHERE d.city_id = ${cityId}::uuid AND ST_Intersects(d.geom, z.geom) AND ST_Relate(d.geom, z.geom, 'T********')`;
  return rows.map((r) => r.id);
}

/** Active no-vending areas whose interior the geometry enters (touching an edge is not overlapping). */
export function overlappingNoVending(db: Db, cityId: string, geojson: string, exceptId: string | null) {
  return db.$queryRaw<{ id: string; name: string }[]>`
    SELECT z.id, z.name FROM zone z, (SELECT ${geomOf(geojson)} AS g) s
    WHERE z.city_id = ${cityId}::uuid AND z.kind = 'NO_VENDING' AND z.status = 'ACTIVE'
      AND (${exceptId}::uuid IS NULL OR z.id <> ${exceptId}::uuid)
      AND ST_Intersects(z.geom, s.g) AND ST_Relate(z.geom, s.g, 'T********')
    ORDER BY z.name LIMIT 20`;
}

export async function insertZone(
  db: Db, z: { cityId: string; districtId: string; name: string; kind: ZoneKind; geojson: string },
): Promise<ZoneRow> {
  const [row] = await db.$queryRaw<ZoneRow[]>`
    WITH ins AS (
      INSERT INTO zone (city_id, district_id, name, kind, geom, area_m2)
      SELECT ${z.cityId}::uuid, ${z.districtId}::uuid, ${z.name}, ${z.kind}::"ZoneKind", g, ST_Area(g::geography)
      FROM (SELECT ${geomOf(z.geojson)} AS g) s
      RETURNING *)
    SELECT ${zoneColumns} FROM ins z`;
  return row;
}

export interface ZonePatch {
  name?: string;
  kind?: ZoneKind;
  districtId?: string;
  geojson?: string;
  minSpotSpacingM?: number;
}

export async function updateZoneRow(db: Db, cityId: string, id: string, p: ZonePatch): Promise<ZoneRow> {
  const g = p.geojson ? geomOf(p.geojson) : Prisma.sql`z.geom`;
  const [row] = await db.$queryRaw<ZoneRow[]>`
    WITH upd AS (
      UPDATE zone z SET
        name = COALESCE(${p.name ?? null}, z.name),
        kind = COALESCE(${p.kind ?? null}::"ZoneKind", z.kind),
        district_id = COALESCE(${p.districtId ?? null}::uuid, z.district_id),
        min_spot_spacing_m = COALESCE(${p.minSpotSpacingM ?? null}::float8, z.min_spot_spacing_m),
        geom = ${g}, area_m2 = ST_Area((${g})::geography),
        version = z.version + 1, updated_at = now()
      WHERE z.city_id = ${cityId}::uuid AND z.id = ${id}::uuid
      RETURNING z.*)
    SELECT ${zoneColumns} FROM upd z`;
  return row;
}

export async function retireZoneRow(db: Db, cityId: string, id: string): Promise<ZoneRow> {
  const [row] = await db.$queryRaw<ZoneRow[]>`
    WITH upd AS (
      UPDATE zone z SET status = 'RETIRED', retired_at = now(), updated_at = now(), version = z.version + 1
      WHERE z.city_id = ${cityId}::uuid AND z.id = ${id}::uuid RETURNING z.*)
    SELECT ${zoneColumns} FROM upd z`;
  return row;
}

/**
 * The numbers of the zone's live spots (not retired) that a change would leave outside the new
 * geometry, in a zone turned no-vending, or closer together than the new spacing (at most 20).
 */
export async function spotMisfits(db: Db, cityId: string, zoneId: string, c: { geojson?: string; noVending: boolean; spacing?: number }): Promise<number[]> {
  const g = c.geojson ? geomOf(c.geojson) : Prisma.sql`(SELECT z.geom FROM zone z WHERE z.city_id = ${cityId}::uuid AND z.id = ${zoneId}::uuid)`;
  const rows = await db.$queryRaw<{ number: number }[]>`
    SELECT DISTINCT s.number FROM spot s
    WHERE s.city_id = ${cityId}::uuid AND s.zone_id = ${zoneId}::uuid AND s.status <> 'RETIRED'
      AND (${c.noVending} OR NOT ST_CoveredBy(s.footprint, ${g})
           OR (${c.spacing ?? 0}::float8 > 0 AND EXISTS (
             SELECT 1 FROM spot o WHERE o.city_id = s.city_id AND o.zone_id = s.zone_id AND o.id <> s.id AND o.status <> 'RETIRED'
               AND ST_DWithin(ST_Transform(o.footprint, utm_srid(s.footprint)), ST_Transform(s.footprint, utm_srid(s.footprint)), ${c.spacing ?? 0}::float8 - 0.001))))
    ORDER BY s.number LIMIT 20`;
  return rows.map((r) => r.number);
}

/** One zone; with `lock`, the row is locked until the transaction ends (an edit in progress). */
export async function zoneById(db: Db, cityId: string, id: string, lock = false): Promise<ZoneRow | null> {
  const rows = await db.$queryRaw<ZoneRow[]>`SELECT ${zoneColumns} FROM zone z
    WHERE z.city_id = ${cityId}::uuid AND z.id = ${id}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  return rows[0] ?? null;
}

/** The zone columns for the fast path (plain SQL text, same shape as zoneColumns). */
const ZONE_COLUMNS = `z.city_id AS "cityId", z.id, z.district_id AS "districtId", z.name, z.kind::text AS kind,
  z.status::text AS status, ST_AsGeoJSON(z.geom, 7)::json AS geometry, z.area_m2 AS "areaM2", z.min_spot_spacing_m AS "minSpotSpacingM", z.version,
  z.created_at AS "createdAt", z.updated_at AS "updatedAt", z.retired_at AS "retiredAt"`;

export interface ZoneFilter {
  cityId: string;
  districtId?: string;
  kind?: ZoneKind;
  status?: ZoneStatus;
  bbox?: [number, number, number, number];
  point?: [number, number];
  /** Only zones open at the instant, for the business type when given (null: every type), read from open_interval. */
  openAt?: { at: Date; businessType: string | null };
  /** Only these zones (open ones, when the instant lies outside the precomputed window). */
  ids?: string[];
}

function whereOf(f: ZoneFilter, p: Params): string {
  const parts = [`z.city_id = ${p.add(f.cityId)}::uuid`];
  if (f.districtId) parts.push(`z.district_id = ${p.add(f.districtId)}::uuid`);
  if (f.kind) parts.push(`z.kind = ${p.add(f.kind)}::"ZoneKind"`);
  if (f.status) parts.push(`z.status = ${p.add(f.status)}::"ZoneStatus"`);
  if (f.bbox) {
    const env = `ST_MakeEnvelope(${f.bbox.map((n) => `${p.add(n)}::float8`).join(', ')}, 4326)`;
    parts.push(`z.geom && ${env} AND ST_Intersects(z.geom, ${env})`);
  }
  if (f.ids) parts.push(`z.id = ANY(${p.add(f.ids)}::uuid[])`);
  if (f.point) parts.push(`ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint(${p.add(f.point[0])}::float8, ${p.add(f.point[1])}::float8), 4326))`);
  if (f.openAt) {
    parts.push(openAtCondition(`${p.add(f.cityId)}::uuid`, `${p.add(f.openAt.at)}::timestamptz`, p.add(f.openAt.businessType)));
  }
  return parts.join(' AND ');
}

/** Newest first; the page after (createdAt, id) of the cursor, and the total, in one statement. */
export async function listZones(sql: SqlReader, f: ZoneFilter, limit: number, after: [string, string] | null) {
  const p = new Params();
  const where = whereOf(f, p);
  const page = after ? `AND (z.created_at, z.id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::uuid)` : '';
  // LEFT JOIN LATERAL: one row even when the page is empty, so the total always comes back.
  const rows = await sql.query<Partial<ZoneRow> & { total: number }>(
    `SELECT (SELECT count(*)::int FROM zone z WHERE ${where}) AS total, page.*
     FROM (SELECT 1) one LEFT JOIN LATERAL (
       SELECT ${ZONE_COLUMNS} FROM zone z WHERE ${where} ${page}
       ORDER BY z.created_at DESC, z.id DESC LIMIT ${p.add(limit + 1)}) page ON true`, p.values);
  const total = rows[0]?.total ?? 0;
  return { rows: rows.filter((r) => r.id != null).map(({ total: _t, ...r }) => r as ZoneRow), total };
}
