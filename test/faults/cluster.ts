// A private, throwaway PostgreSQL + PostGIS cluster for tests that stop and start the database server:
// the shared cluster on port 5432 serves other test files at the same time and must never go down.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { isRoot, systemUser, type User } from './users';

const run = promisify(execFile);

/** The newest installed PostgreSQL whose PostGIS is installed too, 15 first (what CI installs). */
function findBin(): { bin: string; reason: null } | { bin: null; reason: string } {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => (a === '15' ? -1 : b === '15' ? 1 : Number(b) - Number(a))) : [];
  for (const v of versions) {
    const bin = path.join(base, v, 'bin');
    const postgis = `/usr/share/postgresql/${v}/extension/postgis.control`;
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl')) && fs.existsSync(postgis)) return { bin, reason: null };
  }
  return { bin: null, reason: `no PostgreSQL with PostGIS under ${base} (Debian: apt-get install postgresql-15-postgis-3)` };
}

/** Root runs the cluster as `postgres`; anyone else runs it as themselves. */
function clusterUser(): User | null | string {
  if (!isRoot()) return null;
  return systemUser('postgres') ?? 'running as root, and there is no `postgres` user to run a private cluster as';
}

/** Why a private cluster cannot be made here, or null when it can. */
export function clusterSkipReason(): string | null {
  const found = findBin();
  if (!found.bin) return found.reason;
  const user = clusterUser();
  return typeof user === 'string' ? user : null;
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface Cluster {
  port: number;
  /** A URL for one database of the cluster (trust authentication: no password). */
  url(database: string): string;
  /** pg_ctl stop: `fast` ends sessions and checkpoints, `immediate` is a crash (recovery at the next start). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops it if running and removes its files. */
  destroy(): Promise<void>;
}

export async function createCluster(): Promise<Cluster> {
  const { bin } = findBin();
  const user = clusterUser();
  if (!bin || typeof user === 'string') throw new Error(clusterSkipReason() ?? 'no cluster');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-pg-'));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const as = { cwd: dir, ...(user ?? {}) };
  const pgctl = (...args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), ...args], as);
  // The socket goes into our folder, not /var/run/postgresql where the shared cluster's is.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40`;
  const start = async () => { await pgctl('-w', '-o', options, 'start'); };
  try {
    // -N: no fsync while creating a cluster that lives for one test; the server itself keeps fsync on.
    await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8', '--locale=C'], as);
    await start();
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop(mode) {
      await pgctl('-w', '-m', mode, 'stop');
    },
    start,
    async destroy() {
      await pgctl('-m', 'immediate', 'stop').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
