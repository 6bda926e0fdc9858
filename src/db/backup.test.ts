// Backup and restore on the backend under test: the demo city goes through a backup into a fresh
// place and every table of schema public comes back with the same rows (count and md5 of the rows in
// order); a target holding data is refused without --force and left as it was; with --force it is
// replaced (embedded: the old content kept beside it; server: in one transaction); a folder another
// process holds is refused naming its PID; a damaged or failing restore changes nothing.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVER_TEMPLATE, TEST_ROOT, adminQuery, withDatabase } from '../../test/template';
import { DEMO_ACCOUNTS, seedDemoCity } from '../demo/demo-seed';
import { DEMO_SHOPS } from '../demo/demo-signs.data';
import { DEMO_VENDORS } from '../demo/demo-stalls.data';
import { runRestore, sha256File, type RestoreResult } from './backup';
import { backupEmbedded, LOCK_FILES } from './backup.embedded';
import { findPgTool, pgConnection } from './backup.pgtools';
import { openDatabase, type Database } from './database';
import { lockDataDir } from './lock';
import { migrate, readMigrations } from './migrate';

const url = process.env.DATABASE_URL;
const REPO = path.resolve(__dirname, '../..');
const root = path.join(TEST_ROOT, `run-backup-${process.pid}_${crypto.randomBytes(3).toString('hex')}`);
const lines: string[] = [];
const log = (l: string): void => { lines.push(l); };
jest.setTimeout(180_000);

beforeAll(() => fs.mkdirSync(root, { recursive: true }));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface TablePrint { table: string; rows: number; md5: string | null }

/** Every table of schema public (PostGIS's included), its row count and an md5 of its rows in order. */
async function fingerprint(db: Database): Promise<TablePrint[]> {
  const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name::text AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const out: TablePrint[] = [];
  for (const { name } of tables) {
    const [r] = await db.prisma.$queryRawUnsafe<{ rows: number; md5: string | null }[]>(
      `SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM public."${name}" t`);
    out.push({ table: name, ...r });
  }
  return out;
}

async function printOf(open: () => Promise<Database>): Promise<TablePrint[]> {
  const db = await open();
  try {
    return await fingerprint(db);
  } finally {
    await db.close();
  }
}

const names = readMigrations().map((m) => m.name);

function expectDemo(print: TablePrint[]): void {
  const rows = Object.fromEntries(print.map((t) => [t.table, t.rows]));
  // The demo accounts, a vendor account for every demo vendor but the first (the demo `vendor`), and one
  // for every demo shop owner but the demo `vendor`, who owns a shop too.
  const shopOwners = new Set(DEMO_SHOPS.filter((s) => s.owner !== 'vendor').map((s) => s.owner)).size;
  expect(rows).toMatchObject({ city: 1, account: DEMO_ACCOUNTS.length + DEMO_VENDORS.length - 1 + shopOwners, _prisma_migrations: names.length });
  expect(rows.spot).toBeGreaterThan(5);
  expect(rows.zone).toBeGreaterThan(5);
  expect(rows.audit_log).toBeGreaterThan(5);
}

/** Every path under a folder with its size and mtime: "changed nothing" made checkable. */
function snapshot(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((n) => {
    const s = fs.statSync(path.join(dir, n));
    return `${n} ${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`;
  });
}

