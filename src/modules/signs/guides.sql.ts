// PostGIS queries of sign design guides: writing a version, and which street section a shop faces.
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/database';
import type { SignRule } from './compliance';

export interface GuideRow {
  cityId: string;
  id: string;
  streetName: string;
  version: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  geometry: unknown;
  maxDistanceM: number;
  illustrationUrl: string | null;
  guidance: string | null;
  rules: SignRule[];
  createdAt: Date;
}

const guideColumns = Prisma.sql`g.city_id AS "cityId", g.id, g.street_name AS "streetName", g.version,
  to_char(g.effective_from, 'YYYY-MM-DD') AS "effectiveFrom", ST_AsGeoJSON(g.geom, 7)::json AS geometry,
  g.max_distance_m AS "maxDistanceM", g.illustration_url AS "illustrationUrl", g.guidance, g.rules, g.created_at AS "createdAt"`;

/** Whether PostGIS accepts the geometry, and whether the city's districts hold it. */
export async function checkGuideGeometry(db: Db, cityId: string, geojson: string) {
  const [r] = await db.$queryRaw<{ valid: boolean; reason: string; inside: boolean }[]>`
    SELECT ST_IsValid(s.g) AS valid, ST_IsValidReason(s.g) AS reason,
      COALESCE(ST_CoveredBy(s.g, (SELECT ST_Union(d.geom) FROM district d WHERE d.city_id = ${cityId}::uuid)), false) AS inside
    FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) AS g) s`;
  return r;
}

export async function nextGuideVersion(db: Db, cityId: string, streetName: string): Promise<number> {
  const [r] = await db.$queryRaw<{ v: number }[]>`
    SELECT COALESCE(max(g.version), 0)::int + 1 AS v FROM sign_guide g WHERE g.city_id = ${cityId}::uuid AND g.street_name = ${streetName}`;
  return r.v;
}

export interface GuideInsert {
  cityId: string; streetName: string; version: number; effectiveFrom: string; geojson: string; maxDistanceM: number;
  illustrationUrl: string | null; guidance: string | null; rules: SignRule[]; createdBy: string | null;
}

export async function insertGuide(db: Db, g: GuideInsert): Promise<GuideRow> {
  const [row] = await db.$queryRaw<GuideRow[]>`
    WITH ins AS (
      INSERT INTO sign_guide (city_id, street_name, version, effective_from, geom, max_distance_m, illustration_url, guidance, rules, created_by)
      VALUES (${g.cityId}::uuid, ${g.streetName}, ${g.version}, ${g.effectiveFrom}::date, ST_SetSRID(ST_GeomFromGeoJSON(${g.geojson}), 4326),
              ${g.maxDistanceM}::float8, ${g.illustrationUrl}, ${g.guidance}, ${JSON.stringify(g.rules)}::jsonb, ${g.createdBy}::uuid)
      RETURNING *)
    SELECT ${guideColumns} FROM ins g`;
  return row;
}

export async function guideById(db: Db, cityId: string, id: string): Promise<GuideRow | null> {
  const rows = await db.$queryRaw<GuideRow[]>`SELECT ${guideColumns} FROM sign_guide g WHERE g.city_id = ${cityId}::uuid AND g.id = ${id}::uuid`;
  return rows[0] ?? null;
}

/** The versions in force on a date (per street, the newest whose date has come), by street name. */
export function guidesInForce(db: Db, cityId: string, today: string): Promise<GuideRow[]> {
  return db.$queryRaw<GuideRow[]>`
    SELECT ${guideColumns} FROM (
      SELECT DISTINCT ON (s.street_name) s.* FROM sign_guide s
      WHERE s.city_id = ${cityId}::uuid AND s.effective_from <= ${today}::date
      ORDER BY s.street_name, s.version DESC) g
    ORDER BY g.street_name`;
}

export type NearGuide = GuideRow & { distanceM: number; covers: boolean };

/**
 * Guides in force within `radiusM` of a point, those whose area holds it first, then nearest first.
 * The caller decides which one applies (each line section has its own reach, max_distance_m).
 */
export function guidesNear(db: Db, cityId: string, today: string, lonLat: [number, number], radiusM: number): Promise<NearGuide[]> {
  return db.$queryRaw<NearGuide[]>`
    WITH p AS (SELECT ST_SetSRID(ST_MakePoint(${lonLat[0]}::float8, ${lonLat[1]}::float8), 4326) AS g)
    SELECT ${guideColumns}, ST_Distance(g.geom::geography, p.g::geography) AS "distanceM", ST_Covers(g.geom, p.g) AS covers
    FROM (
      SELECT DISTINCT ON (s.street_name) s.* FROM sign_guide s
      WHERE s.city_id = ${cityId}::uuid AND s.effective_from <= ${today}::date
      ORDER BY s.street_name, s.version DESC) g, p
    WHERE ST_DWithin(g.geom::geography, p.g::geography, ${radiusM}::float8)
    ORDER BY covers DESC, "distanceM", g.street_name
    LIMIT 20`;
}

/** The city and district holding a point; the public check names no city, so the point chooses it. */
export async function placeOfPoint(db: Db, lonLat: [number, number], cityId: string | null) {
  const rows = await db.$queryRaw<{ cityId: string; districtId: string; timeZone: string }[]>`
    SELECT d.city_id AS "cityId", d.id AS "districtId", c.time_zone AS "timeZone"
    FROM district d JOIN city c ON c.id = d.city_id
    WHERE (${cityId}::uuid IS NULL OR d.city_id = ${cityId}::uuid)
      AND ST_Intersects(d.geom, ST_SetSRID(ST_MakePoint(${lonLat[0]}::float8, ${lonLat[1]}::float8), 4326))
    ORDER BY d.code LIMIT 1 -- citus: all cities (the public check names no city: the point chooses it)`;
  return rows[0] ?? null;
}
