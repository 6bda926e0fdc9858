// Every core (issue 8, item 6): on a server database BIANMIN_WORKERS processes share the port, a
// worker killed with -9 is replaced while the others serve, and SIGTERM stops them all; the embedded
// database stays one process and says so. The service runs as a child process, as `npm start` runs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { logLines, running, servedBy, waitForOutput, createServerDatabase } from '../test/helpers/processes';
import { startService, stopService, waitForUrl, type Service } from '../test/helpers/service';
import { TEST_ROOT } from '../test/template';

const serverUrl = process.env.DATABASE_URL;
const BANNER = '便民 Bianmin is running';
const STARTED = /^worker (\d+) started \(pid (\d+)\)$/;

/** Worker slot → pids started for it, in order, from the primary's log. */
function workersStarted(out: string): Map<number, number[]> {
  const slots = new Map<number, number[]>();
  for (const l of logLines(out)) {
    const m = typeof l.msg === 'string' ? STARTED.exec(l.msg) : null;
    if (m) slots.set(Number(m[1]), [...(slots.get(Number(m[1])) ?? []), Number(m[2])]);
  }
  return slots;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('BIANMIN_WORKERS', () => {
  it('defaults to the number of cores and must be at least 1', () => {
    expect(loadConfig({}).BIANMIN_WORKERS).toBe(os.availableParallelism());
    expect(loadConfig({ BIANMIN_WORKERS: '3' }).BIANMIN_WORKERS).toBe(3);
    expect(() => loadConfig({ BIANMIN_WORKERS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ BIANMIN_WORKERS: 'two' })).toThrow(/BIANMIN_WORKERS/);
  });
});

(serverUrl ? describe : describe.skip)('several worker processes on a server database', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => { db = await createServerDatabase(serverUrl!); });
  afterAll(async () => { await db?.drop(); });

  it('share the port, a killed worker is replaced while the other serves, SIGTERM stops them all', async () => {
    const service: Service = startService({
      databaseUrl: db.url, env: { BIANMIN_WORKERS: '2', LOG_LEVEL: 'info', BIANMIN_SEED: 'demo' },
    });
    try {
      const base = new URL(await waitForUrl(service, 180_000)).origin.replace('localhost', '127.0.0.1');
      // The primary prepared the database once and printed the banner once, with the demo password.
      expect(count(service.out(), BANNER)).toBe(1);
      expect(count(service.out(), '演示密码 demo password: bm-')).toBe(1);
      expect(count(service.out(), 'seeding the demo city')).toBe(1);
      const first = workersStarted(service.out());
      expect([...first.keys()].sort()).toEqual([1, 2]);
      const [pid1, pid2] = [first.get(1)![0], first.get(2)![0]];
      // Workers log with their slot.
      expect(logLines(service.out()).some((l) => l.pid === pid2 && l.worker === 2)).toBe(true);

      // Connections are handed out in turn: two workers answer within a few requests.
      const seen = new Set<number>();
      for (let i = 0; i < 20 && seen.size < 2; i++) {
        const r = await servedBy(service, base);
        expect(r.status).toBe(200);
        seen.add(r.pid);
      }
      expect(seen).toEqual(new Set([pid1, pid2]));

      // Kill worker 1 with -9: the primary notices and says so; worker 2 answers meanwhile.
      process.kill(pid1, 'SIGKILL');
      await waitForOutput(service, (out) => out.includes(`worker 1 (pid ${pid1}) died (signal SIGKILL)`) || null, 'death notice');
      for (let i = 0; i < 4; i++) {
        const r = await servedBy(service, base);
        expect(r.status).toBe(200);
        expect(r.pid).not.toBe(pid1);
      }
      // A new worker 1 starts, listens, and takes its turn.
      const pid3 = await waitForOutput(service, (out) => workersStarted(out).get(1)?.[1], 'replacement worker');
      await waitForOutput(service, (out) => logLines(out).some((l) => l.pid === pid3 && String(l.msg).startsWith('Server listening')) || null,
        'replacement listening', 180_000);
      const after = new Set<number>();
      for (let i = 0; i < 20 && !after.has(pid3); i++) {
        const r = await servedBy(service, base);
        expect(r.status).toBe(200);
        after.add(r.pid);
      }
      expect(after.has(pid3)).toBe(true);
      expect([...after].every((p) => p === pid2 || p === pid3)).toBe(true);

      // SIGTERM to the primary: every worker finishes and exits, then the primary exits 0.
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(service.out()).toContain('all worker processes stopped');
      expect([pid1, pid2, pid3].filter(running)).toEqual([]);
    } finally {
      await stopService(service);
    }
  }, 600_000);
});

(serverUrl ? describe.skip : describe)('the embedded database', () => {
  const dir = path.join(TEST_ROOT, `run-workers-${process.pid}`);
  beforeAll(() => fs.cpSync(process.env.BIANMIN_TEST_TEMPLATE_DIR!, dir, { recursive: true }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stays one process with BIANMIN_WORKERS > 1 and says so at start', async () => {
    const service = startService({ dataDir: dir, env: { BIANMIN_WORKERS: '2', LOG_LEVEL: 'info' } });
    try {
      const base = new URL(await waitForUrl(service, 120_000)).origin.replace('localhost', '127.0.0.1');
      expect(service.out()).toContain('embedded database: one process; set DATABASE_URL to use 2 cores');
      expect(workersStarted(service.out()).size).toBe(0);
      for (let i = 0; i < 3; i++) {
        const r = await servedBy(service, base);
        expect(r).toEqual({ status: 200, pid: service.child.pid });
      }
      expect(logLines(service.out()).every((l) => l.worker === undefined)).toBe(true);
    } finally {
      expect(await stopService(service)).toBe(0);
    }
  }, 300_000);
});
