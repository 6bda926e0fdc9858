// PostGIS writes of stall spots, inside the caller's transaction. The spot_check trigger of the
// migration has the last word on geometry (inside the zone, no overlap, the zone's spacing); these
// statements only place, number and change spots. Geometry enters as GeoJSON text (WGS84).
import { Prisma, type SpotStatus } from '@prisma/client';
import type { Db } from '../../db/database';
import type { SpotRow } from './spots.models';

export const spotColumns = Prisma.sql`s.city_id AS "cityId", s.id, s.zone_id AS "zoneId", s.number,
  ST_AsGeoJSON(s.geom, 7)::json AS geometry, ST_AsGeoJSON(s.footprint, 7)::json AS footprint,
  s.width_m AS "widthM", s.depth_m AS "depthM", s.bearing_deg AS "bearingDeg", s.business_type AS "businessType",
  s.status::text AS status, s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

/**
 * One writer of a zone's spots at a time, with the key the spot_check trigger takes: a number chosen
 * here stays free until this transaction ends, and the trigger's own lock is then already held.
 */
export async function lockZoneSpots(db: Db, cityId: string, zoneId: string): Promise<void> {
  await db.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended('spot:' || ${cityId}::text || ':' || ${zoneId}::text, 0))::text AS locked`;
}

/** PostGIS's verdict on a drawn spot before it is written: validity (with the reason) and area. */
export async function checkSpotGeometry(db: Db, geojson: string): Promise<{ valid: boolean; reason: string; areaM2: number }> {
  const [row] = await db.$queryRaw<{ valid: boolean; reason: string; areaM2: number }[]>`
    SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
           CASE WHEN ST_IsValid(g) THEN ST_Area(g::geography) ELSE 0 END AS "areaM2"
    FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) AS g) s`;
  return row;
}

/** The lowest number no spot of the zone (retired ones aside) uses. */
export async function nextFreeNumber(db: Db, cityId: string, zoneId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT COALESCE(min(c.n), 1)::int AS n FROM (
      SELECT 1 AS n UNION ALL SELECT s.number + 1 FROM spot s
      WHERE s.city_id = ${cityId}::uuid AND s.zone_id = ${zoneId}::uuid AND s.status <> 'RETIRED') c
    WHERE NOT EXISTS (SELECT 1 FROM spot t WHERE t.city_id = ${cityId}::uuid AND t.zone_id = ${zoneId}::uuid
                        AND t.status <> 'RETIRED' AND t.number = c.n)`;
  return row.n;
}

/** The zone's highest number in use (0 when it has no spot), for numbering a batch after it. */
export async function highestNumber(db: Db, cityId: string, zoneId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT COALESCE(max(s.number), 0)::int AS n FROM spot s
    WHERE s.city_id = ${cityId}::uuid AND s.zone_id = ${zoneId}::uuid AND s.status <> 'RETIRED'`;
  return row.n;
}

/** Which of `numbers` spots of the zone (other than `exceptId`, retired ones aside) already use. */
export async function takenNumbers(db: Db, cityId: string, zoneId: string, numbers: number[], exceptId: string | null = null): Promise<number[]> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT s.number AS n FROM spot s
    WHERE s.city_id = ${cityId}::uuid AND s.zone_id = ${zoneId}::uuid AND s.status <> 'RETIRED'
      AND s.number = ANY(${numbers}::int[]) AND (${exceptId}::uuid IS NULL OR s.id <> ${exceptId}::uuid)
    ORDER BY s.number`;
  return rows.map((r) => r.n);
}

export interface NewSpot {
  cityId: string;
  zoneId: string;
  number: number;
  geojson: string;
  widthM: number;
  depthM: number;
  bearingDeg: number;
  businessType: string | null;
}

export async function insertSpot(db: Db, s: NewSpot): Promise<SpotRow> {
  const [row] = await db.$queryRaw<SpotRow[]>`
    WITH ins AS (
      INSERT INTO spot (city_id, zone_id, number, geom, width_m, depth_m, bearing_deg, business_type)
      VALUES (${s.cityId}::uuid, ${s.zoneId}::uuid, ${s.number}, ST_SetSRID(ST_GeomFromGeoJSON(${s.geojson}), 4326),
              ${s.widthM}, ${s.depthM}, ${s.bearingDeg}, ${s.businessType})
      RETURNING *)
    SELECT ${spotColumns} FROM ins s`;
  return row;
}

/** Stall centres of a batch, with the bearing of each; numbers in the order given. */
export interface PlacedPoint { number: number; lon: number; lat: number; bearingDeg: number }

/**
 * A batch in one statement, in order: the trigger checks each row against the zone and against the
 * spots before it (rows inserted earlier by the same statement are visible to it), so the first
 * refusal names its spot and the whole statement is undone.
 */
export function insertSpotPoints(
  db: Db, b: { cityId: string; zoneId: string; widthM: number; depthM: number; businessType: string | null; points: PlacedPoint[] },
): Promise<SpotRow[]> {
  const p = b.points;
  return db.$queryRaw<SpotRow[]>`
    WITH ins AS (
      INSERT INTO spot (city_id, zone_id, number, geom, width_m, depth_m, bearing_deg, business_type)
      SELECT ${b.cityId}::uuid, ${b.zoneId}::uuid, u.n, ST_SetSRID(ST_MakePoint(u.x, u.y), 4326), ${b.widthM}, ${b.depthM}, u.b, ${b.businessType}
      FROM unnest(${p.map((x) => x.number)}::int[], ${p.map((x) => x.lon)}::float8[], ${p.map((x) => x.lat)}::float8[],
                  ${p.map((x) => x.bearingDeg)}::float8[]) WITH ORDINALITY AS u(n, x, y, b, o)
      ORDER BY u.o
      RETURNING *)
    SELECT ${spotColumns} FROM ins s ORDER BY s.number`;
}

/** Spots of the batch whose ground enters an active no-vending area (which overrides every zone). */
export function noVendingHits(db: Db, cityId: string, spotIds: string[]) {
  return db.$queryRaw<{ number: number; name: string }[]>`SELECT s.number, n.name FROM spot s
    JOIN zone n ON n.city_id = s.city_id AND n.kind = 'NO_VENDING' AND n.status = 'ACTIVE'
      AND ST_Intersects(n.geom, s.footprint) AND ST_Relate(n.geom, s.footprint, 'T********')
    WHERE s.city_id = ${cityId}::uuid AND s.id = ANY(${spotIds}::uuid[]) ORDER BY s.number, n.name LIMIT 20`;
}

/** One spot; with `lock`, locked until the transaction ends (an edit in progress). */
export async function spotById(db: Db, cityId: string, id: string, lock = false): Promise<SpotRow | null> {
  const rows = await db.$queryRaw<SpotRow[]>`SELECT ${spotColumns} FROM spot s
    WHERE s.city_id = ${cityId}::uuid AND s.id = ${id}::uuid ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  return rows[0] ?? null;
}

