// Vector tiles encoded in JavaScript, for what ST_AsMVT cannot do: the embedded PostGIS has none, and a
// tile in GCJ-02 or BD-09 needs the coordinates converted before they are cut into the tile. The
// libraries are ES modules only and this is a CommonJS build, so they come from the bundle
// scripts/build-web.mjs makes (.vendor/tiles.cjs); only their types are imported here.
import path from 'node:path';
import type { VectorTile } from '@mapbox/vector-tile';
import type { geoJSONToTile, GeoJSONToTileOptions, GeoJSONVTFeature, GeoJSONVTTile } from '@maplibre/geojson-vt';
import type { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FeatureCollection, Geometry } from 'geojson';
import type { PbfReader } from 'pbf';
import { REPO_ROOT } from '../../paths';
import type { LayerName } from './publication.models';

export interface TileLibraries {
  geoJSONToTile: typeof geoJSONToTile;
  fromGeojsonVt: typeof fromGeojsonVt;
  VectorTile: typeof VectorTile;
  PbfReader: typeof PbfReader;
}

let libraries: TileLibraries | null = null;

/** The bundled libraries, loaded on first use (a missing bundle names the command that builds it). */
export function tileLibraries(): TileLibraries {
  if (!libraries) {
    const file = path.join(REPO_ROOT, '.vendor/tiles.cjs');
    try {
      const loaded: unknown = require(file);
      libraries = loaded as TileLibraries;
    } catch (e) {
      throw new Error(`${file} is missing: run \`npm run build:web\` (${(e as Error).message})`);
    }
  }
  return libraries;
}

export const EXTENT = 4096;
export const BUFFER = 64;

/**
 * The options under which geojson-vt cuts what ST_AsMVTGeom(geom, envelope, 4096, 64, true) cuts: the
 * same extent and buffer, clipped at the buffer, and no simplification at the tile's own zoom (tolerance
 * 0 with maxZoom = z), so vertices agree to within rounding.
 */
export function encoderOptions(z: number): GeoJSONToTileOptions {
  return { extent: EXTENT, buffer: BUFFER, tolerance: 0, maxZoom: z, indexMaxZoom: z, clip: true, wrap: false };
}

/** Twice the signed area of a ring in tile units (0: it collapsed onto a line or a point). */
function ringArea(ring: [number, number][]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[i][1] + ring[j][1]);
  return sum;
}

/** A polygon whose rings all collapsed on the tile grid is left out, as ST_AsMVTGeom leaves it out; so are collapsed rings. */
function keepDrawable(tile: GeoJSONVTTile): GeoJSONVTFeature[] {
  const out: GeoJSONVTFeature[] = [];
  for (const f of tile.features) {
    if (f.type !== 3) {
      out.push(f);
      continue;
    }
    const rings = f.geometry.filter((r) => r.length >= 4 && ringArea(r) !== 0);
    if (rings.length) out.push({ ...f, geometry: rings });
  }
  return out;
}

/** Every [lon, lat] of a geometry, however nested. */
function* positions(coords: unknown): Generator<number[]> {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') yield coords as number[];
  else for (const c of coords) yield* positions(c);
}

/**
 * Whether a line or polygon spans less than half a tile unit both ways at zoom z: ST_AsMVTGeom drops
 * such a geometry, where geojson-vt would keep the one that happens to straddle a grid line.
 */
function belowHalfUnit(geometry: Geometry | null, z: number): boolean {
  if (!geometry || geometry.type === 'Point' || geometry.type === 'MultiPoint' || geometry.type === 'GeometryCollection') return false;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of positions(geometry.coordinates)) {
    const x = lon / 360 + 0.5;
    const s = Math.sin((lat * Math.PI) / 180);
    const y = 0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const units = 2 ** z * EXTENT;
  return (maxX - minX) * units < 0.5 && (maxY - minY) * units < 0.5;
}

/** The tile z/x/y of the layers (longitude and latitude in any one crs); empty layers are left out. */
export function encodeTile(layers: Record<LayerName, FeatureCollection>, z: number, x: number, y: number): Uint8Array {
  const lib = tileLibraries();
  const options = encoderOptions(z);
  const cut: Record<string, GeoJSONVTTile> = {};
  for (const [name, collection] of Object.entries(layers)) {
    const visible = collection.features.filter((f) => !belowHalfUnit(f.geometry, z));
    if (!visible.length) continue;
    const features = keepDrawable(lib.geoJSONToTile({ type: 'FeatureCollection', features: visible }, z, x, y, options));
    if (features.length) cut[name] = { features };
  }
  if (!Object.keys(cut).length) return new Uint8Array(0);
  return lib.fromGeojsonVt(cut, { version: 2, extent: EXTENT });
}

export interface DecodedFeature {
  type: number;
  properties: Record<string, string | number | boolean>;
  /** rings or lines of [x, y] in tile units */
  geometry: [number, number][][];
}

/** A tile decoded layer by layer (tests, and anyone checking what a tile holds). */
export function decodeTile(bytes: Uint8Array): Record<string, DecodedFeature[]> {
  const lib = tileLibraries();
  const tile = new lib.VectorTile(new lib.PbfReader(bytes));
  const out: Record<string, DecodedFeature[]> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      out[name].push({ type: f.type, properties: f.properties, geometry: f.loadGeometry().map((r) => r.map((p): [number, number] => [p.x, p.y])) });
    }
  }
  return out;
}
