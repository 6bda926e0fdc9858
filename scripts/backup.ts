// `npm run db:backup -- [file]`: a backup of the embedded data folder (BIANMIN_DATA_DIR; stop the
// service first, it holds the folder) or of the database of DATABASE_URL (pg_dump, works while the
// service runs). Prints the file, its size and SHA-256; a <file>.json sidecar records them for restore.
import { parseArgs } from 'node:util';
import { loadConfig, redactUrl } from '../src/config';
import { describeLevel, formatSize, runBackup } from '../src/db/backup';

const USAGE = `用法 / usage: npm run db:backup -- [file]
  默认 / default file: backups/bianmin-<embedded|server>-<UTC time>.<tar.gz|dump>`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length > 1) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  console.log(`database: ${config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : config.BIANMIN_DATA_DIR}`);
  const started = Date.now();
  const r = await runBackup({ databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR, file: positionals[0], log: console.log });
  console.log(`备份完成 / backup written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  file:    ${r.path}`);
  console.log(`  size:    ${formatSize(r.size)}`);
  console.log(`  sha256:  ${r.sha256}`);
  console.log(`  sidecar: ${r.sidecarPath}`);
  console.log(`  ${describeLevel(r.migrations)}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
