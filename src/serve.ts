// createApp (./app.ts) split in two for a service of several processes (./cluster.ts): the primary
// prepares the database once — migrations, the demo city, the signing secret, the open-interval
// window — so workers starting together never race to migrate or seed; each worker then only opens
// the database and serves. The start banner and the signal handling are shared with the one-process
// service, so both print and stop alike.
import type { Logger } from 'pino';
import type { App } from './app';
import { redactUrl, type Config } from './config';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrate';
import { AuthService } from './modules/accounts/auth.service';
import { piiFor } from './modules/vendors/pii';
import { seedDemoCity, type SeedResult } from './demo/demo-seed';
import { rollForward, startRollTimer } from './modules/openings/openings.service';
import { promoteAllCities, startWaitingListTimer } from './modules/allocation/waiting-list.service';
import { buildServer } from './server';

function authOptions(config: Config) {
  return { jwtSecret: config.BIANMIN_JWT_SECRET, ttlHours: config.BIANMIN_TOKEN_TTL_HOURS, bcryptCost: config.BIANMIN_BCRYPT_COST };
}

/**
 * Each worker opens a pool of its own: warn when together they may ask the server for more connections
 * than it allows (the pool size is read as src/db/server.ts reads it).
 */
async function checkConnectionBudget(db: Database, workers: number, log: Logger): Promise<void> {
  const pool = Number(process.env.BIANMIN_POOL_SIZE ?? 10);
  const [row] = await db.sql.query<{ max: number; reserved: number }>(
    `SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved`);
  const available = row.max - row.reserved;
  if (workers * pool > available) {
    log.warn(`${workers} workers × BIANMIN_POOL_SIZE ${pool} = ${workers * pool} connections, more than the server's ${available}: ` +
      'lower BIANMIN_WORKERS or BIANMIN_POOL_SIZE, raise max_connections, or put PgBouncer in front');
  }
}

/** Everything that writes at start, on an open database: migrations, the demo city, the signing secret, the open-interval window. */
export async function prepareOn(db: Database, config: Config, log: Logger): Promise<SeedResult | null> {
  const applied = await migrate(db, (m) => log.info(m));
  log.info(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
  const seed = config.BIANMIN_SEED === 'demo'
    ? await seedDemoCity(db, { password: config.BIANMIN_DEMO_PASSWORD, bcryptCost: config.BIANMIN_BCRYPT_COST, log: (m) => log.info(m) })
    : null;
  // Writes the generated signing secret and personal-data key now, so workers only ever read them.
  await AuthService.create(db, authOptions(config));
  await piiFor(db);
  await rollForward(db.prisma, (m) => log.info(m));
  await promoteAllCities(db, (m) => log.info(m), (err) => log.error({ err }, 'the allocation pass at start failed'));
  return seed;
}

/** Serving on an open, prepared database; `rollTimer` in one process only (see openWorkerApp). */
export async function serveOn(db: Database, config: Config, log: Logger, opts: { rollTimer: boolean; seed?: SeedResult | null }): Promise<App> {
  const auth = await AuthService.create(db, authOptions(config));
  const stopRolling = opts.rollTimer
    ? startRollTimer(db.prisma, (m) => log.info(m), (err) => log.error({ err }, 'rolling the open-interval window failed'))
    : () => undefined;
  // Lapsed assignments end and waiting lists move up hourly, in the same one process.
  const stopAllocating = opts.rollTimer
    ? startWaitingListTimer(db, (m) => log.info(m), (err) => log.error({ err }, 'the hourly allocation pass failed'))
    : () => undefined;
  const server = await buildServer({ db, auth, log, trustProxy: config.BIANMIN_TRUST_PROXY });
  return {
    server, db, log, seed: opts.seed ?? null,
    async close() {
      stopRolling();
      stopAllocating();
      await server.close();
      await db.close();
    },
  };
}

export function describeDatabase(config: Config): string {
  return config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : `embedded PGlite + PostGIS in ${config.BIANMIN_DATA_DIR}`;
}

/** The primary's part: prepareOn, then the connection is closed; the workers open their own. */
export async function prepareDatabase(config: Config, log: Logger, workers = 1): Promise<SeedResult | null> {
  log.info(`preparing database: ${describeDatabase(config)}`);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR });
  try {
    const seed = await prepareOn(db, config, log);
    if (db.backend === 'server' && workers > 1) await checkConnectionBudget(db, workers, log);
    return seed;
  } finally {
    await db.close();
  }
}

/**
 * A worker's part: open the prepared database and serve. `rollTimer` is given to one worker only:
 * the hourly roll-forward of open intervals needs one process (an advisory lock would make a second
 * harmless, but it would still do the reading twice).
 */
export async function openWorkerApp(config: Config, log: Logger, opts: { rollTimer: boolean }): Promise<App> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR });
  try {
    return await serveOn(db, config, log, opts);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}

/** The port a listening Fastify server was bound to (PORT=0 asks the system for a free one). */
export function boundPort(app: App, configured: number): number {
  const bound = app.server.server.address();
  return bound && typeof bound === 'object' ? bound.port : configured;
}

/** SIGINT / SIGTERM: stop taking requests, finish those under way, close the database, exit 0. */
export function closeOnSignals(app: App): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    app.close().then(() => process.exit(0), (err: unknown) => { app.log.fatal({ err }, 'shutdown failed'); process.exit(1); });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