const run = promisify(execFile);
async function script(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO, env: { ...process.env, ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

describe('any backend', () => {
  it('refuses a file that is no backup, and a damaged one, before touching anything', async () => {
    const junk = path.join(root, 'junk.dump');
    fs.writeFileSync(junk, 'hello');
    await expect(runRestore({ file: junk, dataDir: path.join(root, 'x'), force: true, log })).rejects.toThrow(/not a Bianmin backup/);
    fs.writeFileSync(junk, 'PGDMP and then less than was written');
    fs.writeFileSync(`${junk}.json`, JSON.stringify({ size: 999, sha256: 'ab' }));
    await expect(runRestore({ file: junk, databaseUrl: url, dataDir: path.join(root, 'x'), force: true, log }))
      .rejects.toThrow(/damaged or incomplete/);
    expect(fs.existsSync(path.join(root, 'x'))).toBe(false);
  });

  it('finds no client program older than the server, and says how to install one', () => {
    expect(() => findPgTool('pg_dump', 99)).toThrow(/no pg_dump of version 99 or newer.*\n.*\n.*postgresql-client-99/);
    expect(() => findPgTool('pg_dump', 15, { pathEnv: '', libDir: path.join(root, 'none') })).toThrow(/no pg_dump/);
  });

  it('passes the password in the environment only', () => {
    const c = pgConnection('postgres://bm:s%40cret@db.example:5433/bianmin?schema=public&sslmode=require');
    expect(c.env.PGPASSWORD).toBe('s@cret');
    expect(c.conninfo).toBe('postgres://bm@db.example:5433/bianmin?sslmode=require');
    expect(pgConnection('postgres://bm@h/db?password=p%26w').env.PGPASSWORD).toBe('p&w');
    expect(pgConnection('postgres://bm@h/db?password=p%26w').conninfo).toBe('postgres://bm@h/db');
  });
});

(url ? describe.skip : describe)('embedded data folder', () => {
  const source = path.join(root, 'source');
  const file = path.join(root, 'out', 'demo.tar.gz');
  let before: TablePrint[];

  beforeAll(async () => {
    fs.cpSync(process.env.BIANMIN_TEST_TEMPLATE_DIR!, source, { recursive: true });
    before = await printOf(async () => {
      const db = await openDatabase({ dataDir: source });
      await seedDemoCity(db, { password: 'backup-test-pw', bcryptCost: 4 });
      return db;
    });
    expectDemo(before);
  });

  it('refuses to back up a folder another holder has locked, naming its PID, and writes nothing', async () => {
    const release = await lockDataDir(source);
    try {
      await expect(backupEmbedded({ dataDir: source, file, log })).rejects.toThrow(new RegExp(`in use[^]*PID ${process.pid}[^]*stop the service`));
      const cli = await script(['scripts/backup.ts', file], { BIANMIN_DATA_DIR: source });
      expect(cli.code).toBe(1);
      expect(cli.out).toContain(`PID ${process.pid}`);
    } finally {
      await release();
    }
    expect(fs.existsSync(file) || fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it('round-trips every table into a new folder', async () => {
    const r = await backupEmbedded({ dataDir: source, file, log });
    expect(r).toMatchObject({ kind: 'embedded', path: file, migrations: names, size: fs.statSync(file).size });
    expect(r.sha256).toBe(await sha256File(file));
    expect(JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'))).toMatchObject({ sha256: r.sha256, migrations: names });
    const to = path.join(root, 'restored');
    const res = await runRestore({ file, dataDir: path.join(root, 'unused'), to, force: false, log });
    expect(res).toMatchObject({ kind: 'embedded', target: to, migrations: names, previous: undefined });
    expect(fs.readdirSync(to).filter((n) => LOCK_FILES.includes(n))).toEqual([]);
    expect(fs.readdirSync(root).filter((n) => n.includes('.restoring-'))).toEqual([]);
    expect(await printOf(() => openDatabase({ dataDir: to }))).toEqual(before);
  });

  it('refuses a non-empty target without --force, or one in use even with it, and changes nothing', async () => {
    const occupied = path.join(root, 'occupied');
    fs.cpSync(process.env.BIANMIN_TEST_TEMPLATE_DIR!, occupied, { recursive: true });
    const was = snapshot(occupied);
    const siblings = fs.readdirSync(root);
    await expect(runRestore({ file, dataDir: occupied, force: false, log })).rejects.toThrow(/not empty[^]*--force/);
    const release = await lockDataDir(occupied);
    await expect(runRestore({ file, dataDir: occupied, force: true, log })).rejects.toThrow(new RegExp(`PID ${process.pid}`));
    await release();
    const cli = await script(['scripts/restore.ts', file], { BIANMIN_DATA_DIR: occupied });
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('the target folder is not empty');
    expect(snapshot(occupied)).toEqual(was);
    expect(fs.readdirSync(root)).toEqual(siblings);
  });

  it('with --force replaces the content and keeps the old one beside it', async () => {
    const occupied = path.join(root, 'occupied');
    const was = snapshot(occupied).map((l) => l.split(' ')[0]);
    const res: RestoreResult = await runRestore({ file, dataDir: occupied, force: true, log });
    expect(res.previous).toMatch(/occupied\.before-restore-\d{8}T\d{6}Z$/);
    expect(snapshot(res.previous!).map((l) => l.split(' ')[0])).toEqual(was);
    expect(await printOf(() => openDatabase({ dataDir: occupied }))).toEqual(before);
  });
});

(url ? describe : describe.skip)('PostgreSQL server', () => {
  const admin = url ?? '';
  const suffix = `${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const [src, fresh] = [`bianmin_bk_${suffix}_src`, `bianmin_bk_${suffix}_new`];
  const file = path.join(root, 'demo.dump');
  const open = (db: string) => () => openDatabase({ databaseUrl: withDatabase(admin, db), dataDir: '' });
  let before: TablePrint[];

  beforeAll(async () => {
    await adminQuery(admin, `CREATE DATABASE ${src} TEMPLATE ${SERVER_TEMPLATE}`);
    // A bare database, without PostGIS: the restore must bring the extension in itself.
    await adminQuery(admin, `CREATE DATABASE ${fresh}`);
    before = await printOf(async () => {
      const db = await open(src)();
      // The shared template may lag a migration another run added meanwhile: bring this copy up to date.
      await migrate(db);
      await seedDemoCity(db, { password: 'backup-test-pw', bcryptCost: 4 });
      return db;
    });
    expectDemo(before);
  });
  afterAll(async () => {
    for (const db of [src, fresh]) await adminQuery(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  });

  it('round-trips every table into a new database; the script prints file, size and SHA-256, never the password', async () => {
    const cli = await script(['scripts/backup.ts', file], { DATABASE_URL: withDatabase(admin, src) });
    expect(cli.code).toBe(0);
    const r = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as { sha256: string; migrations: string[] };
    expect(r.migrations).toEqual(names);
    expect(cli.out).toContain(file);
    expect(cli.out).toContain(r.sha256);
    expect(cli.out).toMatch(/size: .*bytes/);
    const password = new URL(admin).password;
    if (password) expect(cli.out).not.toContain(`:${password}@`);
    const res = await runRestore({ file, databaseUrl: withDatabase(admin, fresh), dataDir: '', force: false, log });
    expect(res).toMatchObject({ kind: 'server', migrations: names });
    expect(await printOf(open(fresh))).toEqual(before);
  });

  it('refuses a database holding data without --force and changes nothing', async () => {
    await expect(runRestore({ file, databaseUrl: withDatabase(admin, src), dataDir: '', force: false, log }))
      .rejects.toThrow(/not empty[^]*--force/);
    expect(await printOf(open(src))).toEqual(before);
  });

  it('a restore that fails part-way is rolled back and changes nothing', async () => {
    // Damaged data near the end (no sidecar to catch it): the table of contents reads, the data fails
    // (zlib's check in pg_restore, or psql on garbled rows) after the old objects were dropped.
    const cut = path.join(root, 'damaged.dump');
    const bytes = fs.readFileSync(file);
    for (let i = Math.floor(bytes.length * 0.9), end = i + 32; i < end; i++) bytes[i] ^= 0x5a;
    fs.writeFileSync(cut, bytes);
    await adminQuery(withDatabase(admin, src), 'DELETE FROM audit_log WHERE id IN (SELECT min(id) FROM audit_log)');
    const changed = await printOf(open(src));
    await expect(runRestore({ file: cut, databaseUrl: withDatabase(admin, src), dataDir: '', force: true, log }))
      .rejects.toThrow(/failed, the database was not changed \(rolled back\)/);
    expect(await printOf(open(src))).toEqual(changed);
  });

  it('with --force replaces everything, also objects the backup does not know (a newer migration\'s)', async () => {
    await adminQuery(withDatabase(admin, src), `CREATE TYPE newer_kind AS ENUM ('x');
      CREATE TABLE newer_table (id int PRIMARY KEY, city_id uuid REFERENCES city (id), k newer_kind)`);
    const res = await runRestore({ file, databaseUrl: withDatabase(admin, src), dataDir: '', force: true, log });
    expect(res.migrations).toEqual(names);
    expect(await printOf(open(src))).toEqual(before);
  });
});
