// A database of the map bench's own, fresh per phase: on a server (DATABASE_URL, unless --embedded) a
// database named bianmin_bench_map, dropped and made anew; embedded, a new data folder in the temporary
// directory. Migrated and seeded with the demo city (which publishes its map as version 1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { DEMO_CITY } from '../../src/demo/demo-city.data';
import { seedDemoCity } from '../../src/demo/demo-seed';

export const MAP_BENCH_DB = 'bianmin_bench_map';

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

export interface BenchDb { db: Database; cityId: string; dispose(): Promise<void> }

export async function freshDemoDb(serverUrl: string | null): Promise<BenchDb> {
  let db: Database;
  let cleanup: () => Promise<void>;
  if (serverUrl) {
    if (new URL(serverUrl).pathname.replace('/', '') === MAP_BENCH_DB) throw new Error(`DATABASE_URL names ${MAP_BENCH_DB}, which the bench drops: use another database`);
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${MAP_BENCH_DB} WITH (FORCE)`);
    await admin(serverUrl, `CREATE DATABASE ${MAP_BENCH_DB}`);
    const u = new URL(serverUrl);
    u.pathname = `/${MAP_BENCH_DB}`;
    db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    cleanup = () => admin(serverUrl, `DROP DATABASE IF EXISTS ${MAP_BENCH_DB} WITH (FORCE)`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-map-'));
    db = await openDatabase({ dataDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await migrate(db);
  await seedDemoCity(db, { password: 'bench-map-password', bcryptCost: 4 });
  const [city] = await db.sql.query<{ id: string }>('SELECT id FROM city WHERE code = $1', [DEMO_CITY.code]);
  return { db, cityId: city.id, async dispose() { await db.close(); await cleanup(); } };
}

/** p50 / p99 / mean of a list of milliseconds. */
export function stats(ms: number[]): { n: number; p50: number; p99: number; mean: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

export const r1 = (n: number) => Math.round(n * 10) / 10;
