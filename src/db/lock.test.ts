// One process per embedded data folder: a second service (or migration) on a folder in use is refused
// with the holder's PID and the first keeps serving; a holder killed with -9 does not block a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_ROOT } from '../../test/template';
import { DataDirLockedError, lockDataDir, readLockOwner } from './lock';

const ROOT = path.resolve(__dirname, '../..');
const embedded = !process.env.DATABASE_URL;
let dir: string;

beforeAll(() => {
  dir = path.join(TEST_ROOT, `run-lock-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  // A copy of the migrated template: the service opens it in ~2 s instead of creating PostGIS anew.
  if (embedded) fs.cpSync(process.env.BIANMIN_TEST_TEMPLATE_DIR!, dir, { recursive: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Started { child: ChildProcess; out: () => string; exited: Promise<number | null> }

function startService(script = 'src/main.ts'): Started {
  let out = '';
  const env: NodeJS.ProcessEnv = { ...process.env, BIANMIN_DATA_DIR: dir, BIANMIN_SEED: 'none', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  // `node --import tsx` runs in one process (the tsx binary would be a wrapper with a PID of its own).
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

async function waitForUrl(s: Started, timeoutMs = 45_000): Promise<string> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const m = /health: (http:\/\/localhost:\d+\/healthz)/.exec(s.out());
    if (m) return m[1];
    if (s.child.exitCode !== null) throw new Error(`service exited: ${s.out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service did not start: ${s.out()}`);
}

(embedded ? describe : describe.skip)('the embedded data folder lock', () => {
  it('refuses a second lock in the same process, naming the holder, and frees it on release', async () => {
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(DataDirLockedError);
    await expect(lockDataDir(dir)).rejects.toThrow(new RegExp(`PID ${process.pid}`));
    await release();
    expect(readLockOwner(dir)).toBeNull();
    await (await lockDataDir(dir))();
  });

  it('a second service on the folder exits non-zero naming the first one\'s PID; the first keeps serving', async () => {
    const first = startService();
    try {
      const health = await waitForUrl(first);
      const second = startService();
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(second.out()).toContain('the data folder is in use');
      expect(second.out()).toContain(`PID ${first.child.pid}`);
      // So is the migration script.
      const migrate = startService('scripts/migrate.ts');
      expect(await migrate.exited).not.toBe(0);
      expect(migrate.out()).toContain(`PID ${first.child.pid}`);
      const res = await fetch(health);
      expect(res.status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
    // A clean stop released the lock.
    expect(readLockOwner(dir)).toBeNull();
    expect(fs.existsSync(path.join(dir, 'bianmin.lock'))).toBe(false);
  });

  it('after kill -9 of the holder a new service takes the folder at once', async () => {
    const first = startService();
    await waitForUrl(first);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(readLockOwner(dir)?.pid).toBe(first.child.pid);
    const next = startService();
    try {
      const health = await waitForUrl(next);
      expect((await fetch(health)).status).toBe(200);
    } finally {
      next.child.kill('SIGTERM');
      await next.exited;
    }
  });
});
