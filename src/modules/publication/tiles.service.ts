// The published map's HTTP resources (tiles, GeoJSON, TileJSON, style) with an in-memory cache. A
// version never changes, so a resource made once is kept (LRU, bounded by bytes) and never invalidated;
// concurrent misses of one resource share one database read. Tiles come from ST_AsMVT on a PostGIS
// server and from tile-encoder.ts on the embedded database or in another crs.
import crypto from 'node:crypto';
import type { FeatureCollection } from 'geojson';
import { LRUCache } from 'lru-cache';
import type { Database } from '../../db/database';
import type { Crs } from '../../geo/input';
import { toCrs } from '../../geo/output';
import { layerGeojson, tileGeojson } from './geojson.sql';
import type { LayerName, PublicationRow } from './publication.models';
import { cityByCode, publicationByVersion } from './publication.sql';
import { BUFFER, EXTENT, encodeTile } from './tile-encoder';
import { mvtTile, tileSpan, type TileRequest } from './tiles.sql';

/** An answer the client caused: 4xx with `{ error, message, requestId }`. */
export class MapRequestError extends Error {
  constructor(readonly status: 400 | 404, readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND', message: string) {
    super(message);
  }
}

export type MapCity = NonNullable<Awaited<ReturnType<typeof cityByCode>>>;

export interface Resource {
  body: Buffer;
  /** strong, quoted: a digest of the body */
  etag: string;
  type: string;
}

/**
 * The extra margin (EPSG:3857 metres) of a tile drawn in GCJ-02 or BD-09: rows are chosen and clipped
 * in WGS84, and the offset to those systems reaches about 1.2 km in China (3 km of Mercator is ≥ 1.8 km
 * on the ground up to 53°N).
 */
const SHIFTED_MARGIN = 3000;

export type TileEncoder = 'postgis' | 'javascript';

/** How a tile is encoded here: ST_AsMVT needs a PostGIS server and WGS84 output. */
export function encoderFor(db: Database, crs: Crs): TileEncoder {
  return db.backend === 'server' && crs === 'WGS84' ? 'postgis' : 'javascript';
}

/** A tile's bytes (empty: nothing in it) with the given encoder; tests call both on one database. */
export async function renderTile(db: Database, t: TileRequest, crs: Crs, encoder: TileEncoder = encoderFor(db, crs)): Promise<Buffer> {
  if (encoder === 'postgis') {
    if (crs !== 'WGS84') throw new Error('ST_AsMVT encodes WGS84 tiles only');
    const bytes = await mvtTile(db.sql, t, EXTENT, BUFFER);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  // Twice the encoder's buffer: geojson-vt then cuts at the buffer itself, as ST_AsMVTGeom does.
  const margin = tileSpan(t.z) * (2 * BUFFER) / EXTENT + (crs === 'WGS84' ? 0 : SHIFTED_MARGIN);
  const texts = await tileGeojson(db.sql, t, margin);
  const layers = {} as Record<LayerName, FeatureCollection>;
  for (const name of Object.keys(texts) as LayerName[]) layers[name] = toCrs(JSON.parse(texts[name]) as FeatureCollection, crs);
  return Buffer.from(encodeTile(layers, t.z, t.x, t.y));
}

export function etagOf(body: Buffer): string {
  // Hex (128 bits of SHA-256): no '-' in it, so the encoding suffix of map-http.ts reads unambiguously.
  return `"${crypto.createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

export class PublishedMaps {
  /** Positive answers only: a city or version not there yet may appear later. */
  private readonly cities = new LRUCache<string, MapCity>({ max: 1000, ttl: 10 * 60_000 });
  private readonly versions = new LRUCache<string, PublicationRow>({ max: 10_000 });
  private readonly resources: LRUCache<string, Resource>;
  private readonly making = new Map<string, Promise<Resource>>();

  constructor(readonly db: Database, opts: { maxBytes?: number } = {}) {
    this.resources = new LRUCache<string, Resource>({
      maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (r, key) => r.body.length + key.length + 200,
    });
  }

  async city(code: string): Promise<MapCity> {
    const known = this.cities.get(code);
    if (known) return known;
    const city = /^[A-Za-z0-9_-]{1,40}$/.test(code) ? await cityByCode(this.db.sql, code) : null;
    if (!city) throw new MapRequestError(404, 'NOT_FOUND', `未知的城市代码 / unknown city code: ${code.slice(0, 40)}`);
    this.cities.set(code, city);
    return city;
  }

  async publication(city: MapCity, version: number): Promise<PublicationRow> {
    const key = `${city.id}|${version}`;
    const known = this.versions.get(key);
    if (known) return known;
    const row = await publicationByVersion(this.db.sql, city.id, version);
    if (!row) throw new MapRequestError(404, 'NOT_FOUND', `${city.name}没有地图版本 ${version} / ${city.nameEn} has no published version ${version}`);
    this.versions.set(key, row);
    return row;
  }

  /** The current version: never cached, since publishing makes a new one. */
  async currentVersion(city: MapCity): Promise<number> {
    const row = await publicationByVersion(this.db.sql, city.id, null);
    if (!row) throw new MapRequestError(404, 'NOT_FOUND', `${city.name}尚未发布便民服务地图 / ${city.nameEn} has not published its map yet`);
    this.versions.set(`${city.id}|${row.version}`, row);
    return row.version;
  }

  /** The resource under `key` from the cache, or made once (concurrent requests wait for the same making). */
  async cached(key: string, make: () => Promise<{ body: Buffer; type: string }>): Promise<Resource> {
    const hit = this.resources.get(key);
    if (hit) return hit;
    let pending = this.making.get(key);
    if (!pending) {
      pending = make()
        .then(({ body, type }) => {
          const r = { body, type, etag: etagOf(body) };
          this.resources.set(key, r);
          return r;
        })
        .finally(() => this.making.delete(key));
      this.making.set(key, pending);
    }
    return pending;
  }

  tile(city: MapCity, version: number, z: number, x: number, y: number, crs: Crs): Promise<Buffer> {
    return renderTile(this.db, { cityId: city.id, version, z, x, y }, crs);
  }

  async geojson(city: MapCity, version: number, layer: LayerName, crs: Crs): Promise<Buffer> {
    const text = await layerGeojson(this.db.sql, city.id, city.code, version, layer);
    return Buffer.from(crs === 'WGS84' ? text : JSON.stringify(toCrs(JSON.parse(text) as FeatureCollection, crs)));
  }
}
