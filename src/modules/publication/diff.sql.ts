// The difference between two published versions of a city, per layer: what was added, removed, and
// which public attributes of the rest changed. previewPublication writes the would-be version inside a
// transaction it then rolls back, and compares it with the current one here, so the preview is made by
// exactly the code that publishes.
import type { Db } from '../../db/database';
import type { LayerName } from './publication.models';

export interface DiffRow { id: string; name: string; change: 'added' | 'removed' | 'changed'; fields: string[] }

interface LayerSql { table: string; key: string; name: string; fields: [string, string][] }

/** Per layer: the table, its id column, how an item is named, and each public attribute's comparison. */
const LAYER_SQL: Record<LayerName, LayerSql> = {
  zones: {
    table: 'published_zone', key: 'zone_id', name: 'x.name',
    fields: [
      ['name', 'n.name IS DISTINCT FROM o.name'], ['kind', 'n.kind IS DISTINCT FROM o.kind'],
      ['district', 'n.district_name IS DISTINCT FROM o.district_name'],
      ['geometry', 'ST_AsEWKB(n.geom) IS DISTINCT FROM ST_AsEWKB(o.geom)'],
      ['schedule', 'n.schedule IS DISTINCT FROM o.schedule OR n.schedule_from IS DISTINCT FROM o.schedule_from OR n.open_signature IS DISTINCT FROM o.open_signature'],
      ['businessTypes', 'n.business_types IS DISTINCT FROM o.business_types'],
      ['capacity', 'n.capacity IS DISTINCT FROM o.capacity'], ['spots', 'n.spot_count IS DISTINCT FROM o.spot_count'],
    ],
  },
  spots: {
    table: 'published_spot', key: 'spot_id',
    name: `(SELECT z.name FROM published_zone z WHERE z.city_id = x.city_id AND z.version = x.version AND z.zone_id = x.zone_id) || ' #' || x.number`,
    fields: [
      ['zone', 'n.zone_id IS DISTINCT FROM o.zone_id'], ['number', 'n.number IS DISTINCT FROM o.number'],
      ['businessType', 'n.business_type IS DISTINCT FROM o.business_type'],
      ['size', 'n.width_m IS DISTINCT FROM o.width_m OR n.depth_m IS DISTINCT FROM o.depth_m'],
      ['geometry', 'ST_AsEWKB(n.geom) IS DISTINCT FROM ST_AsEWKB(o.geom)'],
    ],
  },
  features: {
    table: 'published_feature', key: 'feature_id', name: 'x.name',
    fields: [
      ['name', 'n.name IS DISTINCT FROM o.name'], ['featureKind', 'n.feature_kind IS DISTINCT FROM o.feature_kind'],
      ['bufferM', 'n.buffer_m IS DISTINCT FROM o.buffer_m'], ['geometry', 'ST_AsEWKB(n.geom) IS DISTINCT FROM ST_AsEWKB(o.geom)'],
      ['hours', 'n.hours IS DISTINCT FROM o.hours'],
    ],
  },
  signs: {
    table: 'published_sign', key: 'permit_id', name: `x.shop_name || ' ' || x.permit_number`,
    fields: [
      ['shopName', 'n.shop_name IS DISTINCT FROM o.shop_name'], ['street', 'n.street_name IS DISTINCT FROM o.street_name'],
      ['signs', 'n.signs IS DISTINCT FROM o.signs'],
      ['validity', 'n.valid_from IS DISTINCT FROM o.valid_from OR n.valid_until IS DISTINCT FROM o.valid_until'],
      ['geometry', 'ST_AsEWKB(n.geom) IS DISTINCT FROM ST_AsEWKB(o.geom)'],
    ],
  },
};

/** Items of `layer` that differ between version `from` (null: nothing published) and version `to`. */
export function layerDiff(tx: Db, cityId: string, layer: LayerName, from: number | null, to: number): Promise<DiffRow[]> {
  const l = LAYER_SQL[layer];
  const fields = l.fields.map(([f, cond]) => `CASE WHEN ${cond} THEN '${f}' END`).join(', ');
  return tx.$queryRawUnsafe<DiffRow[]>(`
    SELECT coalesce(n.${l.key}, o.${l.key})::text AS id,
      coalesce((SELECT ${l.name} FROM ${l.table} x WHERE x.city_id = n.city_id AND x.version = n.version AND x.${l.key} = n.${l.key}),
               (SELECT ${l.name} FROM ${l.table} x WHERE x.city_id = o.city_id AND x.version = o.version AND x.${l.key} = o.${l.key})) AS name,
      CASE WHEN o.${l.key} IS NULL THEN 'added' WHEN n.${l.key} IS NULL THEN 'removed' ELSE 'changed' END AS change,
      CASE WHEN o.${l.key} IS NULL OR n.${l.key} IS NULL THEN ARRAY[]::text[] ELSE array_remove(ARRAY[${fields}], NULL) END AS fields
    FROM (SELECT * FROM ${l.table} WHERE city_id = $1::uuid AND version = $3) n
    FULL JOIN (SELECT * FROM ${l.table} WHERE city_id = $1::uuid AND version = $2) o ON o.${l.key} = n.${l.key}
    WHERE o.${l.key} IS NULL OR n.${l.key} IS NULL OR o.digest <> n.digest
    ORDER BY 3, 2`, cityId, from ?? -1, to);
}
