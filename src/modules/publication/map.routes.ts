// The published map over plain HTTP, open to everyone (no login; CORS is open for all origins):
//   GET /tiles/{city}/{version}/{z}/{x}/{y}.mvt     vector tiles, layers zones, spots, features
//   GET /tiles/{city}/{version}/tiles.json          TileJSON 3.0.0
//   GET /maps/{city}/{version}/style.json           MapLibre style (spec 8)
//   GET /maps/{city}/{version}/{layer}.geojson      a layer as a GeoJSON FeatureCollection
// `latest` as the version answers 302 to the current version (no-cache). A version never changes, so
// its answers are cached for a year (immutable) with a strong ETag, kept in memory, and gzip-compressed
// by @fastify/compress, registered in this plugin's own context so /graphql is untouched. An empty tile
// is 204 No Content. `?crs=GCJ02|BD09` draws on AMap/Tencent or Baidu basemaps.
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import { basemapConfig, type BasemapConfig } from '../../config';
import type { Database } from '../../db/database';
import type { Crs } from '../../geo/input';
import { toCrs } from '../../geo/output';
import { mapPaths } from './map.paths';
import { IMMUTABLE, addVary, errorHandler, etagPerEncoding, matches, origin, parseCrs, parseTile, parseVersion, withVersion } from './map-http';
import { mapStyle, tileJson, type MapDocumentInput } from './map-style';
import { LAYERS, type LayerName, type PublicationRow } from './publication.models';
import { MapRequestError, PublishedMaps, type MapCity, type Resource } from './tiles.service';

const MVT = 'application/vnd.mapbox-vector-tile';
const GEOJSON = 'application/geo+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const COMPRESSIBLE = /^application\/(json|geo\+json|vnd\.mapbox-vector-tile)\b/;

type Made = { body: Buffer; type: string };
type Params = { city: string; version: string; z: string; x: string; file: string };
type Route = { Params: Params; Querystring: Record<string, unknown> };

