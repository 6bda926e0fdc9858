// The public search of a published map: one statement for the zones (filters, "open at", distance),
// one for their next openings. "Open at T" reads the precomputed open intervals of the published
// zones' signatures (openings.sql.ts), never the rules.
import type { SqlReader } from '../../db/database';
import { openSignatures } from '../openings/openings.sql';

export interface MapSearchFilter {
  cityId: string;
  version: number;
  at: Date;
  text: string | null;
  kinds: string[] | null;
  businessType: string | null;
  openOnly: boolean;
  near: [number, number] | null;
  radiusM: number;
  limit: number;
  /** The sort key of the last zone of the page before: (distance, when near), name, id */
  after: { distanceM: number | null; name: string; id: string } | null;
}

export interface MapZoneRow {
  id: string;
  name: string;
  kind: string;
  district: string;
  geometry: unknown;
  areaM2: number;
  schedule: unknown;
  scheduleFrom: string | null;
  businessTypes: unknown;
  capacity: number | null;
  spots: number;
  open: boolean;
  distanceM: number | null;
  signature: string | null;
  total: number;
}

/** `%` and `_` in the user's text are meant literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function searchZones(sql: SqlReader, f: MapSearchFilter): Promise<MapZoneRow[]> {
  // $1 city, $2 version, $3 at, $4 type (null: every type), $5 text, $6 kinds, $7 lon, $8 lat, $9 radius, $10 open only, $11 limit,
  // $12–$14 the cursor
  const open = `(z.open_signature IS NOT NULL AND z.open_signature IN (${openSignatures('$1::uuid', '$3::timestamptz', '$4::text')}))`;
  const point = 'ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326)';
  return sql.query<MapZoneRow>(`
    WITH hits AS (
      SELECT z.zone_id AS id, z.name, z.kind::text AS kind, z.district_name AS district, ST_AsGeoJSON(z.geom, 7)::json AS geometry,
        z.area_m2 AS "areaM2", z.schedule, z.schedule_from AS "scheduleFrom", z.business_types AS "businessTypes",
        z.capacity, z.spot_count AS spots, ${open} AS open, z.open_signature AS signature,
        CASE WHEN $7::float8 IS NULL THEN NULL ELSE ST_Distance(z.geom::geography, ${point}::geography) END AS "distanceM"
      FROM published_zone z
      WHERE z.city_id = $1::uuid AND z.version = $2
        AND ($5::text IS NULL OR z.name ILIKE $5::text)
        AND ($6::text[] IS NULL OR z.kind::text = ANY($6::text[]))
        AND ($4::text IS NULL OR (z.kind <> 'NO_VENDING' AND (z.business_types IS NULL OR z.type_codes && ARRAY[$4::text,
          (SELECT b.parent_code FROM business_type b WHERE b.city_id = $1::uuid AND b.code = $4::text)])))
        AND ($7::float8 IS NULL OR ST_DWithin(z.geom::geography, ${point}::geography, $9::float8))
        AND (NOT $10::boolean OR ${open})
    )
    SELECT x.* FROM (SELECT h.*, (count(*) OVER ())::int AS total FROM hits h) x
    -- after a cursor ($12 distance, $13 name, $14 id): the rows that sort after it, in the same order
    WHERE $14::uuid IS NULL
      OR ($7::float8 IS NULL AND (x.name, x.id) > ($13::text, $14::uuid))
      OR ($7::float8 IS NOT NULL AND (x."distanceM", x.name, x.id) > ($12::float8, $13::text, $14::uuid))
    ORDER BY x."distanceM" NULLS LAST, x.name, x.id
    LIMIT $11`,
  [f.cityId, f.version, f.at.toISOString(), f.businessType, f.text ? likePattern(f.text) : null, f.kinds,
    f.near?.[0] ?? null, f.near?.[1] ?? null, f.radiusM, f.openOnly, f.limit,
    f.after?.distanceM ?? null, f.after?.name ?? null, f.after?.id ?? null]);
}

/** The next pieces of each signature from `at` (pieces are at most a day; the caller joins touching ones). */
export function nextPieces(sql: SqlReader, cityId: string, signatures: string[], at: Date, perSignature: number) {
  return sql.query<{ signature: string; startsAt: Date; endsAt: Date }>(`
    SELECT s.signature, p.starts_at AS "startsAt", p.ends_at AS "endsAt"
    FROM unnest($2::text[]) AS s(signature)
    CROSS JOIN LATERAL (SELECT o.starts_at, o.ends_at FROM open_interval o
      WHERE o.city_id = $1::uuid AND o.signature = s.signature AND o.ends_at > $3::timestamptz
        AND o.starts_at > $3::timestamptz - interval '24 hours'
      ORDER BY o.starts_at LIMIT $4) p
    ORDER BY s.signature, p.starts_at`, [cityId, signatures, at.toISOString(), perSignature]);
}

export async function businessTypeActive(sql: SqlReader, cityId: string, code: string): Promise<boolean> {
  const rows = await sql.query<{ active: boolean }>('SELECT active FROM business_type WHERE city_id = $1::uuid AND code = $2', [cityId, code]);
  return rows[0]?.active === true;
}

export async function openWindowOf(sql: SqlReader, cityId: string): Promise<{ validFrom: Date; validTo: Date } | null> {
  const rows = await sql.query<{ validFrom: Date; validTo: Date }>(
    'SELECT valid_from AS "validFrom", valid_to AS "validTo" FROM open_window WHERE city_id = $1::uuid', [cityId]);
  return rows[0] ?? null;
}
