// Vector tiles of the published map, for the demo city and for a city of 100,000 zones (20,000 with
// --quick): every tile over the published bounds at a street zoom, asked once each from a service whose
// cache is empty (cold: one at a time for p50 / p99, then 8 at a time on a second empty cache for tiles/s)
// beside the same tile statement and encoder called bare in this process (no HTTP, no cache) through the
// same driver, and once more through Fastify's inject (the service without a socket or an HTTP client in
// this process); then the same tiles again from the warm cache beside a bare node:http server that returns
// the same bytes from a Map. Both HTTP sides are asked by the same client with `accept-encoding:
// identity`, so neither compresses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { AuthService } from '../../src/modules/accounts/auth.service';
import { rollForward } from '../../src/modules/openings/openings.service';
import { publishAsSystem } from '../../src/modules/publication/publication.service';
import { encoderFor, renderTile } from '../../src/modules/publication/tiles.service';
import { createLogger } from '../../src/logger';
import { buildServer } from '../../src/server';
import { DEMO_CITY } from '../../src/demo/demo-city.data';
import { loadBenchCity } from '../bench.sql';
import { freshDemoDb, r1, stats, type BenchDb } from './db';

type Tile = { z: number; x: number; y: number };

/** The tiles at zoom z that cover [west, south, east, north] (WGS84 degrees), Web Mercator XYZ. */
export function tilesOver(b: number[], z: number): Tile[] {
  const n = 2 ** z;
  const tx = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)));
  };
  const out: Tile[] = [];
  for (let x = tx(b[0]); x <= tx(b[2]); x++) for (let y = ty(b[3]); y <= ty(b[1]); y++) out.push({ z, x, y });
  return out;
}

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}

async function freshService(b: BenchDb): Promise<{ base: string; server: FastifyInstance; close(): Promise<void> }> {
  const server = await buildServer({ db: b.db, auth: await AuthService.create(b.db, { ttlHours: 1 }), log: createLogger('warn') });
  const base = await listen(server);
  return { base, server, close: () => server.close() };
}

async function get(url: string): Promise<Buffer> {
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  if (res.status !== 200 && res.status !== 204) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

async function oneByOne<T>(items: T[], f: (t: T) => Promise<unknown>) {
  const ms: number[] = [];
  for (const t of items) {
    const t0 = performance.now();
    await f(t);
    ms.push(performance.now() - t0);
  }
  return stats(ms);
}

async function perSecond<T>(items: T[], f: (t: T) => Promise<unknown>, concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < items.length) await f(items[next++]); }));
  return items.length / ((performance.now() - t0) / 1000);
}

