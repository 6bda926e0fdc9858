// The bench's own database: on a server a database named bianmin_bench, dropped and made anew each run
// (the database named in DATABASE_URL is only connected to, to create it); embedded, a new data folder
// in the temporary directory. Migrated, seeded with the demo city (districts, accounts, catalogue,
// holidays), loaded with the synthetic zones, analysed, and its hot queries EXPLAINed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { DEMO_CITY } from '../src/demo/demo-city.data';
import { seedDemoCity } from '../src/demo/demo-seed';
import { rollForward } from '../src/modules/openings/openings.service';
import { loadBenchCity, type LoadResult } from './bench.sql';
import { explainHotQueries, type ExplainResult } from './explain';
import type { BenchOptions } from './options';
import * as q from './queries';
import { BBOX_DEG, benchInstant } from './workloads';

export const BENCH_DB = 'bianmin_bench';
export const DEMO_PASSWORD = 'bench-demo-password';

export interface Prepared {
  cityId: string;
  at: string;
  load: LoadResult;
  explain: ExplainResult[];
  postgis: string;
  postgres: string;
  /** Where the service runs (DATABASE_URL or BIANMIN_DATA_DIR). */
  serviceEnv: NodeJS.ProcessEnv;
  /** Where the bare handler runs (a copy of the data folder when embedded). */
  bareEnv: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function seedAndLoad(db: Database, o: BenchOptions, pool: [number, number][]) {
  await migrate(db);
  await seedDemoCity(db, { password: DEMO_PASSWORD, bcryptCost: 4 });
  const [city] = await db.sql.query<{ id: string }>('SELECT id FROM city WHERE code = $1', [DEMO_CITY.code]);
  // Not a public holiday nor an adjusted working day: the bare openAt SQL leaves holidays out.
  let weeks = 0;
  let at = benchInstant(new Date());
  while ((await db.sql.query('SELECT 1 FROM holiday_day WHERE city_id = $1::uuid AND date = $2::date', [city.id, at.slice(0, 10)])).length && weeks < 8) {
    at = benchInstant(new Date(), ++weeks);
  }
  const second = new Date(Date.parse(at) - 30 * 86_400_000).toISOString().slice(0, 10);
  console.log(`loading ${o.zones.toLocaleString('en-US')} zones into ${DEMO_CITY.nameEn} …`);
  const load = await loadBenchCity(db, city.id, o.zones, o.spots, second, new Date());
  // What the service does at start for zones loaded in bulk (their open-interval signatures and the
  // city's covered window), done here so the embedded bare copy and the EXPLAIN see it too.
  const t0 = Date.now();
  await rollForward(db.prisma);
  console.log(`  open intervals precomputed (the service's rollForward) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // EXPLAIN at a point inside some zone, so the plans are those of a real hit.
  let p = pool[0];
  for (const c of pool.slice(0, 50)) {
    if ((await q.firstPage(db.sql, q.pointFilter(city.id, c))).total > 0) {
      p = c;
      break;
    }
  }
  const run = <Row>(text: string, params: readonly unknown[] = []) => db.sql.query<Row>(text, params);
  const explain = await explainHotQueries(run, city.id, p, [p[0], p[1], p[0] + BBOX_DEG.dx, p[1] + BBOX_DEG.dy], at);
  const [v] = await db.sql.query<{ postgis: string; postgres: string }>(
    "SELECT postgis_lib_version() AS postgis, current_setting('server_version') AS postgres");
  return { cityId: city.id, at, load, explain, postgis: v.postgis, postgres: v.postgres };
}

export async function prepare(o: BenchOptions, pool: [number, number][]): Promise<Prepared> {
  if (o.backend === 'server') {
    const adminUrl = o.adminUrl!;
    if (new URL(adminUrl).pathname.replace('/', '') === BENCH_DB) {
      throw new Error(`DATABASE_URL names ${BENCH_DB}, the database the bench drops and recreates: point it at another database of the server`);
    }
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin(adminUrl, `CREATE DATABASE ${BENCH_DB}`);
    const url = withDatabase(adminUrl, BENCH_DB);
    const db = await openDatabase({ databaseUrl: url, dataDir: '' });
    try {
      const r = await seedAndLoad(db, o, pool);
      return {
        ...r, serviceEnv: { DATABASE_URL: url }, bareEnv: { BENCH_BARE_DB: url },
        cleanup: async () => { if (!o.keep) await admin(adminUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`); },
      };
    } finally {
      await db.close();
    }
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  const dir = path.join(work, 'service');
  const db = await openDatabase({ dataDir: dir });
  let r: Awaited<ReturnType<typeof seedAndLoad>>;
  try {
    r = await seedAndLoad(db, o, pool);
  } catch (e) {
    await db.close().catch(() => undefined);
    if (!o.keep) fs.rmSync(work, { recursive: true, force: true });
    throw e;
  }
  await db.close();
  // The service locks its folder; the bare handler gets a copy, taken while nobody has it open.
  const copy = path.join(work, 'bare');
  fs.cpSync(dir, copy, { recursive: true });
  return {
    ...r, serviceEnv: { BIANMIN_DATA_DIR: dir }, bareEnv: { BENCH_BARE_DATA_DIR: copy },
    cleanup: async () => { if (!o.keep) fs.rmSync(work, { recursive: true, force: true }); },
  };
}
