// Geometry of stall spots as clients send it: a spot is drawn as a Point (its centre; the database
// turns it into a width × depth rectangle) or as a small Polygon (the footprint itself), and bulk
// creation takes a kerb LineString. The structural checks and the GCJ-02 / BD-09 conversion are
// src/geo/input.ts's; this file only chooses which of its parsers applies and refuses the rest.
import { badInput } from '../../graphql/errors';
import {
  parseAreaGeometry, parseFeatureGeometry, parsePoint, type Crs, type LineGeometry, type PointGeometry, type PolygonGeometry,
} from '../../geo/input';

export type SpotGeometry = PointGeometry | PolygonGeometry;

/** More corners than a stall ever needs: a spot is a few square metres, not a zone. */
export const MAX_SPOT_VERTICES = 200;

function typeOf(value: unknown): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { type?: unknown; geometry?: unknown };
  // A GeoJSON Feature is accepted for its geometry, as the geo parsers do.
  if (v.type === 'Feature' && v.geometry && typeof v.geometry === 'object') return (v.geometry as { type?: unknown }).type;
  return v.type;
}

/** A spot's geometry: a Point or a Polygon (not a MultiPolygon: one stall is one piece of ground). */
export function parseSpotGeometry(value: unknown, crs: Crs = 'WGS84', field = 'geometry'): SpotGeometry {
  const type = typeOf(value);
  if (type === 'Point') return parsePoint(value, crs, field);
  if (type !== 'Polygon') {
    throw badInput(`${field} 须为 GeoJSON Point 或 Polygon / ${field} must be a GeoJSON Point or Polygon`, { field, reason: 'INVALID_GEOMETRY' });
  }
  const polygon = parseAreaGeometry(value, crs, field) as PolygonGeometry;
  const vertices = polygon.coordinates.reduce((n, ring) => n + ring.length, 0);
  if (vertices > MAX_SPOT_VERTICES) {
    throw badInput(`摊位轮廓顶点过多（上限 ${MAX_SPOT_VERTICES}）/ a spot outline has at most ${MAX_SPOT_VERTICES} vertices`, { field, reason: 'INVALID_GEOMETRY' });
  }
  return polygon;
}

/** A kerb line for spots along it: a LineString of at least two distinct positions. */
export function parseKerbLine(value: unknown, crs: Crs = 'WGS84', field = 'line'): LineGeometry {
  if (typeOf(value) !== 'LineString') {
    throw badInput(`${field} 须为 GeoJSON LineString / ${field} must be a GeoJSON LineString`, { field, reason: 'INVALID_GEOMETRY' });
  }
  const line = parseFeatureGeometry(value, crs, field) as LineGeometry;
  const [x0, y0] = line.coordinates[0];
  if (line.coordinates.every(([x, y]) => x === x0 && y === y0)) {
    throw badInput(`${field} 长度为零 / ${field} has no length`, { field, reason: 'INVALID_GEOMETRY' });
  }
  return line;
}
