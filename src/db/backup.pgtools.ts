// The PostgreSQL client programs a server backup needs (pg_dump, pg_restore, psql): found in PATH or in
// Debian's /usr/lib/postgresql/<major>/bin, the oldest one at least as new as the server (an older
// pg_dump refuses a newer server; a much newer pg_restore writes settings an older server rejects).
// The password travels in PGPASSWORD, never on a command line (visible to every user in `ps`) or in a log.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup';

export interface PgTool {
  path: string;
  major: number;
  version: string;
}

/** URL parameters only Prisma understands; libpq refuses unknown ones. */
const PRISMA_PARAMS = ['schema', 'connection_limit', 'pool_timeout', 'pgbouncer', 'statement_cache_size', 'socket_timeout', 'sslaccept'];

/** A connection string without the password, and the environment that carries the password. */
export function pgConnection(url: string): { conninfo: string; env: NodeJS.ProcessEnv; password: string | null } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : u.searchParams.get('password');
  u.password = '';
  for (const p of [...PRISMA_PARAMS, 'password']) u.searchParams.delete(p);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password !== null) env.PGPASSWORD = password;
  return { conninfo: u.toString(), env, password };
}

function toolVersion(file: string): PgTool | null {
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = /\(PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(r.stdout ?? '');
  return m ? { path: file, major: Number(m[1]), version: `${m[1]}${m[2] ?? ''}` } : null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export interface ToolSearch {
  pathEnv?: string;
  libDir?: string;
}

/** Every copy of `name` found, with its version. */
export function listPgTools(name: string, where: ToolSearch = {}): PgTool[] {
  const libDir = where.libDir ?? '/usr/lib/postgresql';
  const dirs = (where.pathEnv ?? process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  if (fs.existsSync(libDir)) {
    for (const v of fs.readdirSync(libDir).sort()) dirs.push(path.join(libDir, v, 'bin'));
  }
  const seen = new Set<string>();
  const found: PgTool[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (!isExecutable(file) || seen.has(file)) continue;
    seen.add(file);
    const tool = toolVersion(file);
    if (tool) found.push(tool);
  }
  return found;
}

/** Debian's pg_wrapper picks a version by its own rules: a versioned binary of the same major is surer. */
const isWrapper = (t: PgTool): boolean => path.basename(fs.realpathSync(t.path)) === 'pg_wrapper';

export function findPgTool(name: string, serverMajor: number, where: ToolSearch = {}): PgTool {
  const all = listPgTools(name, where);
  const fit = all
    .filter((t) => t.major >= serverMajor)
    .sort((a, b) => a.major - b.major || Number(isWrapper(a)) - Number(isWrapper(b)));
  if (fit.length) return fit[0];
  const seen = all.length ? `；找到 / found: ${all.map((t) => `${t.version} (${t.path})`).join(', ')}` : '';
  throw new BackupError(
    `找不到 ${name} ${serverMajor} 或更新版本 / no ${name} of version ${serverMajor} or newer (the server's)${seen}\n` +
    `  已查找 / looked in PATH and ${where.libDir ?? '/usr/lib/postgresql'}/<major>/bin.\n` +
    `  请安装 PostgreSQL 客户端 / install the PostgreSQL client, e.g. apt-get install postgresql-client-${serverMajor}`,
  );
}

/** The psql beside a chosen pg_restore, so both speak the same version of the restore script. */
export function siblingTool(tool: PgTool, name: string): PgTool {
  const file = path.join(path.dirname(tool.path), name);
  const found = isExecutable(file) ? toolVersion(file) : null;
  if (!found) throw new BackupError(`找不到 ${name} / no ${name} beside ${tool.path}: install the PostgreSQL ${tool.major} client`);
  return found;
}

/** Hides the password if a tool's message ever repeats it. */
export function scrub(text: string, password: string | null): string {
  return password ? text.split(password).join('***') : text;
}

/** Runs a tool to completion; a failure carries the tool's own message (the last 8 KB of stderr). */
export function runTool(tool: PgTool, args: string[], env: NodeJS.ProcessEnv, password: string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err = (err + b.toString()).slice(-8192); });
    child.on('error', (e) => reject(new BackupError(`无法运行 / cannot run ${tool.path}: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new BackupError(`${path.basename(tool.path)} ${tool.version} 失败 / failed (exit ${code}):\n${scrub(err.trim(), password)}`));
    });
  });
}
