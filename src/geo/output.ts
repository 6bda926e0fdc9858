// Output in a Chinese map's coordinate system. Storage and the default output are WGS84; an AMap or
// Tencent basemap (GCJ-02) or a Baidu one (BD-09) is offset from WGS84 by several hundred metres, so
// a layer drawn on one must be converted first. gcoord converts whole GeoJSON objects.
import gcoord from 'gcoord';
import type { Crs } from './input';

/** `geojson` (WGS84) in `crs`; the value itself is never changed (gcoord rewrites what it is given). */
export function toCrs<T>(geojson: T, crs: Crs): T {
  if (crs === 'WGS84' || geojson == null) return geojson;
  const copy = structuredClone(geojson);
  return gcoord.transform(copy as never, gcoord.WGS84, crs === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09) as unknown as T;
}

/** The crs of a `?crs=` query parameter (case-insensitive), or null when it names none. */
export function parseCrsParam(value: unknown): Crs | null {
  if (value === undefined) return 'WGS84';
  const v = String(value).toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (v === 'WGS84' || v === 'EPSG4326' || v === 'CGCS2000') return 'WGS84';
  if (v === 'GCJ02') return 'GCJ02';
  if (v === 'BD09') return 'BD09';
  return null;
}
