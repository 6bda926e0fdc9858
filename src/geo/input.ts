// Geometry arriving from clients: checked for GeoJSON structure (every problem reported, with where it
// is), then converted from the client's coordinate system to WGS84. Chinese map SDKs hand out GCJ-02
// (AMap, Tencent, WeChat) or BD-09 (Baidu) coordinates; storing them unconverted would misplace a
// zone by several hundred metres. gcoord does the conversion. Validity in the OGC sense
// (self-intersection, ring orientation) is PostGIS's job afterwards, so its reason reaches the user.
import gcoord from 'gcoord';
import { z } from 'zod';
import { badInput } from '../graphql/errors';

export type Crs = 'WGS84' | 'GCJ02' | 'BD09';
export type Position = [number, number];
export interface PolygonGeometry { type: 'Polygon'; coordinates: Position[][] }
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: Position[][][] }
export interface PointGeometry { type: 'Point'; coordinates: Position }
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** More vertices than any street zone needs; bounds the work one request can cause. */
export const MAX_VERTICES = 20_000;

const position = z
  .array(z.number().finite(), { message: '坐标须为数字数组 / a position is an array of numbers' })
  .min(2, '坐标至少包含经度和纬度 / a position needs longitude and latitude')
  .max(3)
  .refine((p) => p[0] >= -180 && p[0] <= 180, '经度超出范围 [-180, 180] / longitude out of range [-180, 180]')
  .refine((p) => p[1] >= -90 && p[1] <= 90, '纬度超出范围 [-90, 90] / latitude out of range [-90, 90]')
  .transform((p): Position => [p[0], p[1]]);

const ring = z
  .array(position)
  .min(4, '环至少需要 4 个坐标点 / a ring needs at least 4 positions')
  .refine((r) => r.length < 4 || (r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]),
    '环未闭合：首尾坐标须相同 / the ring is not closed: its first and last positions must be equal');

const polygonCoords = z.array(ring).min(1, '多边形至少需要一个环 / a polygon needs at least one ring');
const polygon = z.object({ type: z.literal('Polygon'), coordinates: polygonCoords });
const multiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(polygonCoords).min(1, '多多边形至少需要一个多边形 / a MultiPolygon needs at least one polygon'),
});
const area = z.discriminatedUnion('type', [polygon, multiPolygon], {
  message: '几何类型须为 Polygon 或 MultiPolygon / geometry type must be Polygon or MultiPolygon',
});
const point = z.object({ type: z.literal('Point', { message: '几何类型须为 Point / geometry type must be Point' }), coordinates: position });

/** A GeoJSON Feature is accepted for its geometry, as tools like geojson.io export features. */
function unwrapFeature(value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Feature') {
    return (value as { geometry?: unknown }).geometry;
  }
  return value;
}

function explain(field: string, error: z.ZodError): never {
  const problems = error.issues.map((i) => `${field}${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`);
  throw badInput(`无效的 GeoJSON / invalid GeoJSON — ${problems.slice(0, 5).join('; ')}`, { field, problems: problems.slice(0, 20) });
}

function toWgs84<T extends object>(geometry: T, crs: Crs): T {
  if (crs === 'WGS84') return geometry;
  // gcoord rewrites the object it is given; work on a copy so the caller's input stays as sent.
  const copy = structuredClone(geometry);
  return gcoord.transform(copy as never, crs === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as unknown as T;
}

/**
 * No edge of a city's geometry spans half the globe. PostGIS's geography functions refuse an edge of
 * 180° of longitude ("Antipodal edge detected") and one near it is ambiguous (which way round?), so
 * such input is refused here, by name, before it reaches SQL.
 */
function assertNoHalfGlobeEdge(lines: Position[][], field: string): void {
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      if (Math.abs(line[i][0] - line[i - 1][0]) >= 90) {
        throw badInput(`${field} 的边跨越经度过大（≥ 90°）/ ${field}: an edge spans 90° of longitude or more`, { field, reason: 'INVALID_GEOMETRY' });
      }
    }
  }
}

export function parseAreaGeometry(value: unknown, crs: Crs = 'WGS84', field = 'geometry'): AreaGeometry {
  const parsed = area.safeParse(unwrapFeature(value));
  if (!parsed.success) explain(field, parsed.error);
  const g = parsed.data as AreaGeometry;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  const vertices = rings.reduce((n, r) => n + r.length, 0);
  if (vertices > MAX_VERTICES) throw badInput(`几何顶点过多（上限 ${MAX_VERTICES}）/ too many vertices (at most ${MAX_VERTICES})`, { field });
  assertNoHalfGlobeEdge(rings, field);
  return toWgs84(g, crs);
}

export function parsePoint(value: unknown, crs: Crs = 'WGS84', field = 'point'): PointGeometry {
  const parsed = point.safeParse(unwrapFeature(value));
  if (!parsed.success) explain(field, parsed.error);
  return toWgs84(parsed.data as PointGeometry, crs);
}

/** A [minLon, minLat, maxLon, maxLat] box, converted corner by corner. */
export function parseBbox(b: readonly number[], crs: Crs = 'WGS84'): [number, number, number, number] {
  if (b.length !== 4 || b.some((n) => !Number.isFinite(n)) || b[0] >= b[2] || b[1] >= b[3]) {
    throw badInput('bbox 须为 [最小经度, 最小纬度, 最大经度, 最大纬度] / bbox must be [minLon, minLat, maxLon, maxLat] with min < max');
  }
  const sw = parsePoint({ type: 'Point', coordinates: [b[0], b[1]] }, crs, 'bbox');
  const ne = parsePoint({ type: 'Point', coordinates: [b[2], b[3]] }, crs, 'bbox');
  return [sw.coordinates[0], sw.coordinates[1], ne.coordinates[0], ne.coordinates[1]];
}

export interface LineGeometry { type: 'LineString'; coordinates: Position[] }
const line = z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2, '线至少需要 2 个坐标点 / a line needs at least 2 positions').max(MAX_VERTICES) });
const feature = z.discriminatedUnion('type', [point, line], {
  message: '几何类型须为 Point 或 LineString / geometry type must be Point or LineString',
});

/** A point or line feature (a school gate, a crossing, a kerb line) for distance rules. */
export function parseFeatureGeometry(value: unknown, crs: Crs = 'WGS84', field = 'geometry'): PointGeometry | LineGeometry {
  const parsed = feature.safeParse(unwrapFeature(value));
  if (!parsed.success) explain(field, parsed.error);
  const g = parsed.data as PointGeometry | LineGeometry;
  if (g.type === 'LineString') assertNoHalfGlobeEdge([g.coordinates], field);
  return toWgs84(g, crs);
}
