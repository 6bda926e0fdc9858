// Backup and restore of either backend (`npm run db:backup` / `npm run db:restore`). The embedded
// database is saved as PGlite's own data-folder tarball (backup.embedded.ts), a server with pg_dump's
// custom format (backup.server.ts). Beside each file sits a small JSON sidecar (its size, SHA-256 and
// migration level), so a restore can check the file is whole and say what it brings back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readMigrations } from './migrate';

export type BackupKind = 'embedded' | 'server';

export class BackupError extends Error {}

export interface Sidecar {
  format: 'bianmin-backup';
  kind: BackupKind;
  createdAt: string;
  file: string;
  size: number;
  sha256: string;
  /** Where it came from: the data folder, or the database URL without its password. */
  source: string;
  /** Names from _prisma_migrations, oldest first. */
  migrations: string[];
  postgres: string;
}

export interface BackupResult extends Sidecar {
  path: string;
  sidecarPath: string;
}

export interface RestoreResult {
  kind: BackupKind;
  /** The data folder or the (redacted) database URL restored into. */
  target: string;
  migrations: string[];
  /** Embedded --force: where the replaced folder's content was kept. */
  previous?: string;
}

export type Log = (line: string) => void;

export function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function defaultBackupPath(kind: BackupKind, dir = path.resolve('backups'), d = new Date()): string {
  return path.join(dir, `bianmin-${kind}-${timestamp(d)}.${kind === 'embedded' ? 'tar.gz' : 'dump'}`);
}

export const sidecarPath = (file: string): string => `${file}.json`;

/** The kind of a backup file from its first bytes (not its name, which the operator may change). */
export function detectKind(file: string): BackupKind {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'embedded';
  if (head.toString('latin1') === 'PGDMP') return 'server';
  throw new BackupError(`不是便民备份文件 / not a Bianmin backup file (neither a data-folder tarball nor a pg_dump custom archive): ${file}`);
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A place for a new backup file: never overwrites one, creates its folder. */
export function prepareOutput(file: string): { final: string; partial: string } {
  const final = path.resolve(file);
  if (fs.existsSync(final)) throw new BackupError(`文件已存在，不会覆盖 / the file already exists and will not be overwritten: ${final}`);
  fs.mkdirSync(path.dirname(final), { recursive: true });
  return { final, partial: `${final}.partial` };
}

/** Moves the finished file into place and writes its sidecar. */
export async function finishOutput(
  out: { final: string; partial: string },
  meta: Pick<Sidecar, 'kind' | 'source' | 'migrations' | 'postgres'>,
): Promise<BackupResult> {
  fs.renameSync(out.partial, out.final);
  const sidecar: Sidecar = {
    format: 'bianmin-backup', kind: meta.kind, createdAt: new Date().toISOString(), file: path.basename(out.final),
    size: fs.statSync(out.final).size, sha256: await sha256File(out.final),
    source: meta.source, migrations: meta.migrations, postgres: meta.postgres,
  };
  fs.writeFileSync(sidecarPath(out.final), `${JSON.stringify(sidecar, null, 2)}\n`);
  return { ...sidecar, path: out.final, sidecarPath: sidecarPath(out.final) };
}

/**
 * Checks a backup file before anything is changed: its kind, and against its sidecar (when there is
 * one) its size and SHA-256, so a truncated or damaged copy is refused instead of half restored.
 */
export async function checkBackupFile(file: string, log: Log): Promise<{ kind: BackupKind; sidecar: Sidecar | null }> {
  if (!fs.existsSync(file)) throw new BackupError(`找不到备份文件 / no such backup file: ${file}`);
  const kind = detectKind(file);
  let sidecar: Sidecar | null = null;
  try {
    sidecar = JSON.parse(fs.readFileSync(sidecarPath(file), 'utf8')) as Sidecar;
  } catch {
    log(`没有说明文件 ${path.basename(sidecarPath(file))}，不校验 SHA-256 / no sidecar file: the checksum is not verified`);
    return { kind, sidecar: null };
  }
  const size = fs.statSync(file).size;
  const sha = await sha256File(file);
  if (sidecar.size !== size || sidecar.sha256 !== sha) {
    throw new BackupError(
      `备份文件已损坏或不完整 / the backup file is damaged or incomplete: ${file}\n` +
      `  expected ${sidecar.size} bytes, SHA-256 ${sidecar.sha256}\n  found    ${size} bytes, SHA-256 ${sha}`,
    );
  }
  log(`校验通过 / checksum verified: SHA-256 ${sha}; 备份于 / taken ${sidecar.createdAt} from ${sidecar.source}`);
  return { kind, sidecar };
}

/** How the restored migration level compares with this code's migrations: what the operator must know. */
export function describeLevel(migrations: string[]): string {
  const known = readMigrations().map((m) => m.name);
  const last = migrations[migrations.length - 1] ?? '(none)';
  const unknown = migrations.filter((m) => !known.includes(m));
  const pending = known.filter((m) => !migrations.includes(m));
  let line = `迁移级别 / migration level: ${last} (${migrations.length} applied)`;
  if (unknown.length) line += `\n  注意：备份来自更新的版本 / note: the backup comes from a newer Bianmin (unknown migrations: ${unknown.join(', ')})`;
  if (pending.length) line += `\n  下次启动将应用 ${pending.length} 个迁移 / the next start applies ${pending.length} pending migration(s)`;
  return line;
}

export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]} (${bytes.toLocaleString('en')} bytes)`;
}

/** `npm run db:backup`: the backend is the service's (DATABASE_URL, else the data folder). */
export async function runBackup(opts: { databaseUrl?: string; dataDir: string; file?: string; log: Log }): Promise<BackupResult> {
  const kind: BackupKind = opts.databaseUrl ? 'server' : 'embedded';
  const file = opts.file ?? defaultBackupPath(kind);
  if (opts.databaseUrl) {
    const { backupServer } = await import('./backup.server');
    return backupServer({ url: opts.databaseUrl, file, log: opts.log });
  }
  const { backupEmbedded } = await import('./backup.embedded');
  return backupEmbedded({ dataDir: opts.dataDir, file, log: opts.log });
}

/**
 * `npm run db:restore`: the file says which backend it belongs to. An embedded backup goes into a data
 * folder (--to, else BIANMIN_DATA_DIR), a server backup into the database of DATABASE_URL.
 */
export async function runRestore(opts: {
  file: string; databaseUrl?: string; dataDir: string; to?: string; force: boolean; log: Log;
}): Promise<RestoreResult> {
  const file = path.resolve(opts.file);
  const { kind } = await checkBackupFile(file, opts.log);
  if (kind === 'server') {
    if (!opts.databaseUrl) throw new BackupError('这是服务器备份，请设置 DATABASE_URL / this is a server backup: set DATABASE_URL to the database to restore into');
    if (opts.to) throw new BackupError('--to 只用于嵌入式备份 / --to is for embedded backups; a server backup goes into DATABASE_URL');
    const { restoreServer } = await import('./backup.server');
    return restoreServer({ url: opts.databaseUrl, file, force: opts.force, log: opts.log });
  }
  if (opts.databaseUrl && !opts.to) {
    throw new BackupError(
      '这是嵌入式数据目录的备份，不能恢复到 DATABASE_URL；去掉 DATABASE_URL 或用 --to <目录>。\n' +
      'This is a backup of an embedded data folder and cannot go into DATABASE_URL: unset DATABASE_URL, or pass --to <folder>.',
    );
  }
  const { restoreEmbedded } = await import('./backup.embedded');
  return restoreEmbedded({ file, target: opts.to ?? opts.dataDir, force: opts.force, log: opts.log });
}