/** A bare node:http server answering each tile path with its bytes from memory, as the service's cache would. */
async function bareServer(bytes: Map<string, Buffer>): Promise<{ base: string; close(): Promise<void> }> {
  const s = http.createServer((req, res) => {
    const body = bytes.get(req.url ?? '');
    if (!body) { res.writeHead(404).end(); return; }
    if (!body.length) { res.writeHead(204).end(); return; }
    res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise((r) => s.close(() => r())) };
}

const fmt = (s: ReturnType<typeof stats>) => `p50 ${r1(s.p50)} ms, p99 ${r1(s.p99)} ms`;

async function measureCity(label: string, b: BenchDb, version: number, quick: boolean): Promise<void> {
  const city = DEMO_CITY.code;
  const probe = await freshService(b);
  let tiles: Tile[];
  try {
    const tj = JSON.parse((await get(`${probe.base}/tiles/${city}/${version}/tiles.json`)).toString()) as { bounds: number[] };
    // z 15 is street level (about 1.2 km across at Linyi's latitude); fewer with --quick.
    tiles = tilesOver(tj.bounds, quick ? 14 : 15);
  } finally {
    await probe.close();
  }
  const path = (t: Tile) => `/tiles/${city}/${version}/${t.z}/${t.x}/${t.y}.mvt`;
  const encoder = encoderFor(b.db, 'WGS84');
  console.log(`  ${label}: ${tiles.length} tiles at z${tiles[0].z} over the published bounds (encoder: ${encoder === 'postgis' ? 'ST_AsMVT' : '@maplibre/vt-pbf over geojson-vt'})`);

  // Cold, one at a time: a service with an empty cache asks the database for every tile.
  let svc = await freshService(b);
  const bytes = new Map<string, Buffer>();
  let nonEmpty = 0;
  let total = 0;
  const cold = await oneByOne(tiles, async (t) => {
    const body = await get(`${svc.base}${path(t)}`);
    bytes.set(path(t), body);
    if (body.length) nonEmpty++;
    total += body.length;
  });
  await svc.close();
  // The same, in process through Fastify's inject (no socket, no HTTP client): what the service adds to
  // the statement, without the cost of the client that shares this process.
  svc = await freshService(b);
  const injected = await oneByOne(tiles, (t) => svc.server.inject({ method: 'GET', url: path(t) }));
  await svc.close();
  const bare = await oneByOne(tiles, (t) => renderTile(b.db, { cityId: b.cityId, version, ...t }, 'WGS84'));
  svc = await freshService(b);
  const coldRate = await perSecond(tiles, (t) => get(`${svc.base}${path(t)}`), 8);
  const bareRate = await perSecond(tiles, (t) => renderTile(b.db, { cityId: b.cityId, version, ...t }, 'WGS84'), 8);
  console.log(`    ${nonEmpty} tiles hold features (${r1(total / 1024 / Math.max(1, nonEmpty))} KiB on average)`);
  console.log(`    cold, service over HTTP:      ${fmt(cold)}; 8 at once ${Math.round(coldRate)} tiles/s`);
  console.log(`    cold, service in process:     ${fmt(injected)} (Fastify inject: no socket, no HTTP client)`);
  console.log(`    bare tile SQL + encoder:      ${fmt(bare)}; 8 at once ${Math.round(bareRate)} tiles/s`);

  // Cached: the same tiles again from the service's memory, beside bare node:http serving the same bytes.
  const plain = await bareServer(bytes);
  try {
    const rounds = quick ? 3 : 10;
    const again = Array.from({ length: rounds }, () => tiles).flat();
    const warm = await oneByOne(again.slice(0, 2000), (t) => get(`${svc.base}${path(t)}`));
    const warmBare = await oneByOne(again.slice(0, 2000), (t) => get(`${plain.base}${path(t)}`));
    const warmRate = await perSecond(again, (t) => get(`${svc.base}${path(t)}`), 16);
    const warmBareRate = await perSecond(again, (t) => get(`${plain.base}${path(t)}`), 16);
    console.log(`    cached, service over HTTP:    ${fmt(warm)}; 16 at once ${Math.round(warmRate)} tiles/s`);
    console.log(`    bare node:http, same bytes:   ${fmt(warmBare)}; 16 at once ${Math.round(warmBareRate)} tiles/s`);
  } finally {
    await plain.close();
    await svc.close();
  }
}

export async function tileBench(serverUrl: string | null, quick: boolean): Promise<void> {
  console.log('\n== vector tiles, cold and cached');
  {
    const b = await freshDemoDb(serverUrl);
    try {
      const [v] = await b.db.prisma.publication.findMany({ where: { cityId: b.cityId }, orderBy: { version: 'desc' }, take: 1 });
      await measureCity('the demo city', b, v.version, quick);
    } finally {
      await b.dispose();
    }
  }
  const zones = quick ? 20_000 : 100_000;
  const b = await freshDemoDb(serverUrl);
  try {
    await loadBenchCity(b.db, b.cityId, zones, 0, new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10), new Date());
    await rollForward(b.db.prisma);
    const t0 = performance.now();
    const v = await publishAsSystem(b.db.prisma, b.cityId, 'bench tiles');
    console.log(`  published ${v.zoneCount.toLocaleString('en-US')} zones in ${r1((performance.now() - t0) / 1000)} s`);
    await measureCity(`${zones.toLocaleString('en-US')} zones`, b, v.version, quick);
  } finally {
    await b.dispose();
  }
}
