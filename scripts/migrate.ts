// `npm run db:migrate`: applies pending migrations to the embedded database (BIANMIN_DATA_DIR) or to
// DATABASE_URL, without starting the service. Never run it on a data folder a running service holds.
import { loadConfig, redactUrl } from '../src/config';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  console.log(`database: ${config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : config.BIANMIN_DATA_DIR}`);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR });
  try {
    const applied = await migrate(db, (m) => console.log(m));
    console.log(applied.length ? `applied ${applied.length} migration(s)` : 'up to date / 已是最新');
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
