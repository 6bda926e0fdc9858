// Where the stalls of a batch go, computed by PostGIS on the ellipsoid (the spot_check trigger draws
// each stall's rectangle the same way, with spot_rectangle): along a kerb line, segment by segment,
// or as a grid over a zone. Only centres and bearings come back; the insert and its checks follow.
import type { Db } from '../../db/database';

export interface LinePlacement { lineLengthM: number; lon: number; lat: number; bearingDeg: number }

/**
 * `count` centres along the line, stall i's centre at i·(width + gap) + width/2 metres from the start
 * measured along the line, moved `offsetM` to the right of the line's direction (left when negative),
 * each stall's width along the line's local azimuth. Distances are geodesic per segment (a fraction
 * of a line in degrees is not a fraction of its metres once it turns).
 */
export function placeAlongLine(
  db: Db, p: { geojson: string; count: number; widthM: number; gapM: number; offsetM: number },
): Promise<LinePlacement[]> {
  return db.$queryRaw<LinePlacement[]>`
    WITH l AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${p.geojson}), 4326) AS g),
    seg AS (
      SELECT d.path[1] AS n, ST_StartPoint(d.geom)::geography AS a, ST_EndPoint(d.geom)::geography AS b,
             ST_Length(d.geom::geography) AS len
      FROM l, ST_DumpSegments(l.g) d),
    cum AS (SELECT seg.*, sum(seg.len) OVER (ORDER BY seg.n) - seg.len AS s0 FROM seg WHERE seg.len > 0),
    stall AS (SELECT i, i * (${p.widthM}::float8 + ${p.gapM}::float8) + ${p.widthM}::float8 / 2 AS d
              FROM generate_series(0, ${p.count}::int - 1) i),
    onl AS (
      SELECT st.i, ST_Project(c.a, st.d - c.s0, ST_Azimuth(c.a, c.b)) AS q, c.a, c.b FROM stall st
      CROSS JOIN LATERAL (SELECT cum.* FROM cum WHERE cum.s0 <= st.d ORDER BY cum.n DESC LIMIT 1) c),
    -- The azimuth where the stall stands (a geodesic turns a little along its way), from it to the
    -- segment's end, or from its start when the stall stands on that end.
    az AS (SELECT i, q, COALESCE(ST_Azimuth(q, b), ST_Azimuth(q, a) + pi()) AS az FROM onl),
    moved AS (
      SELECT i, az, ST_Project(q, abs(${p.offsetM}::float8), az + sign(${p.offsetM}::float8) * pi() / 2)::geometry AS c FROM az)
    SELECT (SELECT COALESCE(sum(len), 0) FROM seg) AS "lineLengthM", ST_X(m.c) AS lon, ST_Y(m.c) AS lat,
           degrees(m.az) - 360 * floor(degrees(m.az) / 360) AS "bearingDeg"
    FROM moved m ORDER BY m.i`;
}

/** The zone's extent in metres around its centroid, along the bearing (u) and across it (v). */
export interface GridFrame { lon: number; lat: number; u0: number; u1: number; v0: number; v1: number }

export async function gridFrame(db: Db, cityId: string, zoneId: string, bearingDeg: number): Promise<GridFrame> {
  const [row] = await db.$queryRaw<GridFrame[]>`
    WITH z AS (SELECT z.geom, ST_Centroid(z.geom) AS o FROM zone z WHERE z.city_id = ${cityId}::uuid AND z.id = ${zoneId}::uuid),
    v AS (SELECT ST_Distance(z.o::geography, d.geom::geography) AS r,
                 ST_Azimuth(z.o::geography, d.geom::geography) - radians(${bearingDeg}::float8) AS t
          FROM z, ST_DumpPoints(z.geom) d)
    SELECT ST_X(z.o) AS lon, ST_Y(z.o) AS lat, min(v.r * cos(v.t)) AS u0, max(v.r * cos(v.t)) AS u1,
           min(v.r * sin(v.t)) AS v0, max(v.r * sin(v.t)) AS v1
    FROM z, v GROUP BY z.o`;
  return row;
}

export interface GridCells { frame: GridFrame; rows: number; columns: number; widthM: number; depthM: number; gapM: number; bearingDeg: number; maxCount: number }

/**
 * Grid centres, row by row, whose stall rectangle the zone covers and that keep clear of the zone's
 * spots (overlap and spacing, as the trigger measures them) and of no-vending areas: a grid fills the
 * free ground of a zone. At most maxCount.
 */
export function gridCentres(db: Db, cityId: string, zoneId: string, g: GridCells): Promise<{ lon: number; lat: number }[]> {
  const f = g.frame;
  return db.$queryRaw<{ lon: number; lat: number }[]>`
    WITH z AS (SELECT z.city_id, z.id, z.geom, z.min_spot_spacing_m AS spacing FROM zone z
               WHERE z.city_id = ${cityId}::uuid AND z.id = ${zoneId}::uuid),
    cell AS (
      SELECT i, j, ${f.u0}::float8 + ${g.widthM}::float8 / 2 + j * (${g.widthM}::float8 + ${g.gapM}::float8) AS u,
                   ${f.v0}::float8 + ${g.depthM}::float8 / 2 + i * (${g.depthM}::float8 + ${g.gapM}::float8) AS v
      FROM generate_series(0, ${g.rows}::int - 1) i, generate_series(0, ${g.columns}::int - 1) j),
    pt AS (
      SELECT i, j, ST_Project(ST_Project(ST_SetSRID(ST_MakePoint(${f.lon}::float8, ${f.lat}::float8), 4326)::geography,
               abs(u), radians(${g.bearingDeg}::float8) + CASE WHEN u < 0 THEN pi() ELSE 0 END),
             abs(v), radians(${g.bearingDeg}::float8) + pi() / 2 + CASE WHEN v < 0 THEN pi() ELSE 0 END)::geometry AS c
      FROM cell),
    rect AS (SELECT i, j, c, spot_rectangle(c, ${g.widthM}::float8, ${g.depthM}::float8, ${g.bearingDeg}::float8) AS f FROM pt)
    SELECT ST_X(r.c) AS lon, ST_Y(r.c) AS lat FROM rect r, z
    WHERE ST_CoveredBy(r.f, z.geom)
      AND NOT EXISTS (SELECT 1 FROM spot s WHERE s.city_id = z.city_id AND s.zone_id = z.id AND s.status <> 'RETIRED'
            AND s.footprint && ST_Expand(r.f, z.spacing / 50000.0 + 0.000001)
            AND (ST_Relate(s.footprint, r.f, '2********')
                 OR (z.spacing > 0 AND ST_DWithin(s.footprint::geography, r.f::geography, z.spacing - 0.001))))
      AND NOT EXISTS (SELECT 1 FROM zone n WHERE n.city_id = z.city_id AND n.kind = 'NO_VENDING' AND n.status = 'ACTIVE'
            AND ST_Intersects(n.geom, r.f) AND ST_Relate(n.geom, r.f, 'T********'))
    ORDER BY r.i, r.j LIMIT ${g.maxCount}::int`;
}
