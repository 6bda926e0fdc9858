// The published map's vector tiles, encoded both ways: ST_AsMVT on a PostGIS server and geojson-vt +
// vt-pbf in JavaScript (the embedded database, and any tile in GCJ-02 or BD-09). The two must agree:
// same layers, features, attributes, and vertices within 2 tile units.
import { startTestApp, type TestApp } from '../../../test/helpers/app';
import { toCrs } from '../../geo/output';
import { cityByCode } from './publication.sql';
import { decodeTile, EXTENT, type DecodedFeature } from './tile-encoder';
import { renderTile } from './tiles.service';
import type { TileRequest } from './tiles.sql';

let app: TestApp;
let cityId: string;
const onServer = !!process.env.DATABASE_URL;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  cityId = (await cityByCode(app.db.sql, '371300'))!.id;
});
afterAll(() => app.close());

/** The tile holding lon/lat at zoom z, and where the point falls in tile units. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const fx = ((lon + 180) / 360) * n;
  const fy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
  // px, py: tile units from the world's top left corner
  return { z, x: Math.floor(fx), y: Math.floor(fy), px: fx * EXTENT, py: fy * EXTENT };
}

const request = (lon: number, lat: number, z: number): TileRequest => {
  const { x, y } = tileAt(lon, lat, z);
  return { cityId, version: 1, z, x, y };
};

const ZONE_FIELDS = ['id', 'name', 'kind', 'district', 'capacity', 'spots', 'types'];
const SPOT_FIELDS = ['id', 'zone_id', 'number', 'business_type'];
const FEATURE_FIELDS = ['id', 'name', 'feature_kind', 'buffer_m'];
const SIGN_FIELDS = ['id', 'permit_number', 'shop_name', 'street_name', 'sign_types', 'valid_until'];

it('a tile over the demo city holds zones, spots, features and permitted signs with their public attributes only', async () => {
  const tile = decodeTile(await renderTile(app.db, request(118.36, 35.052, 13), 'WGS84', 'javascript'));
  expect(Object.keys(tile).sort()).toEqual(['features', 'signs', 'spots', 'zones']);
  for (const [layer, fields, type] of [['zones', ZONE_FIELDS, 3], ['spots', SPOT_FIELDS, 3], ['features', FEATURE_FIELDS, 3], ['signs', SIGN_FIELDS, 1]] as const) {
    expect(tile[layer].length).toBeGreaterThan(0);
    for (const f of tile[layer]) {
      expect(f.type).toBe(type);
      for (const key of Object.keys(f.properties)) expect(fields).toContain(key);
      expect(f.properties.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  }
  const kinds = new Set(tile.zones.map((z) => z.properties.kind));
  expect(kinds.has('NO_VENDING')).toBe(true);
  const noVending = tile.zones.find((z) => z.properties.kind === 'NO_VENDING')!;
  expect(noVending.properties.types).toBe('');
  const vending = tile.zones.filter((z) => z.properties.kind !== 'NO_VENDING');
  expect(vending.every((z) => typeof z.properties.types === 'string' && typeof z.properties.spots === 'number')).toBe(true);
  const [published] = await app.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM published_zone WHERE version = 1 AND zone_id = ANY($1::uuid[])`, [tile.zones.map((z) => z.properties.id)]);
  expect(published.n).toBe(tile.zones.length);
  expect(tile.features.every((f) => typeof f.properties.buffer_m === 'number')).toBe(true);
});

it('an empty tile is no bytes at all', async () => {
  expect((await renderTile(app.db, { cityId, version: 1, z: 10, x: 0, y: 0 }, 'WGS84', 'javascript')).length).toBe(0);
});

/** Distance from p to the segment ab. */
function toSegment(p: [number, number], a: [number, number], b: [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** The largest distance from a vertex of `a` to the outline of `b` (rings may start at different vertices). */
function farthest(a: DecodedFeature, b: DecodedFeature): number {
  let worst = 0;
  for (const ring of a.geometry) {
    for (const p of ring) {
      let best = Infinity;
      for (const other of b.geometry) {
        if (other.length === 1) best = Math.min(best, Math.hypot(p[0] - other[0][0], p[1] - other[0][1])); // a point
        for (let i = 1; i < other.length; i++) best = Math.min(best, toSegment(p, other[i - 1], other[i]));
      }
      worst = Math.max(worst, best);
    }
  }
  return worst;
}

function compareTiles(postgis: Record<string, DecodedFeature[]>, js: Record<string, DecodedFeature[]>): number {
  expect(Object.keys(js).sort()).toEqual(Object.keys(postgis).sort());
  let compared = 0;
  for (const layer of Object.keys(postgis)) {
    const byId = (fs: DecodedFeature[]) => new Map(fs.map((f) => [String(f.properties.id), f]));
    const [p, j] = [byId(postgis[layer]), byId(js[layer])];
    expect([...j.keys()].sort()).toEqual([...p.keys()].sort());
    for (const [id, pf] of p) {
      const jf = j.get(id)!;
      expect({ id, ...jf.properties }).toEqual({ id, ...pf.properties });
      expect(jf.type).toBe(pf.type);
      expect(farthest(pf, jf)).toBeLessThanOrEqual(2);
      expect(farthest(jf, pf)).toBeLessThanOrEqual(2);
      compared++;
    }
  }
  return compared;
}

const SAMPLES: [string, number, number, number][] = [
  ['the whole city at zoom 10', 118.36, 35.052, 10],
  ['the centre at zoom 13', 118.36, 35.052, 13],
  ['the centre at zoom 14, zones cut at the tile edges', 118.36, 35.052, 14],
  ['a night market at zoom 17, spots large', 0, 0, 17],
  ['the same at zoom 22', 0, 0, 22],
  ['a permitted sign at zoom 18', -1, 0, 18],
];

(onServer ? it : it.skip)('ST_AsMVT and the JavaScript encoder give the same tiles (needs a PostGIS server: the embedded PostGIS has no ST_AsMVT)', async () => {
  const [market] = await app.db.sql.query<{ lon: number; lat: number }>(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
    SELECT ST_PointOnSurface(s.geom) AS p FROM published_spot s JOIN published_zone z USING (city_id, version, zone_id)
    WHERE s.version = 1 AND z.kind = 'NIGHT_MARKET' ORDER BY s.number LIMIT 1) q`);
  const [sign] = await app.db.sql.query<{ lon: number; lat: number }>(
    'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM published_sign WHERE version = 1 ORDER BY permit_number LIMIT 1');
  let compared = 0;
  for (const [, lon0, lat0, z] of SAMPLES) {
    const [lon, lat] = lon0 === -1 ? [sign.lon, sign.lat] : lon0 ? [lon0, lat0] : [market.lon, market.lat];
    const t = request(lon, lat, z);
    const postgis = decodeTile(await renderTile(app.db, t, 'WGS84', 'postgis'));
    const js = decodeTile(await renderTile(app.db, t, 'WGS84', 'javascript'));
    expect(Object.keys(postgis).length).toBeGreaterThan(0);
    compared += compareTiles(postgis, js);
  }
  expect(compared).toBeGreaterThan(100);
});

(onServer ? it.skip : it)('on the embedded database there is no ST_AsMVT, which is why the JavaScript encoder exists', async () => {
  await expect(renderTile(app.db, request(118.36, 35.052, 13), 'WGS84', 'postgis')).rejects.toThrow();
});

it('a GCJ-02 tile has every feature moved by the GCJ-02 offset (a few hundred metres), to the tile unit', async () => {
  const [zone] = await app.db.sql.query<{ id: string; minx: number; miny: number; maxx: number; maxy: number }>(
    `SELECT zone_id::text AS id, ST_XMin(geom) AS minx, ST_YMin(geom) AS miny, ST_XMax(geom) AS maxx, ST_YMax(geom) AS maxy
     FROM published_zone WHERE version = 1 AND kind = 'NIGHT_MARKET' ORDER BY name LIMIT 1`);
  const t = request((zone.minx + zone.maxx) / 2, (zone.miny + zone.maxy) / 2, 12);
  const wgs = decodeTile(await renderTile(app.db, t, 'WGS84')).zones.find((f) => f.properties.id === zone.id)!;
  const gcj = decodeTile(await renderTile(app.db, t, 'GCJ02')).zones.find((f) => f.properties.id === zone.id)!;
  // The top left corner: least x and least y in tile units (y grows southwards), i.e. (min lon, max lat).
  const corner = (f: DecodedFeature) => [Math.min(...f.geometry.flat().map((p) => p[0])), Math.min(...f.geometry.flat().map((p) => p[1]))];
  const [topLeft] = toCrs({ type: 'MultiPoint', coordinates: [[zone.minx, zone.maxy]] }, 'GCJ02').coordinates;
  const [a, b] = [tileAt(zone.minx, zone.maxy, 12), tileAt(topLeft[0], topLeft[1], 12)];
  const [dx, dy] = [corner(gcj)[0] - corner(wgs)[0], corner(gcj)[1] - corner(wgs)[1]];
  expect(Math.abs(dx - (b.px - a.px))).toBeLessThanOrEqual(2);
  expect(Math.abs(dy - (b.py - a.py))).toBeLessThanOrEqual(2);
  const metresPerUnit = (2 * 20037508.34 * Math.cos((zone.miny * Math.PI) / 180)) / 2 ** 12 / EXTENT;
  const moved = Math.hypot(dx, dy) * metresPerUnit;
  expect(moved).toBeGreaterThan(100);
  expect(moved).toBeLessThan(1000);
  const bd = decodeTile(await renderTile(app.db, t, 'BD09')).zones.find((f) => f.properties.id === zone.id)!;
  expect(corner(bd)).not.toEqual(corner(gcj));
});
