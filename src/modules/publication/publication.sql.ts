// Writing a published version (inside the publishing transaction, through Prisma) and reading the
// version list. A version is written by INSERT … SELECT from the live tables, so a city of 10,000 spots
// publishes in a few statements; the hours in words and the rules, worked out in TypeScript, come in
// as one JSON parameter. Only public columns are selected: no account, vendor or assignment table is read.
import type { Db, SqlReader } from '../../db/database';
import type { PublicationRow } from './publication.models';

const PUBLICATION_COLUMNS = `p.city_id AS "cityId", p.version, p.published_at AS "publishedAt", p.note,
  p.republished_from AS "republishedFrom", p.zone_count AS "zoneCount", p.spot_count AS "spotCount",
  p.feature_count AS "featureCount", p.sign_count AS "signCount", p.bounds`;

/** One publication of a city at a time, across instances (released at the transaction's end). */
export async function lockCity(tx: Db, cityId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('bianmin:publish:' || ${cityId}))`;
}

export async function currentVersion(tx: Db, cityId: string): Promise<number | null> {
  const [row] = await tx.$queryRaw<{ v: number | null }[]>`SELECT max(version) AS v FROM publication WHERE city_id = ${cityId}::uuid`;
  return row.v;
}

/** The zones a publication shows: every active zone, vending and no-vending. */
export function liveZones(tx: Db, cityId: string) {
  return tx.$queryRaw<{ id: string; kind: string }[]>`SELECT id, kind::text FROM zone
    WHERE city_id = ${cityId}::uuid AND status = 'ACTIVE' ORDER BY id`;
}

export function liveDistanceRules(tx: Db, cityId: string) {
  return tx.$queryRaw<{ id: string; schedule: unknown }[]>`SELECT id, schedule FROM distance_rule
    WHERE city_id = ${cityId}::uuid AND active ORDER BY id`;
}

/** What TypeScript adds to a published zone: its hours in words, business types, rules and signature. */
export interface ZoneExtra {
  zone_id: string;
  schedule: unknown;
  schedule_from: string | null;
  business_types: unknown;
  type_codes: string[];
  capacity: number | null;
  open_signature: string | null;
  rules: unknown;
}

export async function insertZones(tx: Db, cityId: string, version: number, extras: ZoneExtra[]): Promise<void> {
  await tx.$executeRaw`INSERT INTO published_zone (city_id, version, zone_id, district_name, name, kind, geom, area_m2,
      schedule, schedule_from, business_types, type_codes, capacity, spot_count, open_signature, rules, digest)
    SELECT z.city_id, ${version}, z.id, d.name, z.name, z.kind, z.geom, z.area_m2,
      e.schedule, e.schedule_from, e.business_types, e.type_codes, e.capacity, coalesce(s.n, 0), e.open_signature, e.rules,
      md5(concat_ws('|', z.name, z.kind, d.name, encode(ST_AsEWKB(z.geom), 'hex'), e.schedule::text, e.schedule_from,
        e.business_types::text, e.capacity, coalesce(s.n, 0), e.open_signature))
    FROM zone z
    JOIN district d ON d.city_id = z.city_id AND d.id = z.district_id
    JOIN jsonb_to_recordset(${JSON.stringify(extras)}::jsonb) AS e(zone_id uuid, schedule jsonb, schedule_from text,
      business_types jsonb, type_codes text[], capacity int, open_signature text, rules jsonb) ON e.zone_id = z.id
    LEFT JOIN (SELECT zone_id, count(*)::int AS n FROM spot WHERE city_id = ${cityId}::uuid AND status IN ('AVAILABLE', 'ASSIGNED')
               GROUP BY zone_id) s ON s.zone_id = z.id
    WHERE z.city_id = ${cityId}::uuid AND z.status = 'ACTIVE'`;
}

/** Spots offered to vendors (available or assigned; not suspended or retired) of the published zones. */
export async function insertSpots(tx: Db, cityId: string, version: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO published_spot (city_id, version, spot_id, zone_id, number, business_type, width_m, depth_m, geom, digest)
    SELECT s.city_id, ${version}, s.id, s.zone_id, s.number, s.business_type, s.width_m, s.depth_m, s.footprint,
      md5(concat_ws('|', s.zone_id, s.number, s.business_type, s.width_m, s.depth_m, encode(ST_AsEWKB(s.footprint), 'hex')))
    FROM spot s JOIN published_zone z ON z.city_id = s.city_id AND z.version = ${version} AND z.zone_id = s.zone_id
    WHERE s.city_id = ${cityId}::uuid AND s.status IN ('AVAILABLE', 'ASSIGNED')`;
}

