// The vector tiles of a published version, in one statement each. Both encoders read the same
// selection: the rows of a layer whose bounding box meets the tile envelope widened by a margin, with
// the same public attributes (defined here once). On a PostGIS server ST_AsMVT encodes the tile; the
// embedded PostGIS has no ST_AsMVT, so there the rows come back as GeoJSON (tileGeojson in
// geojson.sql.ts) for tile-encoder.ts.
import type { SqlReader } from '../../db/database';
import type { LayerName } from './publication.models';

/** Each layer's table and public tile attributes (TileJSON's vector_layers lists the same fields). */
export const TILE_LAYERS: Record<LayerName, { table: string; attrs: string }> = {
  zones: {
    table: 'published_zone',
    attrs: `t.zone_id::text AS id, t.name, t.kind::text AS kind, t.district_name AS district, t.capacity,
      t.spot_count AS spots, CASE WHEN t.business_types IS NULL THEN '*' ELSE array_to_string(t.type_codes, ',') END AS types`,
  },
  spots: {
    table: 'published_spot',
    attrs: 't.spot_id::text AS id, t.zone_id::text AS zone_id, t.number, t.business_type',
  },
  features: {
    table: 'published_feature',
    attrs: 't.feature_id::text AS id, t.name, t.feature_kind, t.buffer_m',
  },
  signs: {
    table: 'published_sign',
    attrs: `t.permit_id::text AS id, t.permit_number, t.shop_name, t.street_name, t.sign_types, to_char(t.valid_until, 'YYYY-MM-DD') AS valid_until`,
  },
};

export const TILE_FIELDS: Record<LayerName, Record<string, string>> = {
  zones: { id: 'String', name: 'String', kind: 'String', district: 'String', capacity: 'Number', spots: 'Number', types: 'String' },
  spots: { id: 'String', zone_id: 'String', number: 'Number', business_type: 'String' },
  features: { id: 'String', name: 'String', feature_kind: 'String', buffer_m: 'Number' },
  signs: { id: 'String', permit_number: 'String', shop_name: 'String', street_name: 'String', sign_types: 'String', valid_until: 'String' },
};

export const NAMES: LayerName[] = ['zones', 'spots', 'features', 'signs'];

// $1 city, $2 version, $3 z, $4 x, $5 y, $6 margin around the tile in EPSG:3857 metres
export const ENVELOPE = `env AS (SELECT ST_TileEnvelope($3::int, $4::int, $5::int) AS tile),
  box AS (SELECT tile, ST_Transform(ST_Expand(tile, $6::float8), 4326) AS search FROM env)`;
export const WHERE = 't.city_id = $1::uuid AND t.version = $2::int AND t.geom && box.search';

export interface TileRequest {
  cityId: string;
  version: number;
  z: number;
  x: number;
  y: number;
}

/** Web-mercator width of a tile at zoom z, in metres of EPSG:3857. */
export function tileSpan(z: number): number {
  return (2 * 20037508.342789244) / 2 ** z;
}

/** The whole tile from ST_AsMVT ($7 extent, $8 buffer): one layer per name, left out when empty. */
export async function mvtTile(sql: SqlReader, t: TileRequest, extent: number, buffer: number): Promise<Uint8Array> {
  const ctes = NAMES.map((name) => `${name} AS (
    SELECT ST_AsMVTGeom(ST_Transform(t.geom, 3857), box.tile, $7::int, $8::int, true) AS geom, ${TILE_LAYERS[name].attrs}
    FROM ${TILE_LAYERS[name].table} t, box WHERE ${WHERE} ORDER BY id)`);
  const parts = NAMES.map((name) => `coalesce((SELECT ST_AsMVT(q, '${name}', $7::int, 'geom') FROM ${name} q WHERE q.geom IS NOT NULL), ''::bytea)`);
  const rows = await sql.query<{ tile: Uint8Array | null }>(`WITH ${ENVELOPE}, ${ctes.join(',\n')}
    SELECT ${parts.join(' || ')} AS tile`, [t.cityId, t.version, t.z, t.x, t.y, tileSpan(t.z) * buffer / extent, extent, buffer]);
  return rows[0]?.tile ?? new Uint8Array(0);
}
