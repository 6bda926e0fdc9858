// `npm run db:restore -- <file> [--force] [--to <folder>]`: restores a backup made by db:backup. The
// file says its kind: an embedded backup goes into BIANMIN_DATA_DIR (or --to), a server backup into the
// database of DATABASE_URL. A target that holds data is refused unless --force; even then the old data
// is not destroyed before the new is complete (embedded: kept beside it; server: one transaction).
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { describeLevel, runRestore } from '../src/db/backup';

const USAGE = `用法 / usage: npm run db:restore -- <file> [--force] [--to <folder>]
  --force   替换已有数据 / replace a target that already holds data
  --to      嵌入式备份恢复到此目录（默认 BIANMIN_DATA_DIR）/ embedded backups: the folder to restore into`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  const started = Date.now();
  const r = await runRestore({
    file: positionals[0], databaseUrl: config.DATABASE_URL, dataDir: config.BIANMIN_DATA_DIR,
    to: values.to, force: values.force ?? false, log: console.log,
  });
  console.log(`恢复完成 / restored in ${((Date.now() - started) / 1000).toFixed(1)} s into ${r.target}`);
  console.log(`  ${describeLevel(r.migrations)}`);
  if (r.previous) console.log(`  原数据保留在 / the replaced data is kept in ${r.previous} (确认无误后可删除 / delete it once satisfied)`);
  if (r.kind === 'server') console.log('  请重启正在运行的服务 / restart any running service so it reconnects to the restored data');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
