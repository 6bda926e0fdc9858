// `npm run bench`: zone look-ups the map and the vending check will lean on, on the backend chosen as
// for `npm start` (embedded in a temporary folder, or DATABASE_URL). Prints figures and the hardware.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { insertDistrict } from '../src/modules/cities/cities.sql';
import { listZones } from '../src/modules/zones/zones.sql';
import { seedCityCatalog } from '../src/modules/rules/catalog.data';
import { vendingCheck } from '../src/modules/rules/vending-check.service';
import { zones } from '../src/modules/zones/zones.service';
import { seedBenchRules, seedBenchZones } from './bench.sql';

const ZONES = Number(process.env.BENCH_ZONES ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s[s.length - 1].toFixed(2)} ms (${s.length} runs)`;
}

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  console.log(`hardware: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(`backend: ${url ? 'PostgreSQL + PostGIS server (DATABASE_URL)' : 'embedded PGlite + PostGIS'}; ${ZONES} zones`);
  const db = await openDatabase({ databaseUrl: url, dataDir: dir });
  try {
    await migrate(db);
    const city = await db.prisma.city.create({
      data: { code: `BENCH-${Date.now()}`, name: '基准市', nameEn: 'Bench', timeZone: 'Asia/Shanghai', centerLon: 118.35, centerLat: 35.05 },
    });
    const box = { type: 'Polygon', coordinates: [[[118.25, 34.95], [118.45, 34.95], [118.45, 35.15], [118.25, 35.15], [118.25, 34.95]]] };
    const districtId = await insertDistrict(db.prisma, city.id, { code: 'B', name: '基准区', nameEn: 'Bench', geometry: box });
    let t = performance.now();
    await seedBenchZones(db.prisma, city.id, districtId, ZONES);
    console.log(`insert ${ZONES} zones: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const rnd = () => [118.26 + Math.random() * 0.18, 34.96 + Math.random() * 0.18] as [number, number];
    console.log(`zones containing a point (first 20):  ${stats(await time(() => listZones(db.prisma, { cityId: city.id, point: rnd() }, 20, null)))}`);
    console.log(`zones in a ~1 km bbox (first 20):     ${stats(await time(() => {
      const [x, y] = rnd();
      return listZones(db.prisma, { cityId: city.id, bbox: [x, y, x + 0.011, y + 0.009] }, 20, null);
    }))}`);
    console.log(`first page of all zones of the city:  ${stats(await time(() => listZones(db.prisma, { cityId: city.id, status: 'ACTIVE' }, 20, null)))}`);
    await seedCityCatalog(db.prisma, city.id);
    await seedBenchRules(db.prisma, city.id);
    const at = '2026-11-24T21:30:00+08:00';
    console.log(`vendingCheck (point, type, instant):   ${stats(await time(() =>
      vendingCheck(db.prisma, null, { point: { type: 'Point', coordinates: rnd() }, businessType: 'food.snacks', at })))}`);
    const viewer = { accountId: city.id, cityId: city.id, username: 'bench', role: 'ADMIN' as const, districtIds: [], zoneId: null, via: 'session' as const };
    const all = await time(() => zones(db.prisma, viewer, { openAt: at, businessType: 'food', first: 20 }), 10);
    console.log(`zones(openAt, businessType), all ${ZONES} rules evaluated: ${stats(all)}`);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
