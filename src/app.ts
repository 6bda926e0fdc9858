// Assembles the service: database (embedded or server), migrations, the demo city on first start,
// authentication and the HTTP server.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { redactUrl, type Config } from './config';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrate';
import { AuthService } from './modules/accounts/auth.service';
import { rollForward, startRollTimer } from './modules/openings/openings.service';
import { seedDemoCity, type SeedResult } from './demo/demo-seed';
import { buildServer, createLogger } from './server';

export interface App {
  server: FastifyInstance;
  db: Database;
  log: Logger;
  seed: SeedResult | null;
  close(): Promise<void>;
}

export async function createApp(config: Config, log: Logger = createLogger(config.LOG_LEVEL)): Promise<App> {
  const where = config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : `embedded PGlite + PostGIS in ${config.BIANMIN_DATA_DIR}`;
  log.info(`opening database: ${where}`);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR });
  try {
    const applied = await migrate(db, (m) => log.info(m));
    log.info(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
    const seed = config.BIANMIN_SEED === 'demo'
      ? await seedDemoCity(db, { password: config.BIANMIN_DEMO_PASSWORD, bcryptCost: config.BIANMIN_BCRYPT_COST, log: (m) => log.info(m) })
      : null;
    const auth = await AuthService.create(db, {
      jwtSecret: config.BIANMIN_JWT_SECRET, ttlHours: config.BIANMIN_TOKEN_TTL_HOURS, bcryptCost: config.BIANMIN_BCRYPT_COST,
    });
    // Open intervals: give zones loaded in bulk their signature, bring every city's window up to date,
    // then keep it ahead of the clock.
    await rollForward(db.prisma, (m) => log.info(m));
    const stopRolling = startRollTimer(db.prisma, (m) => log.info(m), (err) => log.error({ err }, 'rolling the open-interval window failed'));
    const server = await buildServer({ db, auth, log });
    return {
      server, db, log, seed,
      async close() {
        stopRolling();
        await server.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
