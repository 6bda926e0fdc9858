// The published map over plain HTTP: tiles, TileJSON, style and GeoJSON of a version, `latest` as a
// redirect, caching (immutable, ETag, 304), gzip, crs, bad input as JSON 4xx, and nothing unpublished
// or personal in any answer.
import zlib from 'node:zlib';
import { validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createCity, square } from '../../../test/helpers/factories';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { buildServer } from '../../server';
import { DEMO_VENDORS } from '../../demo/demo-stalls.data';
import { kindColours } from './map-style';
import { cityByCode, publicationByVersion } from './publication.sql';
import { decodeTile } from './tile-encoder';

let app: TestApp;
const bodies: { url: string; text: string }[] = [];
const C = '371300';
const TILE = '13/6789/3243'; // the centre of the demo city (118.36 E, 35.052 N)

beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

/** GET through the whole server; the body is kept (decompressed) for the check that no phone number leaks. */
async function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse & { bytes: Buffer }> {
  const res = await app.server.inject({ method: 'GET', url, headers });
  const raw = res.rawPayload;
  const bytes = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(raw) : raw;
  bodies.push({ url, text: bytes.toString('utf8') });
  return Object.assign(res, { bytes });
}

const json = <T = Record<string, unknown>>(r: { bytes: Buffer }) => JSON.parse(r.bytes.toString('utf8')) as T;
type Fc = { type: string; version: number; features: { id: string; geometry: { coordinates: unknown }; properties: Record<string, unknown> }[] };

