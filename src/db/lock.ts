// One process per embedded data folder. PGlite does not lock its folder: two processes on one folder
// both acknowledge writes, one's are lost and the folder is left unopenable ("could not locate a valid
// checkpoint record"). So the folder is locked before PGlite opens it, with proper-lockfile (an atomic
// mkdir), plus an owner file naming the holder. A holder that died without releasing (kill -9, power
// loss) is recognised at once by its PID when it ran on this host. proper-lockfile's own staleness (a
// lock whose mtime is not refreshed in time) is set to a day: PGlite runs SQL on the event loop, and a
// long statement (a bulk load) would otherwise delay the refresh, let the lock be judged stale and
// taken by a second process — the corruption this lock exists to prevent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

const LOCK_NAME = 'bianmin.lock';
const OWNER_NAME = 'bianmin.lock.json';
const STALE_MS = 24 * 3_600_000;

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly owner: LockOwner | null) {
    const who = owner ? `进程 PID ${owner.pid}（${owner.host}，自 ${owner.since}）/ process PID ${owner.pid} on ${owner.host} since ${owner.since}` : '另一进程 / another process';
    super(
      `数据目录已被占用 / the data folder is in use: ${dataDir}\n` +
      `  持有者 / held by: ${who}\n` +
      '  同一数据目录同时只能由一个进程使用：请先停止该进程，或用 BIANMIN_DATA_DIR 指定另一个目录。\n' +
      '  Only one process may use a data folder at a time: stop that process first, or set BIANMIN_DATA_DIR to another folder.' +
      (owner && owner.host !== os.hostname()
        ? `\n  若该主机上的进程确已停止，请删除 / if that process on ${owner.host} is surely gone, remove ${path.join(dataDir, LOCK_NAME)}`
        : ''),
    );
  }
}

export function readLockOwner(dataDir: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_NAME), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

/** Whether a process of this host still runs (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A holder on this host whose process is gone: its lock can be taken over without waiting. */
function deadHolder(owner: LockOwner | null): boolean {
  return owner !== null && owner.host === os.hostname() && owner.pid !== process.pid && !isAlive(owner.pid);
}

export type ReleaseLock = () => Promise<void>;

/**
 * Takes the folder's lock or throws DataDirLockedError naming the holder. `onLost` is called if the
 * lock is found taken over while held (e.g. the folder was removed), which the caller should treat as fatal.
 */
export async function lockDataDir(dataDir: string, onLost: (e: Error) => void = () => undefined): Promise<ReleaseLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const options = { lockfilePath: path.join(dataDir, LOCK_NAME), realpath: false, stale: STALE_MS, onCompromised: onLost };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    const owner = readLockOwner(dataDir);
    if (!deadHolder(owner)) throw new DataDirLockedError(dataDir, owner);
    fs.rmSync(options.lockfilePath, { recursive: true, force: true });
    try {
      release = await lockfile.lock(dataDir, options);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dataDir, readLockOwner(dataDir));
      throw again;
    }
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), command: process.argv.slice(1).join(' ').slice(0, 200) };
  fs.writeFileSync(path.join(dataDir, OWNER_NAME), JSON.stringify(owner));
  return async () => {
    // On a read-only folder the owner file stays behind: harmless, the next start takes over a dead holder.
    try {
      fs.rmSync(path.join(dataDir, OWNER_NAME), { force: true });
    } catch {
      // left behind
    }
    await release().catch(() => undefined);
  };
}
