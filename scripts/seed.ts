// `npm run db:seed`: migrates, then writes the demo city if it is not there yet, and prints the demo
// accounts. Never run it on a data folder a running service holds.
import { loadConfig, redactUrl } from '../src/config';
import { openDatabase } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { seedDemoCity } from '../src/demo/demo-seed';

async function main(): Promise<void> {
  const config = loadConfig();
  console.log(`database: ${config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : config.BIANMIN_DATA_DIR}`);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR });
  try {
    await migrate(db, (m) => console.log(m));
    const seed = await seedDemoCity(db, { password: config.BIANMIN_DEMO_PASSWORD, bcryptCost: config.BIANMIN_BCRYPT_COST, log: console.log });
    console.log(seed.created ? 'demo city written / 已写入演示城市' : 'demo city already present / 演示城市已存在');
    console.log(`accounts: ${seed.usernames.join(', ')}; password: ${seed.password ?? '(BIANMIN_DEMO_PASSWORD)'}`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
