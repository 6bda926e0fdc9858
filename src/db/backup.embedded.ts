// Backup and restore of the embedded database: PGlite's own tarball of the data folder (dumpDataDir),
// loaded back with PGlite.create({ loadDataDir }). Both take the folder lock: copying a folder that a
// running service writes to would give a torn copy, and restoring under it would corrupt both.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from './pglite-extensions';
import { BackupError, finishOutput, prepareOutput, timestamp, type BackupResult, type Log, type RestoreResult } from './backup';
import { openPglite } from './embedded';
import { DataDirLockedError, lockDataDir, type ReleaseLock } from './lock';
import { SwapIncompleteError, swapIntoPlace } from './backup.swap';

/** The lock's own files: never data, and a restored copy of them would name the backup's process. */
export const LOCK_FILES = ['bianmin.lock', 'bianmin.lock.json'];

const MIGRATIONS_SQL = `SELECT migration_name FROM "_prisma_migrations"
  WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`;

async function readLevel(pg: PGlite): Promise<string[]> {
  const exists = await pg.query<{ t: string | null }>(`SELECT to_regclass('public."_prisma_migrations"')::text AS t`);
  if (!exists.rows[0]?.t) return [];
  return (await pg.query<{ migration_name: string }>(MIGRATIONS_SQL)).rows.map((r) => r.migration_name);
}

/** Takes the folder lock, explaining what to do when a running service holds it. */
async function lockFor(dataDir: string, what: string): Promise<ReleaseLock> {
  try {
    return await lockDataDir(dataDir);
  } catch (e) {
    if (!(e instanceof DataDirLockedError)) throw e;
    throw new BackupError(
      `${e.message}\n  ${what}需要独占数据目录：请先停止服务（例如 Ctrl+C），完成后再启动。\n` +
      `  A ${what === '备份' ? 'backup' : 'restore'} needs the folder to itself: stop the service, run this again, then start the service (it takes seconds).\n` +
      '  不停机备份请使用 PostgreSQL 服务器（DATABASE_URL），pg_dump 可在服务运行时备份。 / For backups without stopping, run on a PostgreSQL server (DATABASE_URL): pg_dump works while the service runs.',
      { cause: e },
    );
  }
}

export async function backupEmbedded(opts: { dataDir: string; file: string; log: Log }): Promise<BackupResult> {
  const dataDir = path.resolve(opts.dataDir);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new BackupError(`这里没有嵌入式数据库 / there is no embedded database in ${dataDir} (set BIANMIN_DATA_DIR)`);
  }
  const out = prepareOutput(opts.file);
  const release = await lockFor(dataDir, '备份');
  try {
    opts.log(`正在打开数据目录 / opening ${dataDir} …`);
    const pg = await openPglite(dataDir);
    let tarball: Buffer;
    let migrations: string[];
    let version: string;
    try {
      migrations = await readLevel(pg);
      version = (await pg.query<{ v: string }>('SHOW server_version')).rows[0].v;
      // Flush the WAL into the data files so the copy starts without replaying it.
      await pg.exec('CHECKPOINT');
      opts.log('正在导出 / dumping the data folder …');
      tarball = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await pg.close();
    }
    fs.writeFileSync(out.partial, tarball, { flag: 'wx' });
    return await finishOutput(out, { kind: 'embedded', source: dataDir, migrations, postgres: `PGlite (PostgreSQL ${version})` });
  } catch (e) {
    fs.rmSync(out.partial, { force: true });
    throw e;
  } finally {
    await release();
  }
}

/** The tarball's entry names: enough to tell a data folder from any other gzip file. */
function tarEntries(tar: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number) => header.toString('utf8', from, from + len).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    names.push((prefix ? `${prefix}/` : '') + field(0, 100));
    const size = parseInt(field(124, 12).trim() || '0', 8);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

export function readEmbeddedBackup(file: string): Buffer {
  const gz = fs.readFileSync(file);
  let names: string[];
  try {
    names = tarEntries(zlib.gunzipSync(gz));
  } catch (e) {
    throw new BackupError(`无法读取备份文件 / cannot read the backup file ${file}: ${(e as Error).message}`);
  }
  // PGlite writes the folder's entries at the archive's root ("/PG_VERSION", "/base/1/…").
  if (!names.some((n) => n.replace(/^\/+/, '') === 'PG_VERSION')) {
    throw new BackupError(`这不是嵌入式数据库的备份 / not a backup of an embedded data folder (no PG_VERSION): ${file}`);
  }
  return gz;
}

/** The folder's entries apart from the lock's: what a restore would replace. */
export function folderContent(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((n) => !LOCK_FILES.includes(n));
}

function refuseNonEmpty(target: string, entries: string[]): never {
  throw new BackupError(
    `目标目录不是空的 / the target folder is not empty: ${target} (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''})\n` +
    '  加 --force 替换它（原内容保留为 <目录>.before-restore-<时间>），或用 --to 指定一个新目录。\n' +
    '  Add --force to replace it (its content is kept as <folder>.before-restore-<time>), or choose a new folder with --to.',
  );
}

/**
 * Restores into `target`: the tarball is loaded into a sibling folder first, and only once PGlite has
 * opened it are the entries swapped in, under the target's lock. With --force the old content moves to
 * `<target>.before-restore-<time>` and is kept: the operator deletes it once satisfied.
 */
export async function restoreEmbedded(opts: { file: string; target: string; force: boolean; log: Log }): Promise<RestoreResult> {
  const target = path.resolve(opts.target);
  const tarball = readEmbeddedBackup(opts.file);
  const existing = folderContent(target);
  if (existing.length && !opts.force) refuseNonEmpty(target, existing);
  const created = !fs.existsSync(target);
  const release = await lockFor(target, '恢复');
  const stamp = timestamp();
  const staging = `${target}.restoring-${stamp}`;
  try {
    // Checked again under the lock: the folder may have been written between the look and the lock.
    const now = folderContent(target);
    if (now.length && !opts.force) refuseNonEmpty(target, now);
    fs.mkdirSync(staging);
    opts.log(`正在恢复到临时目录 / loading the backup into ${staging} …`);
    const pg = await PGlite.create({ dataDir: staging, loadDataDir: new Blob([tarball]), extensions: PGLITE_EXTENSIONS });
    let migrations: string[];
    try {
      migrations = await readLevel(pg);
    } finally {
      await pg.close();
    }
    for (const name of LOCK_FILES) fs.rmSync(path.join(staging, name), { recursive: true, force: true });
    const previous = now.length ? `${target}.before-restore-${stamp}` : undefined;
    swapIntoPlace({ target, staging, previous, keep: LOCK_FILES });
    return { kind: 'embedded', target, migrations, previous };
  } catch (e) {
    // An undone swap leaves the restored copy in staging, a disposable copy; a swap that could not be
    // undone may hold the only copy of something there, so it stays.
    if (!(e instanceof SwapIncompleteError)) fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  } finally {
    await release();
    if (created && folderContent(target).length === 0) fs.rmSync(target, { recursive: true, force: true });
  }
}
