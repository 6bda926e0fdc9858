// `npm start`: the service on the embedded database (or DATABASE_URL), seeded with the demo city.
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DataDirLockedError } from './db/lock';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.server.listen({ port: config.PORT, host: config.HOST });
  // PORT=0 asks the system for a free port: print the one actually bound.
  const bound = app.server.server.address();
  const base = `http://localhost:${bound && typeof bound === 'object' ? bound.port : config.PORT}`;
  const lines = [
    '',
    `便民 Bianmin is running — GraphQL: ${base}/graphql   health: ${base}/healthz   web: ${base}/`,
  ];
  if (app.seed) {
    lines.push(`演示城市 demo city: ${app.seed.cityName}; 演示账号 demo accounts: ${app.seed.usernames.join(', ')}`);
    lines.push(`演示密码 demo password: ${app.seed.password ?? '(set by BIANMIN_DEMO_PASSWORD)'}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
