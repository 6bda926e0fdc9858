// The service in one process: open the database (embedded or server), prepare it (migrations, the
// demo city on first start, the open-interval window) and serve. ./serve.ts holds the two halves, which
// the several-process service (./cluster.ts) runs in different processes.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import type { SeedResult } from './demo/demo-seed';
import { createLogger } from './logger';
import { describeDatabase, prepareOn, serveOn } from './serve';

export interface App {
  server: FastifyInstance;
  db: Database;
  log: Logger;
  seed: SeedResult | null;
  close(): Promise<void>;
}

export async function createApp(config: Config, log: Logger = createLogger(config.LOG_LEVEL)): Promise<App> {
  log.info(`opening database: ${describeDatabase(config)}`);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR });
  try {
    const seed = await prepareOn(db, config, log);
    return await serveOn(db, config, log, { rollTimer: true, seed });
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
