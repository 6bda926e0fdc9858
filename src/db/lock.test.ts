// One process per embedded data folder: a second service (or migration) on a folder in use is refused
// with the holder's PID and the first keeps serving; a holder killed with -9 does not block a restart.
import fs from 'node:fs';
import path from 'node:path';
import { startService as spawnService, waitForUrl, type Service } from '../../test/helpers/service';
import { TEST_ROOT } from '../../test/template';
import { DataDirLockedError, lockDataDir, readLockOwner } from './lock';

const embedded = !process.env.DATABASE_URL;
let dir: string;

beforeAll(() => {
  dir = path.join(TEST_ROOT, `run-lock-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  // A copy of the migrated template: the service opens it in ~2 s instead of creating PostGIS anew.
  if (embedded) fs.cpSync(process.env.BIANMIN_TEST_TEMPLATE_DIR!, dir, { recursive: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const startService = (script?: string): Service => spawnService({ dataDir: dir, script });

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
