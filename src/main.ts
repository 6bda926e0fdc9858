// `npm start`: the service on the embedded database (or DATABASE_URL), seeded with the demo city. On a
// server database it runs BIANMIN_WORKERS processes sharing the port (./cluster.ts); the embedded
// database is always one process, because PGlite runs inside the process that opened its folder.
// The application is imported only by the processes that use it, so the cluster's primary stays small.
import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { DataDirLockedError } from './db/lock';

async function runOneProcess(config: Config): Promise<void> {
  const [{ createApp }, { printBanner }, { boundPort, closeOnSignals }] = await Promise.all([import('./app'), import('./banner'), import('./serve')]);
  const app = await createApp(config);
  await app.server.listen({ port: config.PORT, host: config.HOST });
  const notes = !config.DATABASE_URL && config.BIANMIN_WORKERS > 1
    ? [`嵌入式数据库：单进程；设置 DATABASE_URL 可使用 ${config.BIANMIN_WORKERS} 个核心 / embedded database: one process; set DATABASE_URL to use ${config.BIANMIN_WORKERS} cores`]
    : [];
  printBanner(boundPort(app, config.PORT), app.seed, notes);
  closeOnSignals(app);
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isWorker) {
    const child = await import('./cluster.worker');
    return child.isPreparer() ? child.runPreparer(config) : child.runWorker(config);
  }
  if (config.DATABASE_URL && config.BIANMIN_WORKERS > 1) return (await import('./cluster')).runPrimary(config);
  return runOneProcess(config);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
