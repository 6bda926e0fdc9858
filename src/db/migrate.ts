// Applies pending migrations in-process. The files are Prisma's (prisma/migrations/*/migration.sql)
// and they are recorded in Prisma's own _prisma_migrations table and format, so `prisma migrate status`
// agrees; doing it here costs milliseconds where the CLI on the embedded database costs 9–15 s.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../paths';
import type { Database } from './database';

export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies every migration not yet recorded; returns the names applied. */
export async function migrate(db: Database, log: (msg: string) => void = () => undefined): Promise<string[]> {
  await db.exec(CREATE_TABLE);
  const done = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
    'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Map(done.map((r) => [r.migration_name, r.checksum]));
  const names: string[] = [];
  for (const m of readMigrations()) {
    const seen = applied.get(m.name);
    if (seen !== undefined) {
      if (seen !== m.checksum) log(`migration ${m.name} was edited after it was applied (checksum differs)`);
      continue;
    }
    log(`applying migration ${m.name}`);
    const id = crypto.randomUUID();
    // The file and its record commit together: a failed migration leaves neither behind.
    await db.exec(
      `BEGIN;\n${m.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ('${id}', '${m.checksum}', now(), '${m.name.replace(/'/g, "''")}', 1);\nCOMMIT;`,
    ).catch(async (e: unknown) => {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw e;
    });
    names.push(m.name);
  }
  return names;
}