/** Distance rules as the areas they keep free (the buffer around the feature), with their hours in words. */
export async function insertFeatures(tx: Db, cityId: string, version: number, hours: { id: string; hours: unknown }[]): Promise<void> {
  await tx.$executeRaw`INSERT INTO published_feature (city_id, version, feature_id, name, feature_kind, buffer_m, geom, hours, digest)
    SELECT r.city_id, ${version}, r.id, r.name, r.feature_kind, r.buffer_m, b.geom, h.hours,
      md5(concat_ws('|', r.name, r.feature_kind, r.buffer_m, encode(ST_AsEWKB(b.geom), 'hex'), h.hours::text))
    FROM distance_rule r
    JOIN jsonb_to_recordset(${JSON.stringify(hours)}::jsonb) AS h(id uuid, hours jsonb) ON h.id = r.id
    CROSS JOIN LATERAL (SELECT ST_Buffer(r.geom::geography, r.buffer_m)::geometry AS geom) b
    WHERE r.city_id = ${cityId}::uuid AND r.active`;
}

/**
 * The sign permits in force on the city's today (approved, not yet past their last day; revoked and
 * amended ones are not APPROVED): the register's public attributes, never the applicant, contact or address.
 */
export async function insertSigns(tx: Db, cityId: string, version: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO published_sign (city_id, version, permit_id, permit_number, shop_name, street_name, signs,
      sign_types, valid_from, valid_until, geom, digest)
    SELECT a.city_id, ${version}, a.id, a.permit_number, a.shop_name, g.street_name, s.signs, s.types, a.valid_from, a.valid_until, a.location,
      md5(concat_ws('|', a.permit_number, a.shop_name, g.street_name, s.signs::text, a.valid_from, a.valid_until, encode(ST_AsEWKB(a.location), 'hex')))
    FROM sign_application a
    JOIN city c ON c.id = a.city_id
    JOIN sign_guide g ON g.city_id = a.city_id AND g.id = a.guide_id
    CROSS JOIN LATERAL (
      SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('type', e->'type', 'widthM', e->'widthM', 'heightM', e->'heightM',
               'projectionM', e->'projectionM', 'clearanceM', e->'clearanceM', 'lighting', e->'lighting')) ORDER BY i) AS signs,
             string_agg(DISTINCT e->>'type', ',') AS types
      FROM jsonb_array_elements(a.signs) WITH ORDINALITY AS x(e, i)) s
    WHERE a.city_id = ${cityId}::uuid AND a.status = 'APPROVED'
      AND a.valid_until >= (now() AT TIME ZONE c.time_zone)::date`;
}

/** A rollback: an earlier version's rows again, under the new version number. */
export async function copyVersion(tx: Db, cityId: string, from: number, to: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO published_zone (city_id, version, zone_id, district_name, name, kind, geom, area_m2, schedule,
      schedule_from, business_types, type_codes, capacity, spot_count, open_signature, rules, digest)
    SELECT city_id, ${to}, zone_id, district_name, name, kind, geom, area_m2, schedule, schedule_from, business_types,
      type_codes, capacity, spot_count, open_signature, rules, digest
    FROM published_zone WHERE city_id = ${cityId}::uuid AND version = ${from}`;
  await tx.$executeRaw`INSERT INTO published_spot (city_id, version, spot_id, zone_id, number, business_type, width_m, depth_m, geom, digest)
    SELECT city_id, ${to}, spot_id, zone_id, number, business_type, width_m, depth_m, geom, digest
    FROM published_spot WHERE city_id = ${cityId}::uuid AND version = ${from}`;
  await tx.$executeRaw`INSERT INTO published_feature (city_id, version, feature_id, name, feature_kind, buffer_m, geom, hours, digest)
    SELECT city_id, ${to}, feature_id, name, feature_kind, buffer_m, geom, hours, digest
    FROM published_feature WHERE city_id = ${cityId}::uuid AND version = ${from}`;
  await tx.$executeRaw`INSERT INTO published_sign (city_id, version, permit_id, permit_number, shop_name, street_name, signs,
      sign_types, valid_from, valid_until, geom, digest)
    SELECT city_id, ${to}, permit_id, permit_number, shop_name, street_name, signs, sign_types, valid_from, valid_until, geom, digest
    FROM published_sign WHERE city_id = ${cityId}::uuid AND version = ${from}`;
}