export interface SpotPatch { number?: number; widthM?: number; depthM?: number; bearingDeg?: number; businessType?: string | null }

export async function updateSpotRow(db: Db, cityId: string, id: string, p: SpotPatch): Promise<SpotRow> {
  const setType = p.businessType !== undefined;
  const [row] = await db.$queryRaw<SpotRow[]>`
    WITH upd AS (
      UPDATE spot s SET
        number = COALESCE(${p.number ?? null}::int, s.number),
        width_m = COALESCE(${p.widthM ?? null}::float8, s.width_m),
        depth_m = COALESCE(${p.depthM ?? null}::float8, s.depth_m),
        bearing_deg = COALESCE(${p.bearingDeg ?? null}::float8, s.bearing_deg),
        business_type = CASE WHEN ${setType} THEN ${p.businessType ?? null}::text ELSE s.business_type END,
        version = s.version + 1, updated_at = now()
      WHERE s.city_id = ${cityId}::uuid AND s.id = ${id}::uuid
      RETURNING s.*)
    SELECT ${spotColumns} FROM upd s`;
  return row;
}

/** Whether an ACTIVE or SUSPENDED assignment holds the spot today (city-local) or later. */
export async function heldByAssignment(db: Db, cityId: string, spotId: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ held: boolean }[]>`SELECT EXISTS (
      SELECT 1 FROM assignment a JOIN city c ON c.id = a.city_id
      WHERE a.city_id = ${cityId}::uuid AND a.spot_id = ${spotId}::uuid AND a.status IN ('ACTIVE', 'SUSPENDED')
        AND a.ends_on >= (now() AT TIME ZONE c.time_zone)::date) AS held`;
  return row.held;
}

/**
 * The bureau's status for a spot. AVAILABLE is written as ASSIGNED while a live assignment covers
 * today, as the allocation module keeps it (ASSIGNED is the assignments' word, never set by hand).
 */
export async function setSpotStatusRow(db: Db, cityId: string, id: string, status: Exclude<SpotStatus, 'ASSIGNED'>): Promise<SpotRow> {
  const [row] = await db.$queryRaw<SpotRow[]>`
    WITH upd AS (
      UPDATE spot s SET status = CASE WHEN ${status} = 'AVAILABLE' AND EXISTS (
            SELECT 1 FROM assignment a JOIN city c ON c.id = a.city_id
            WHERE a.city_id = s.city_id AND a.spot_id = s.id AND a.status IN ('ACTIVE', 'SUSPENDED')
              AND (now() AT TIME ZONE c.time_zone)::date BETWEEN a.starts_on AND a.ends_on)
          THEN 'ASSIGNED'::"SpotStatus" ELSE ${status}::"SpotStatus" END,
        version = s.version + 1, updated_at = now()
      WHERE s.city_id = ${cityId}::uuid AND s.id = ${id}::uuid
      RETURNING s.*)
    SELECT ${spotColumns} FROM upd s`;
  return row;
}
