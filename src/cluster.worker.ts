// The children of ./cluster.ts: the one that prepares the database and exits, and the workers that
// serve. Only these load the application.
import cluster from 'node:cluster';
import type { Config } from './config';
import { PREPARE_ENV, SLOT_ENV } from './cluster';
import { createLogger } from './logger';
import { closeOnSignals, openWorkerApp, prepareDatabase } from './serve';

export const isPreparer = (): boolean => process.env[PREPARE_ENV] === '1';

/** Prepares the database once for every worker, sends the seed summary to the primary, exits. */
export async function runPreparer(config: Config): Promise<void> {
  const log = createLogger(config.LOG_LEVEL).child({ prepare: true });
  const seed = await prepareDatabase(config, log, config.BIANMIN_WORKERS);
  await new Promise<void>((resolve) => process.send!({ seed }, () => resolve()));
  process.exit(0);
}

/** A worker: opens the prepared database, serves on the shared port, and logs with its slot number. */
export async function runWorker(config: Config): Promise<void> {
  const slot = Number(process.env[SLOT_ENV]) || (cluster.worker?.id ?? 0);
  const log = createLogger(config.LOG_LEVEL).child({ worker: slot });
  const app = await openWorkerApp(config, log, { rollTimer: slot === 1 });
  closeOnSignals(app);
  await app.server.listen({ port: config.PORT, host: config.HOST });
}