/** The publication row, counting what was written (the foreign keys are deferred to the commit for this). */
export async function insertPublication(tx: Db, p: { cityId: string; version: number; publishedBy: string | null; note: string | null; republishedFrom: number | null }): Promise<PublicationRow> {
  const [row] = await tx.$queryRawUnsafe<PublicationRow[]>(`WITH ext AS (
      SELECT ST_Extent(geom) AS box FROM (
        SELECT geom FROM published_zone WHERE city_id = $1::uuid AND version = $2
        UNION ALL SELECT geom FROM published_feature WHERE city_id = $1::uuid AND version = $2) g)
    INSERT INTO publication AS p (city_id, version, published_by, note, republished_from, zone_count, spot_count, feature_count,
      sign_count, bounds)
    SELECT $1::uuid, $2, $3::uuid, $4, $5,
      (SELECT count(*)::int FROM published_zone WHERE city_id = $1::uuid AND version = $2),
      (SELECT count(*)::int FROM published_spot WHERE city_id = $1::uuid AND version = $2),
      (SELECT count(*)::int FROM published_feature WHERE city_id = $1::uuid AND version = $2),
      (SELECT count(*)::int FROM published_sign WHERE city_id = $1::uuid AND version = $2),
      CASE WHEN ext.box IS NULL THEN NULL ELSE ARRAY[ST_XMin(ext.box), ST_YMin(ext.box), ST_XMax(ext.box), ST_YMax(ext.box)] END
    FROM ext
    RETURNING ${PUBLICATION_COLUMNS}`, p.cityId, p.version, p.publishedBy, p.note, p.republishedFrom);
  return row;
}

export async function publicationByVersion(sql: SqlReader, cityId: string, version: number | null): Promise<PublicationRow | null> {
  const rows = await sql.query<PublicationRow>(`SELECT ${PUBLICATION_COLUMNS} FROM publication p WHERE p.city_id = $1::uuid
    AND p.version = coalesce($2::int, (SELECT max(version) FROM publication WHERE city_id = $1::uuid))`, [cityId, version]);
  return rows[0] ?? null;
}

export function publications(sql: SqlReader, cityId: string, limit: number): Promise<PublicationRow[]> {
  return sql.query<PublicationRow>(`SELECT ${PUBLICATION_COLUMNS} FROM publication p WHERE p.city_id = $1::uuid
    ORDER BY p.version DESC LIMIT $2`, [cityId, limit]);
}

/** A city by its public code, with what a map needs to centre itself. */
export async function cityByCode(sql: SqlReader, code: string) {
  const rows = await sql.query<{ id: string; code: string; name: string; nameEn: string; timeZone: string; centerLon: number; centerLat: number; zoom: number }>(
    `SELECT id, code, name, name_en AS "nameEn", time_zone AS "timeZone", center_lon AS "centerLon", center_lat AS "centerLat", zoom
     FROM city WHERE code = $1`, [code]);
  return rows[0] ?? null;
}
