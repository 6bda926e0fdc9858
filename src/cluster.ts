// Every core on a server database: BIANMIN_WORKERS processes share the port through node:cluster (the
// primary accepts connections and hands them to the workers in turn). The primary serves nothing and
// loads neither Fastify nor Prisma (it holds ~50 MB): a first child prepares the database once
// (./cluster.worker.ts, ./serve.ts) and exits, then the primary forks the workers, prints the banner when all of them
// listen, replaces a worker that dies (waiting longer after each quick death, so a worker that
// cannot start does not spin), and on SIGINT / SIGTERM lets every worker finish its requests before it
// exits. Worker 1 (the slot, kept by its replacements) runs the hourly open-interval roll-forward.
import cluster, { type Worker } from 'node:cluster';
import { printBanner } from './banner';
import type { Config } from './config';
import type { SeedResult } from './demo/demo-seed';
import { createLogger } from './logger';

export const SLOT_ENV = 'BIANMIN_WORKER_SLOT';
/** Set on the child that prepares the database; it sends { seed } and exits. */
export const PREPARE_ENV = 'BIANMIN_PREPARE';
const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;
/** A worker that served this long before dying is restarted after the first delay again. */
const STABLE_MS = 60_000;
/** How long workers may take to finish their requests at shutdown before they are killed. */
const STOP_GRACE_MS = 20_000;

interface Slot {
  n: number;
  worker: Worker | null;
  listeningSince: number | null;
  quickDeaths: number;
  restart: NodeJS.Timeout | null;
}

export async function runPrimary(config: Config): Promise<void> {
  const log = createLogger(config.LOG_LEVEL).child({ primary: true });
  const seed = await prepareInChild();
  const slots: Slot[] = Array.from({ length: config.BIANMIN_WORKERS }, (_, i) => ({
    n: i + 1, worker: null, listeningSince: null, quickDeaths: 0, restart: null,
  }));
  let started = false;
  let stopping = false;

  const stopAll = (exitCode: number, why: string): void => {
    if (stopping) return;
    stopping = true;
    for (const s of slots) if (s.restart) clearTimeout(s.restart);
    const live = slots.flatMap((s) => (s.worker ? [s.worker] : []));
    log.info(`${why}: stopping ${live.length} worker process(es)`);
    const exits = live.map((w) => new Promise<void>((resolve) => {
      if (w.process.exitCode !== null || w.process.signalCode !== null) resolve();
      else w.process.once('exit', () => resolve());
    }));
    for (const w of live) w.process.kill('SIGTERM');
    const force = setTimeout(() => {
      log.warn(`workers still running after ${STOP_GRACE_MS} ms: killing them`);
      for (const w of live) w.process.kill('SIGKILL');
    }, STOP_GRACE_MS);
    // Exit only once every worker has exited (and been reaped), so none outlives the primary.
    void Promise.all(exits).then(() => {
      clearTimeout(force);
      log.info('all worker processes stopped');
      process.exit(exitCode);
    });
  };

  const fork = (slot: Slot): void => {
    const w = cluster.fork({ [SLOT_ENV]: String(slot.n) });
    slot.worker = w;
    slot.listeningSince = null;
    const pid = w.process.pid;
    log.info(`worker ${slot.n} started (pid ${pid})`);
    w.on('listening', (address) => {
      slot.listeningSince = Date.now();
      if (!started && slots.every((s) => s.listeningSince !== null)) {
        started = true;
        printBanner(address.port, seed);
        log.info(`serving with ${slots.length} worker processes`);
      }
    });
    w.on('exit', (code, signal) => {
      if (slot.worker !== w) return;
      slot.worker = null;
      if (stopping) return;
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      if (!started) {
        // As the one-process service does when it cannot start (port in use, database gone): fail.
        log.error(`worker ${slot.n} (pid ${pid}) ended before the service started (${how})`);
        stopAll(1, 'start-up failed');
        return;
      }
      if (slot.listeningSince !== null && Date.now() - slot.listeningSince >= STABLE_MS) slot.quickDeaths = 0;
      const delay = Math.min(MAX_RESTART_MS, FIRST_RESTART_MS * 2 ** slot.quickDeaths);
      slot.quickDeaths += 1;
      log.error(`worker ${slot.n} (pid ${pid}) died (${how}); starting a new one in ${delay} ms`);
      slot.restart = setTimeout(() => {
        slot.restart = null;
        if (!stopping) fork(slot);
      }, delay);
    });
  };

  process.on('SIGINT', () => stopAll(0, 'SIGINT'));
  process.on('SIGTERM', () => stopAll(0, 'SIGTERM'));
  for (const slot of slots) fork(slot);
}

/** Runs the preparation (migrations, demo city, secret, open window) in a child; its seed summary. */
function prepareInChild(): Promise<SeedResult | null> {
  return new Promise((resolve, reject) => {
    const child = cluster.fork({ [PREPARE_ENV]: '1' });
    let seed: SeedResult | null | undefined;
    child.on('message', (m: { seed?: SeedResult | null }) => { if (m && 'seed' in m) seed = m.seed ?? null; });
    child.on('exit', (code, signal) => {
      if (code === 0 && seed !== undefined) resolve(seed);
      else reject(new Error(`preparing the database failed (${signal ? `signal ${signal}` : `exit code ${code}`}); its log is above`));
    });
  });
}
