// A published version as GeoJSON, built whole in SQL and returned as text, so a layer of thousands of
// features is one statement and no JavaScript object per feature:
//  - a layer for download (ST_AsGeoJSON(geom, 7): ~1 cm, RFC 7946's advice) with every public attribute;
//  - the rows of one tile for the JavaScript tile encoder: the selection and attributes of tiles.sql.ts,
//    clipped to the widened envelope, 9 decimals (~0.1 mm, below a tile unit even at zoom 22).
// Public attributes only: these are the published tables, which hold no account, vendor or phone number.
import type { SqlReader } from '../../db/database';
import type { LayerName } from './publication.models';
import { ENVELOPE, NAMES, TILE_LAYERS, WHERE, type TileRequest } from './tiles.sql';

const FEATURES: Record<LayerName, string> = {
  zones: `SELECT t.zone_id AS id, ST_AsGeoJSON(t.geom, 7)::json AS geometry, json_build_object(
      'id', t.zone_id, 'name', t.name, 'kind', t.kind, 'district', t.district_name, 'area_m2', round(t.area_m2::numeric, 1),
      'schedule', t.schedule, 'schedule_from', t.schedule_from, 'business_types', t.business_types,
      'types', CASE WHEN t.business_types IS NULL THEN '*' ELSE array_to_string(t.type_codes, ',') END,
      'capacity', t.capacity, 'spots', t.spot_count) AS properties
    FROM published_zone t WHERE t.city_id = $1::uuid AND t.version = $2::int`,
  spots: `SELECT t.spot_id AS id, ST_AsGeoJSON(t.geom, 7)::json AS geometry, json_build_object(
      'id', t.spot_id, 'zone_id', t.zone_id, 'number', t.number, 'business_type', t.business_type,
      'width_m', t.width_m, 'depth_m', t.depth_m) AS properties
    FROM published_spot t WHERE t.city_id = $1::uuid AND t.version = $2::int`,
  features: `SELECT t.feature_id AS id, ST_AsGeoJSON(t.geom, 7)::json AS geometry, json_build_object(
      'id', t.feature_id, 'name', t.name, 'feature_kind', t.feature_kind, 'buffer_m', t.buffer_m, 'hours', t.hours) AS properties
    FROM published_feature t WHERE t.city_id = $1::uuid AND t.version = $2::int`,
  signs: `SELECT t.permit_id AS id, ST_AsGeoJSON(t.geom, 7)::json AS geometry, json_build_object(
      'id', t.permit_id, 'permit_number', t.permit_number, 'shop_name', t.shop_name, 'street_name', t.street_name,
      'signs', t.signs, 'sign_types', t.sign_types, 'valid_from', to_char(t.valid_from, 'YYYY-MM-DD'),
      'valid_until', to_char(t.valid_until, 'YYYY-MM-DD')) AS properties
    FROM published_sign t WHERE t.city_id = $1::uuid AND t.version = $2::int`,
};

/** The layer of a version as the text of a FeatureCollection (with the version and city as foreign members). */
export async function layerGeojson(sql: SqlReader, cityId: string, cityCode: string, version: number, layer: LayerName): Promise<string> {
  const rows = await sql.query<{ body: string }>(`WITH f AS (${FEATURES[layer]})
    SELECT json_build_object('type', 'FeatureCollection', 'name', $3::text, 'city', $4::text, 'version', $2::int,
      'features', coalesce(json_agg(json_build_object('type', 'Feature', 'id', f.id, 'geometry', f.geometry,
        'properties', f.properties) ORDER BY f.id), '[]'::json))::text AS body
    FROM f`, [cityId, version, layer, cityCode]);
  return rows[0].body;
}

/** GeoJSON FeatureCollections (as text) of the rows the tile shows, clipped to the tile plus `marginM`. */
export async function tileGeojson(sql: SqlReader, t: TileRequest, marginM: number): Promise<Record<LayerName, string>> {
  const ctes = NAMES.map((name) => `${name} AS (
    SELECT ${TILE_LAYERS[name].attrs}, ST_AsGeoJSON(c.g, 9)::json AS geometry
    FROM ${TILE_LAYERS[name].table} t, box, LATERAL (SELECT ST_ClipByBox2D(t.geom, box.search::box2d) AS g) c
    WHERE ${WHERE} AND NOT ST_IsEmpty(c.g))`);
  const collections = NAMES.map((name) => `(SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
      json_build_object('type', 'Feature', 'geometry', q.geometry, 'properties', to_jsonb(q) - 'geometry') ORDER BY q.id), '[]'::json))::text
    FROM ${name} q) AS ${name}`);
  const rows = await sql.query<Record<LayerName, string>>(`WITH ${ENVELOPE}, ${ctes.join(',\n')}
    SELECT ${collections.join(', ')}`, [t.cityId, t.version, t.z, t.x, t.y, marginM]);
  return rows[0];
}
