// Backup and restore on a PostgreSQL server: pg_dump's custom format, and pg_restore's script piped
// into psql inside ONE transaction that first drops the database's own objects (with --force): a
// failed or interrupted restore rolls back and leaves the database as it was. Extensions are created
// if missing but never dropped or re-created: a DBA may have installed PostGIS for a role that may not.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { redactUrl } from '../config';
import { BackupError, finishOutput, prepareOutput, type BackupResult, type Log, type RestoreResult } from './backup';
import { findPgTool, pgConnection, runTool, scrub, siblingTool, type PgTool } from './backup.pgtools';
import { ownObjects, serverFacts, type OwnObject } from './backup.server.sql';

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function backupServer(opts: { url: string; file: string; log: Log }): Promise<BackupResult> {
  const out = prepareOutput(opts.file);
  const facts = await withClient(opts.url, serverFacts);
  if (!facts.migrations.length) opts.log('注意：此数据库没有便民的迁移记录 / note: this database has no Bianmin migrations');
  const tool = findPgTool('pg_dump', facts.major);
  const conn = pgConnection(opts.url);
  opts.log(`正在导出 / dumping ${redactUrl(opts.url)} with pg_dump ${tool.version} …`);
  try {
    await runTool(tool, ['--format=custom', '--no-password', `--file=${out.partial}`, `--dbname=${conn.conninfo}`], conn.env, conn.password);
  } catch (e) {
    fs.rmSync(out.partial, { force: true });
    throw e;
  }
  return finishOutput(out, { kind: 'server', source: redactUrl(opts.url), migrations: facts.migrations, postgres: `PostgreSQL ${facts.version}` });
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The archive's table of contents without its extensions (created separately, see above), and the
 * extensions' names. A comment on an extension needs its ownership too, so it goes with them.
 */
function splitToc(list: string): { toc: string; extensions: string[] } {
  const extensions: string[] = [];
  const keep = list.split('\n').filter((line) => {
    const ext = /^\d+; \d+ \d+ EXTENSION - (\S+)/.exec(line);
    if (ext) extensions.push(ext[1]);
    return !ext && !/^\d+; \d+ \d+ COMMENT - EXTENSION /.test(line);
  });
  return { toc: keep.join('\n'), extensions };
}

function preamble(extensions: string[], drops: OwnObject[]): string {
  return [
    'BEGIN;',
    'SET client_min_messages = warning;',
    ...extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e)} WITH SCHEMA public;`),
    ...drops.map((o) => `DROP ${o.kind} IF EXISTS ${o.name} CASCADE;`),
    '',
  ].join('\n');
}

/** pg_restore's script into psql; COMMIT is sent only after pg_restore has finished without error. */
function pipeRestore(tools: { restore: PgTool; psql: PgTool }, args: string[], head: string, url: string): Promise<void> {
  const conn = pgConnection(url);
  return new Promise((resolve, reject) => {
    const restore = spawn(tools.restore.path, args, { env: conn.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const psql = spawn(tools.psql.path, ['-X', '-q', '--no-password', '-v', 'ON_ERROR_STOP=1', `--dbname=${conn.conninfo}`], { env: conn.env, stdio: ['pipe', 'ignore', 'pipe'] });
    const errs = { restore: '', psql: '' };
    restore.stderr.on('data', (b: Buffer) => { errs.restore = (errs.restore + b.toString()).slice(-8192); });
    psql.stderr.on('data', (b: Buffer) => { errs.psql = (errs.psql + b.toString()).slice(-8192); });
    // psql stops at the first error (ON_ERROR_STOP): writes after that fail with EPIPE, and its exit code tells.
    psql.stdin.on('error', () => undefined);
    psql.stdin.write(head);
    restore.stdout.pipe(psql.stdin, { end: false });
    const restoreDone = new Promise<number | null>((r) => restore.on('close', r));
    const psqlDone = new Promise<number | null>((r) => psql.on('close', r));
    restore.on('error', (e) => errs.restore += e.message);
    psql.on('error', (e) => errs.psql += e.message);
    void restoreDone.then((code) => psql.stdin.end(code === 0 ? 'COMMIT;\n' : ''));
    void psqlDone.then(() => { if (restore.exitCode === null) restore.kill(); });
    void Promise.all([restoreDone, psqlDone]).then(([rc, pc]) => {
      const fail = (tool: PgTool, text: string) => reject(new BackupError(
        `${path.basename(tool.path)} ${tool.version} 失败，数据库未改变 / failed, the database was not changed (rolled back):\n${scrub(text.trim(), conn.password)}`));
      if (pc !== 0) fail(tools.psql, errs.psql);
      else if (rc !== 0) fail(tools.restore, errs.restore);
      else resolve();
    });
  });
}

export async function restoreServer(opts: { url: string; file: string; force: boolean; log: Log }): Promise<RestoreResult> {
  const target = redactUrl(opts.url);
  const { facts, own } = await withClient(opts.url, async (c) => ({ facts: await serverFacts(c), own: await ownObjects(c) }));
  if (own.length && !opts.force) {
    throw new BackupError(
      `目标数据库已有数据 / the target database is not empty: ${target} (${own.slice(0, 5).map((o) => o.name).join(', ')}${own.length > 5 ? ', …' : ''})\n` +
      '  加 --force 替换其全部内容（在一个事务中完成，失败则不变），或在 DATABASE_URL 中指定一个新的空数据库。\n' +
      '  Add --force to replace all of it (in one transaction: a failure changes nothing), or point DATABASE_URL at a new empty database.',
    );
  }
  const restoreTool = findPgTool('pg_restore', facts.major);
  const tools = { restore: restoreTool, psql: siblingTool(restoreTool, 'psql') };
  const conn = pgConnection(opts.url);
  const list = await runTool(restoreTool, ['--list', opts.file], conn.env, conn.password).catch((e: Error) => {
    throw new BackupError(`无法读取备份，数据库未改变 / cannot read the archive, the database was not changed:\n${e.message}`);
  });
  const { toc, extensions } = splitToc(list);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-restore-'));
  try {
    const listFile = path.join(tmp, 'toc.list');
    fs.writeFileSync(listFile, toc);
    if (own.length) opts.log(`将替换 ${own.length} 个对象 / replacing ${own.length} objects of ${target}`);
    opts.log(`正在恢复 / restoring with pg_restore ${restoreTool.version} in one transaction …`);
    const args = ['--no-owner', '--no-privileges', `--use-list=${listFile}`, '--file=-', opts.file];
    await pipeRestore(tools, args, preamble(extensions, opts.force ? own : []), opts.url);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const after = await withClient(opts.url, serverFacts);
  return { kind: 'server', target, migrations: after.migrations };
}
