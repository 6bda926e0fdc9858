// The embedded backend: PGlite (PostgreSQL compiled to WebAssembly) with its PostGIS extension, kept in
// a data folder. The folder is locked first (./lock.ts): a second process on it would corrupt it.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '@prisma/client';
import { CHANGES_CHANNEL, ChangeFeed, registerChanges } from './changes';
import type { Database } from './database';
import { lockDataDir } from './lock';
import { PGLITE_EXTENSIONS } from './pglite-extensions';
import { StorageFault } from './storage-fault';

/** Opens PGlite on a folder whose lock the caller holds. */
export async function openPglite(dataDir: string): Promise<PGlite> {
  fs.mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS });
  return pg;
}

export async function openEmbedded(dataDir: string): Promise<Database> {
  const release = await lockDataDir(dataDir, (e) => {
    // Someone took the folder from under us: stop before two writers corrupt it.
    process.stderr.write(`数据目录锁丢失 / lost the data folder lock: ${e.message}\n`);
    process.exit(70);
  });
  let pg: PGlite;
  try {
    pg = await openPglite(dataDir);
  } catch (e) {
    await release();
    throw e;
  }
  const storage = new StorageFault((message) => {
    process.stderr.write(`数据目录存储错误，需重启 / storage error in the data folder, restart required: ${message}\n`);
  });
  const watched = storage.watch(pg);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(watched) });
  // One process per data folder, so a NOTIFY here only ever comes from this process; listening keeps
  // the code path the same as on a server, and hears changes made by raw SQL through db.sql too.
  const changes = new ChangeFeed();
  try {
    await pg.listen(CHANGES_CHANNEL, (payload) => changes.notified(payload));
  } catch (e) {
    await pg.close().catch(() => undefined);
    await release();
    throw e;
  }
  changes.setLive(true);
  registerChanges(prisma, changes);
  return {
    backend: 'embedded',
    prisma,
    changes,
    sql: {
      async query<Row>(text: string, params: readonly unknown[] = []) {
        return (await watched.query<Row>(text, [...params])).rows;
      },
    },
    async exec(script) {
      await watched.exec(script);
    },
    fault: () => storage.fault,
    async close() {
      changes.setLive(false);
      try {
        await prisma.$disconnect();
        await pg.close();
      } finally {
        await release();
      }
    },
  };
}
