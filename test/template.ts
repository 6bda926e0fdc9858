// A migrated template database, made once per test run (Jest globalSetup) and copied for every test
// file: opening a new embedded PostGIS data folder costs ~8 s, copying a migrated one ~1.6 s to open.
// On a server, each test file gets a database created from a migrated template database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/database';
import { migrate, readMigrations } from '../src/db/migrate';
import type { Database } from '../src/db/database';
import { seedDemoCity } from '../src/demo/demo-seed';
import { rollForward } from '../src/modules/openings/openings.service';

export const TEST_ROOT = path.resolve(__dirname, '../.test-data');
export const SERVER_TEMPLATE = 'bianmin_test_template';
export const SERVER_DEMO_TEMPLATE = 'bianmin_test_demo_template';
/** The password of the demo accounts in the demo template. */
export const TEST_DEMO_PASSWORD = 'demo-password-1';

export function migrationsDigest(): string {
  const h = crypto.createHash('sha256');
  for (const m of readMigrations()) h.update(m.name).update(m.checksum);
  return h.digest('hex').slice(0, 16);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The embedded template: kept between runs while the migrations are unchanged. */
export async function ensureEmbeddedTemplate(): Promise<string> {
  const dir = path.join(TEST_ROOT, `template-${migrationsDigest()}`);
  if (fs.existsSync(path.join(dir, '.ready'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const old of fs.existsSync(TEST_ROOT) ? fs.readdirSync(TEST_ROOT) : []) {
    if (old.startsWith('template-')) fs.rmSync(path.join(TEST_ROOT, old), { recursive: true, force: true });
  }
  const db = await openDatabase({ dataDir: dir });
  await migrate(db);
  await db.close();
  fs.writeFileSync(path.join(dir, '.ready'), new Date().toISOString());
  return dir;
}

export async function ensureServerTemplate(url: string): Promise<void> {
  await adminQuery(url, `DROP DATABASE IF EXISTS ${SERVER_TEMPLATE} WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE ${SERVER_TEMPLATE}`);
  const db = await openDatabase({ databaseUrl: withDatabase(url, SERVER_TEMPLATE), dataDir: '' });
  await migrate(db);
  await db.close();
}

/**
 * The demo city as `npm start` prepares it (seeded, open intervals rolled, map version 1 published), for
 * the test files that work on the demo city: seeding costs ~20 s, so it is done once per run, not per file.
 * Made afresh every run (seeded data holds dates relative to now).
 */
async function seedTemplate(db: Database): Promise<void> {
  await seedDemoCity(db, { password: TEST_DEMO_PASSWORD, bcryptCost: 4 });
  await rollForward(db.prisma);
}

export async function makeEmbeddedDemoTemplate(migrated: string): Promise<string> {
  const dir = path.join(TEST_ROOT, `demo-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(migrated, dir, { recursive: true });
  const db = await openDatabase({ dataDir: dir });
  try {
    await seedTemplate(db);
  } finally {
    await db.close();
  }
  return dir;
}

export async function makeServerDemoTemplate(url: string): Promise<void> {
  await adminQuery(url, `DROP DATABASE IF EXISTS ${SERVER_DEMO_TEMPLATE} WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE ${SERVER_DEMO_TEMPLATE} TEMPLATE ${SERVER_TEMPLATE}`);
  const db = await openDatabase({ databaseUrl: withDatabase(url, SERVER_DEMO_TEMPLATE), dataDir: '' });
  try {
    await seedTemplate(db);
  } finally {
    await db.close();
  }
}
