// The vending check's question to the database, in one statement on the fast path: the city (the
// caller's, or the one whose districts hold the point), the zones and buffers at the point, the nearest
// zone allowing the type, and the rule versions and exceptions of those zones. When the instant lies in
// the city's precomputed window the nearest allowing zone is found by the open-interval table inside
// the KNN walk; otherwise the nearest zones come back for the rules to judge.
import type { SqlReader } from '../../db/database';
import type { ZoneRow } from '../zones/zones.sql';
import type { DistanceRuleRow } from './rules.sql';
import { openSignatures } from '../openings/openings.sql';

/** How far the nearest allowing zone is looked for: a vendor does not walk further. */
export const NEAREST_WITHIN_M = 5000;
/** The box searched, in degrees: wider than NEAREST_WITHIN_M at China's latitudes (1° of longitude ≥ 55 km below 60° N). */
const NEAREST_BOX_DEG = 0.1;
/** Outside the window, the nearest zones handed to the rules. */
export const NEAREST_CANDIDATES = 25;

export interface RuleRow {
  id: string; zoneId: string; effectiveFrom: string; schedule: unknown; allowAll: boolean; allowed: string[];
  capacity: number | null; maxStallAreaM2: number | null; createdAt: string;
}
export interface ExceptionRow { zoneId: string; kind: 'CLOSURE' | 'OPENING'; startsAt: string; endsAt: string; reason: string }

export interface VendingFacts {
  cityId: string | null;
  covered: boolean;
  typeActive: boolean | null;
  zones: ZoneRow[];
  buffers: (DistanceRuleRow & { distanceM: number })[];
  nearest: (ZoneRow & { distanceM: number })[];
  rules: RuleRow[];
  exceptions: ExceptionRow[];
}

const ZONE_JSON = `json_build_object('cityId', z.city_id, 'id', z.id, 'districtId', z.district_id, 'name', z.name, 'kind', z.kind,
  'status', z.status, 'geometry', ST_AsGeoJSON(z.geom, 7)::json, 'areaM2', z.area_m2, 'minSpotSpacingM', z.min_spot_spacing_m, 'version', z.version,
  'createdAt', z.created_at, 'updatedAt', z.updated_at, 'retiredAt', z.retired_at`;

const POINT = 'ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)';

const STATEMENT = `
WITH p AS (SELECT ${POINT} AS g),
c AS (
  SELECT c.id, w.valid_from <= $4::timestamptz AND $4::timestamptz < w.valid_to AS covered,
         (SELECT b.active FROM business_type b WHERE b.city_id = c.id AND b.code = $5) AS type_active
  FROM city c LEFT JOIN open_window w ON w.city_id = c.id
  WHERE c.id = COALESCE($1::uuid, (SELECT d.city_id FROM district d, p WHERE ST_Intersects(d.geom, p.g) LIMIT 1)) -- citus: all cities (the public names no city)
),
-- The signatures open at the instant for the type: joined to the one-row city so the (city_id, starts_at)
-- index is used, and read once (zones are then matched to this short list).
open_sigs AS (
  ${openSignatures('c.id', '$4::timestamptz', '$5', ', c')} AND c.covered
),
here AS (
  SELECT z.* FROM zone z, c, p
  WHERE z.city_id = c.id AND z.status = 'ACTIVE' AND ST_Intersects(z.geom, p.g)
),
near AS (
  -- Nearest first along the GiST index (a KNN scan: the point is written out, not taken from p, so the
  -- planner sees a constant), the open-interval test applied as it walks, bounded to a box around the
  -- point so a city where nothing is open at 4 a.m. is not walked whole.
  SELECT * FROM (
    SELECT z.*, ST_Distance(z.geom::geography, p.g::geography) AS distance_m FROM zone z, c, p
    WHERE z.city_id = c.id AND z.status = 'ACTIVE' AND z.kind <> 'NO_VENDING'
      AND z.geom && ST_Expand(${POINT}, ${NEAREST_BOX_DEG})
      AND (NOT COALESCE(c.covered, false) OR z.open_signature IN (SELECT signature FROM open_sigs))
    ORDER BY z.geom <-> ${POINT}
    LIMIT CASE WHEN COALESCE((SELECT covered FROM c), false) THEN 3 ELSE ${NEAREST_CANDIDATES} END) n
  WHERE n.distance_m <= ${NEAREST_WITHIN_M}
),
ids AS (SELECT id FROM here UNION SELECT id FROM near)
SELECT
  (SELECT id FROM c) AS "cityId",
  COALESCE((SELECT covered FROM c), false) AS covered,
  (SELECT type_active FROM c) AS "typeActive",
  COALESCE((SELECT json_agg(${ZONE_JSON}) ORDER BY z.kind = 'NO_VENDING' DESC, z.area_m2) FROM here z), '[]') AS zones,
  COALESCE((SELECT json_agg(${ZONE_JSON}, 'distanceM', z.distance_m) ORDER BY z.distance_m) FROM near z), '[]') AS nearest,
  COALESCE((SELECT json_agg(json_build_object('cityId', r.city_id, 'id', r.id, 'name', r.name, 'featureKind', r.feature_kind,
      'geometry', ST_AsGeoJSON(r.geom, 7)::json, 'bufferM', r.buffer_m, 'schedule', r.schedule, 'active', r.active,
      'distanceM', ST_Distance(r.geom::geography, p.g::geography)) ORDER BY ST_Distance(r.geom::geography, p.g::geography))
    FROM distance_rule r, c, p
    WHERE r.city_id = c.id AND r.active AND ST_Intersects(r.reach, p.g)
      AND ST_DWithin(r.geom::geography, p.g::geography, r.buffer_m)), '[]') AS buffers,
  COALESCE((SELECT json_agg(json_build_object('id', r.id, 'zoneId', r.zone_id, 'effectiveFrom', r.effective_from, 'schedule', r.schedule,
      'allowAll', r.allow_all_business_types, 'allowed', r.allowed_business_types, 'capacity', r.capacity,
      'maxStallAreaM2', r.max_stall_area_m2, 'createdAt', r.created_at) ORDER BY r.zone_id, r.effective_from)
    FROM zone_rule r, c WHERE r.city_id = c.id AND r.zone_id IN (SELECT id FROM ids)), '[]') AS rules,
  COALESCE((SELECT json_agg(json_build_object('zoneId', e.zone_id, 'kind', e.kind, 'startsAt', e.starts_at, 'endsAt', e.ends_at, 'reason', e.reason))
    FROM zone_exception e, c WHERE e.city_id = c.id AND e.zone_id IN (SELECT id FROM ids)
      AND e.ends_at > $4::timestamptz - interval '400 days'), '[]') AS exceptions`;

export async function vendingFacts(sql: SqlReader, viewerCityId: string | null, p: [number, number], at: Date, businessType: string): Promise<VendingFacts> {
  const [row] = await sql.query<VendingFacts>(STATEMENT, [viewerCityId, p[0], p[1], at.toISOString(), businessType]);
  return row;
}