it('serves a tile of a version: immutable, a strong ETag, 304 when it matches, gzip when asked', async () => {
  const plain = await get(`/tiles/${C}/1/${TILE}.mvt`);
  expect(plain.statusCode).toBe(200);
  expect(plain.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
  expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  const etag = String(plain.headers.etag);
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  const tile = decodeTile(plain.bytes);
  expect(Object.keys(tile).sort()).toEqual(['features', 'signs', 'spots', 'zones']);
  expect(Object.keys(tile.zones[0].properties)).toEqual(expect.arrayContaining(['id', 'name', 'kind', 'district', 'spots', 'types']));

  const gz = await get(`/tiles/${C}/1/${TILE}.mvt`, { 'accept-encoding': 'gzip' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gz.headers.vary).toMatch(/accept-encoding/i);
  expect(gz.rawPayload.length).toBeLessThan(plain.bytes.length);
  expect(gz.bytes.equals(plain.bytes)).toBe(true);
  expect(gz.headers.etag).toBe(`${etag.slice(0, -1)}-gzip"`); // another encoding, another strong tag

  for (const [tag, enc] of [[etag, undefined], [String(gz.headers.etag), 'gzip'], [`"other", ${etag}`, undefined]] as const) {
    const again = await get(`/tiles/${C}/1/${TILE}.mvt`, { 'if-none-match': tag, ...(enc ? { 'accept-encoding': enc } : {}) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  expect((await get(`/tiles/${C}/1/${TILE}.mvt`, { 'if-none-match': '"stale"' })).statusCode).toBe(200);
});

it('answers an empty tile with 204 No Content', async () => {
  const res = await get(`/tiles/${C}/1/10/0/0.mvt`);
  expect(res.statusCode).toBe(204);
  expect(res.rawPayload.length).toBe(0);
  expect(res.headers['cache-control']).toMatch(/immutable/);
});

it('redirects latest to the current version, keeping the query string, never cached', async () => {
  for (const [from, to] of [
    [`/tiles/${C}/latest/${TILE}.mvt?crs=GCJ02`, `/tiles/${C}/1/${TILE}.mvt?crs=GCJ02`],
    [`/tiles/${C}/latest/tiles.json`, `/tiles/${C}/1/tiles.json`],
    [`/maps/${C}/latest/style.json?x=1&crs=bd09`, `/maps/${C}/1/style.json?x=1&crs=bd09`],
    [`/maps/${C}/latest/zones.geojson`, `/maps/${C}/1/zones.geojson`],
  ]) {
    const res = await get(from);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(to);
    expect(res.headers['cache-control']).toBe('no-cache');
  }
});

it('describes a version in TileJSON 3.0.0 with absolute URLs from the Host header', async () => {
  const res = await get(`/tiles/${C}/1/tiles.json`, { host: 'map.example.org:8080' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const tj = json<{ tilejson: string; tiles: string[]; vector_layers: { id: string; fields: Record<string, string> }[]; bounds: number[]; center: number[]; minzoom: number; maxzoom: number; name: string; attribution: string }>(res);
  expect(tj).toMatchObject({ tilejson: '3.0.0', minzoom: 0, maxzoom: 22, tiles: [`http://map.example.org:8080/tiles/${C}/1/{z}/{x}/{y}.mvt`] });
  expect(tj.name).toContain('临沂');
  expect(tj.attribution).toBeTruthy();
  expect(tj.vector_layers.map((l) => l.id)).toEqual(['zones', 'spots', 'features', 'signs']);
  expect(Object.keys(tj.vector_layers[0].fields)).toEqual(['id', 'name', 'kind', 'district', 'capacity', 'spots', 'types']);
  const city = (await cityByCode(app.db.sql, C))!;
  const pub = (await publicationByVersion(app.db.sql, city.id, 1))!;
  tj.bounds.forEach((b, i) => expect(b).toBeCloseTo(pub.bounds![i], 5));
  expect(tj.center).toEqual([city.centerLon, city.centerLat, city.zoom]);

  const other = await get(`/tiles/${C}/1/tiles.json`, { host: 'tiles.example.net' });
  expect(other.headers.etag).not.toBe(res.headers.etag); // the URLs inside differ, so must the tag
  expect((await get(`/tiles/${C}/1/tiles.json`, { host: 'map.example.org:8080', 'if-none-match': String(res.headers.etag) })).statusCode).toBe(304);
  const gcj = json<{ tiles: string[]; bounds: number[] }>(await get(`/tiles/${C}/1/tiles.json?crs=GCJ02`));
  expect(gcj.tiles[0]).toMatch(/\.mvt\?crs=GCJ02$/);
  expect(gcj.bounds[0]).not.toBeCloseTo(tj.bounds[0], 3);
});

it('believes X-Forwarded-Proto and -Host only from a trusted proxy (BIANMIN_TRUST_PROXY)', async () => {
  const forwarded = { host: 'internal:4000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'map.example.gov.cn' };
  const tilesOf = (r: LightMyRequestResponse) => (JSON.parse(r.body) as { tiles: string[] }).tiles[0];
  // Not configured: the socket's own scheme and Host, whatever the headers claim.
  expect(tilesOf(await get(`/tiles/${C}/1/tiles.json`, forwarded))).toBe(`http://internal:4000/tiles/${C}/1/{z}/{x}/{y}.mvt`);
  const config = loadConfig({ BIANMIN_TRUST_PROXY: '127.0.0.1' });
  expect(config.BIANMIN_TRUST_PROXY).toBe('127.0.0.1');
  expect(loadConfig({ BIANMIN_TRUST_PROXY: '1' }).BIANMIN_TRUST_PROXY).toBe(1);
  expect(() => loadConfig({ BIANMIN_TRUST_PROXY: 'everyone' })).toThrow(/BIANMIN_TRUST_PROXY/);
  const behind = await buildServer({ db: app.db, auth: app.auth, log: createLogger('silent'), trustProxy: config.BIANMIN_TRUST_PROXY });
  try {
    const res = await behind.inject({ method: 'GET', url: `/tiles/${C}/1/tiles.json`, headers: forwarded, remoteAddress: '127.0.0.1' });
    expect(tilesOf(res)).toBe(`https://map.example.gov.cn/tiles/${C}/1/{z}/{x}/{y}.mvt`);
    // A request that did not come through the proxy is not believed.
    const direct = await behind.inject({ method: 'GET', url: `/tiles/${C}/1/tiles.json`, headers: forwarded, remoteAddress: '10.1.2.3' });
    expect(tilesOf(direct)).toBe(`http://internal:4000/tiles/${C}/1/{z}/{x}/{y}.mvt`);
  } finally {
    await behind.close();
  }
});

it('serves a MapLibre style: every zone kind its own colour, no symbols, glyphs or sprite, no basemap by default', async () => {
  const res = await get(`/maps/${C}/1/style.json`, { host: 'bianmin.test' });
  expect(res.statusCode).toBe(200);
  const style = json<{ version: number; glyphs?: string; sprite?: string; sources: Record<string, { type: string; tiles: string[] }>; layers: { id: string; type: string; paint: Record<string, unknown> }[]; metadata: Record<string, unknown> }>(res);
  expect(style.version).toBe(8);
  expect(validateStyleMin(style as unknown as StyleSpecification)).toEqual([]);
  expect(style.glyphs).toBeUndefined();
  expect(style.sprite).toBeUndefined();
  expect(Object.keys(style.sources)).toEqual(['bianmin']);
  expect(style.sources.bianmin).toMatchObject({ type: 'vector', tiles: [`http://bianmin.test/tiles/${C}/1/{z}/{x}/{y}.mvt`] });
  expect(style.layers.map((l) => l.type)).not.toContain('symbol');
  expect(style.layers.filter((l) => l.type === 'raster')).toEqual([]);
  const fill = style.layers.find((l) => l.id === 'zones-fill')!;
  const match = fill.paint['fill-color'] as unknown[];
  expect(match.slice(0, 2)).toEqual(['match', ['get', 'kind']]);
  const pairs = Object.fromEntries(Array.from({ length: (match.length - 3) / 2 }, (_, i) => [match[2 + 2 * i], match[3 + 2 * i]]));
  expect(pairs).toEqual(kindColours);
  expect(Object.keys(pairs)).toHaveLength(11);
  expect(new Set(Object.values(pairs)).size).toBe(11);
  expect(kindColours.NO_VENDING).toBe('#d62728');
  expect(style.metadata['bianmin:kindColours']).toEqual(kindColours);
  for (const layer of ['zones-line', 'spots-fill', 'spots-line', 'features-fill']) expect(style.layers.map((l) => l.id)).toContain(layer);
});

it('serves each layer as GeoJSON with every public attribute, compressed when asked', async () => {
  const zones = await get(`/maps/${C}/1/zones.geojson`, { 'accept-encoding': 'gzip' });
  expect(zones.statusCode).toBe(200);
  expect(zones.headers['content-type']).toMatch(/^application\/geo\+json/);
  expect(zones.headers['content-encoding']).toBe('gzip');
  expect(zones.headers['cache-control']).toMatch(/immutable/);
  const fc = json<Fc>(zones);
  expect(fc).toMatchObject({ type: 'FeatureCollection', version: 1 });
  const market = fc.features.find((f) => f.properties.kind === 'NIGHT_MARKET')!;
  expect(Object.keys(market.properties)).toEqual(expect.arrayContaining(['id', 'name', 'kind', 'district', 'schedule', 'business_types', 'capacity', 'spots']));
  expect((market.properties.schedule as { days: unknown[] }).days.length).toBeGreaterThan(0);
  const spots = json<Fc>(await get(`/maps/${C}/1/spots.geojson`));
  expect(Object.keys(spots.features[0].properties)).toEqual(expect.arrayContaining(['id', 'zone_id', 'number', 'business_type']));
  const features = json<Fc>(await get(`/maps/${C}/1/features.geojson`));
  expect(features.features.some((f) => Array.isArray(f.properties.hours))).toBe(true);
});

it('moves GeoJSON into GCJ-02 by a few hundred metres', async () => {
  const wgs = json<Fc>(await get(`/maps/${C}/1/features.geojson`)).features[0];
  const gcj = json<Fc>(await get(`/maps/${C}/1/features.geojson?crs=gcj02`)).features.find((f) => f.id === wgs.id)!;
  const [[a], [b]] = [wgs, gcj].map((f) => (f.geometry.coordinates as number[][][])[0]);
  const metres = Math.hypot((b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (b[1] - a[1]) * 110_540);
  expect(metres).toBeGreaterThan(100);
  expect(metres).toBeLessThan(1000);
});

it('answers bad input with a JSON 4xx naming the request, never a 500', async () => {
  const cases: [string, number][] = [
    [`/tiles/${C}/1/23/0/0.mvt`, 400], [`/tiles/${C}/1/-1/0/0.mvt`, 400], [`/tiles/${C}/1/3/8/0.mvt`, 400],
    [`/tiles/${C}/1/3/0/8.mvt`, 400], [`/tiles/${C}/1/3/1.5/0.mvt`, 400], [`/tiles/${C}/1/3/0/a.mvt`, 400],
    [`/tiles/${C}/1/3/0/0.png`, 404], [`/tiles/${C}/x/3/0/0.mvt`, 400], [`/tiles/${C}/0/3/0/0.mvt`, 400],
    [`/tiles/NOPE/1/3/0/0.mvt`, 404], [`/tiles/${C}/99/3/0/0.mvt`, 404], [`/tiles/${C}/99/tiles.json`, 404],
    [`/maps/${C}/1/roads.geojson`, 404], [`/maps/${C}/99/style.json`, 404], [`/maps/${C}/1/zones.geojson?crs=mars`, 400],
    [`/tiles/${C}/1/${TILE}.mvt?crs=EPSG:3857`, 400], [`/tiles/${C}/1/nothing`, 404], [`/maps/%E4%B8%B4%E6%B2%82/latest/style.json`, 404],
  ];
  for (const [url, status] of cases) {
    const res = await get(url);
    expect({ url, status: res.statusCode }).toEqual({ url, status });
    const body = json<{ error: string; message: string; requestId: string }>(res);
    expect(body.error).toBe(status === 400 ? 'BAD_USER_INPUT' : 'NOT_FOUND');
    expect(body.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
    expect(body.requestId).toBe(res.headers['x-request-id']);
  }
});

it('says clearly that a city has published nothing yet', async () => {
  const city = await createCity(app.db);
  const res = await get(`/maps/${city.code}/latest/zones.geojson`);
  expect(res.statusCode).toBe(404);
  expect(json<{ message: string }>(res).message).toMatch(/尚未发布.*has not published its map yet/);
});

it('keeps drafts off the map until they are published, and a version stays what it was', async () => {
  const admin = await login(app, 'admin', 'demo-password-1');
  const created = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name: '草稿夜市 draft market', kind: 'NIGHT_MARKET', geometry: square(118.33, 35.09, 60) } }, admin);
  const id = created.data!.createZone.id;
  const tile = `/tiles/${C}/latest/16/54309/25938.mvt`; // holds 118.33 E, 35.09 N
  const ids = async (url: string) => {
    const res = await get(url);
    const target = res.statusCode === 302 ? await get(String(res.headers.location)) : res;
    if (url.endsWith('.geojson')) return json<Fc>(target).features.map((f) => f.id);
    return target.statusCode === 204 ? [] : (decodeTile(target.bytes).zones ?? []).map((f) => f.properties.id);
  };
  expect(await ids(`/maps/${C}/latest/zones.geojson`)).not.toContain(id);
  expect(await ids(tile)).not.toContain(id);

  const published = await app.gql<{ publishMap: { version: number } }>('mutation { publishMap(note: "草稿夜市") { version } }', {}, admin);
  expect(published.data!.publishMap.version).toBe(2);
  expect((await get(`/maps/${C}/latest/zones.geojson`)).headers.location).toBe(`/maps/${C}/2/zones.geojson`);
  expect(await ids(`/maps/${C}/latest/zones.geojson`)).toContain(id);
  expect(await ids(tile)).toContain(id);
  expect(await ids(`/maps/${C}/1/zones.geojson`)).not.toContain(id);
  expect(await ids(tile.replace('latest', '1'))).not.toContain(id);
});

it('leaves /graphql as it was (no compression there)', async () => {
  const res = await app.server.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
    payload: JSON.stringify({ query: `{ publishedMap(city: "${C}") { styleUrl tileJsonUrl geojsonUrls } }` }) });
  expect(res.headers['content-encoding']).toBeUndefined();
  expect(JSON.parse(res.body).data.publishedMap.styleUrl).toMatch(/^\/maps\/371300\/\d+\/style\.json$/);
});

it('puts no vendor phone number in any answer', () => {
  expect(bodies.length).toBeGreaterThan(40);
  for (const { url, text } of bodies) for (const v of DEMO_VENDORS) expect({ url, leaks: text.includes(v.phone) }).toEqual({ url, leaks: false });
});