export interface MapRouteOptions {
  db: Database;
  /** default: from the environment (BIANMIN_BASEMAP, BIANMIN_TIANDITU_KEY, BIANMIN_BASEMAP_ATTRIBUTION) */
  basemap?: BasemapConfig;
  /** bound of the in-memory cache of versioned answers, in bytes (default 64 MiB) */
  cacheBytes?: number;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** What TileJSON and the style need, in the requested crs. */
function documentInput(city: MapCity, pub: PublicationRow, base: string, crs: Crs): MapDocumentInput {
  const query = crs === 'WGS84' ? '' : `?crs=${crs}`;
  const b = pub.bounds?.length === 4 ? pub.bounds : null;
  const corners = b ? toCrs({ type: 'MultiPoint', coordinates: [[b[0], b[1]], [b[2], b[3]]] }, crs).coordinates : null;
  const center = toCrs({ type: 'Point', coordinates: [city.centerLon, city.centerLat] }, crs).coordinates;
  return {
    tilesUrl: `${base}${mapPaths(city.code, pub.version).tiles}${query}`,
    cityName: city.name, cityNameEn: city.nameEn, version: pub.version,
    bounds: corners ? [corners[0][0], corners[0][1], corners[1][0], corners[1][1]].map(round6) : null,
    center: [round6(center[0]), round6(center[1])], zoom: city.zoom,
  };
}

function send(req: FastifyRequest, reply: FastifyReply, r: Resource, emptyIsNoContent: boolean): FastifyReply {
  reply.header('cache-control', IMMUTABLE);
  addVary(reply, 'accept-encoding');
  const matched = matches(req.headers['if-none-match'], r.etag);
  reply.header('etag', matched && matched !== '*' ? matched : r.etag);
  if (matched) return reply.code(304).send();
  if (emptyIsNoContent && r.body.length === 0) return reply.code(204).send();
  return reply.type(r.type).send(r.body);
}

export async function registerMapRoutes(app: FastifyInstance, deps: MapRouteOptions): Promise<void> {
  const maps = new PublishedMaps(deps.db, { maxBytes: deps.cacheBytes });
  const basemap = deps.basemap ?? basemapConfig();

  /** A versioned answer from the cache (made on a miss, after checking the city and version), or latest's 302. */
  async function answer(req: FastifyRequest<Route>, reply: FastifyReply, key: (v: number) => string,
    make: (city: MapCity, pub: PublicationRow) => Promise<Made>, emptyIsNoContent = false): Promise<FastifyReply> {
    const { city: code } = req.params;
    const version = parseVersion(req.params.version);
    if (version === 'latest') {
      const current = await maps.currentVersion(await maps.city(code));
      return reply.code(302).header('cache-control', 'no-cache').header('location', withVersion(req.url, current)).send();
    }
    const r = await maps.cached(`${code}|${version}|${key(version)}`, async () => {
      const city = await maps.city(code);
      return make(city, await maps.publication(city, version));
    });
    return send(req, reply, r, emptyIsNoContent);
  }

  await app.register(async (scope) => {
    await scope.register(compress, { global: true, customTypes: COMPRESSIBLE, encodings: ['br', 'gzip', 'deflate'] });
    // After compress's own onSend (added to each route by its onRoute hook, which runs before this one).
    scope.addHook('onRoute', (route) => {
      const hooks = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
      route.onSend = [...hooks, etagPerEncoding as onSendHookHandler];
    });
    scope.setErrorHandler(errorHandler);

    scope.get<Route>('/tiles/:city/:version/:z/:x/:file', (req, reply) => {
      const crs = parseCrs(req.query);
      const { z, x, y } = parseTile(req.params.z, req.params.x, req.params.file);
      return answer(req, reply, () => `tile|${z}/${x}/${y}|${crs}`,
        async (city, pub) => ({ body: await maps.tile(city, pub.version, z, x, y, crs), type: MVT }), true);
    });

    scope.get<Route>('/tiles/:city/:version/tiles.json', (req, reply) => {
      const crs = parseCrs(req.query);
      const base = origin(req);
      return answer(req, reply, () => `tilejson|${crs}|${base}`,
        async (city, pub) => ({ body: Buffer.from(JSON.stringify(tileJson(documentInput(city, pub, base, crs)))), type: JSON_TYPE }));
    });

    scope.get<Route>('/maps/:city/:version/style.json', (req, reply) => {
      const crs = parseCrs(req.query);
      const base = origin(req);
      return answer(req, reply, () => `style|${crs}|${base}`,
        async (city, pub) => ({ body: Buffer.from(JSON.stringify(mapStyle(documentInput(city, pub, base, crs), basemap))), type: JSON_TYPE }));
    });

    scope.get<Route>('/maps/:city/:version/:file', (req, reply) => {
      const crs = parseCrs(req.query);
      const m = /^([a-z]+)\.geojson$/.exec(req.params.file);
      const layer = m && (LAYERS as readonly string[]).includes(m[1]) ? (m[1] as LayerName) : null;
      if (!layer) throw new MapRequestError(404, 'NOT_FOUND', `未知的图层 / unknown layer: ${req.params.file.slice(0, 40)} (zones, spots, features or signs .geojson)`);
      return answer(req, reply, () => `geojson|${layer}|${crs}`,
        async (city, pub) => ({ body: await maps.geojson(city, pub.version, layer, crs), type: GEOJSON }));
    });

    // Anything else under these prefixes: the same JSON 404 rather than the static files' answer.
    const unknown = () => {
      throw new MapRequestError(404, 'NOT_FOUND', '未知的地图资源 / unknown map resource (see /tiles/{city}/{version}/tiles.json)');
    };
    scope.get('/tiles/*', unknown);
    scope.get('/maps/*', unknown);
  });
}
