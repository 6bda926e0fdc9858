// The embedded backend: PGlite (PostgreSQL compiled to WebAssembly) with its PostGIS extension, kept in
// a data folder. Nothing locks that folder against a second process, so only one service may open it.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '@prisma/client';
import type { Database } from './database';

export async function openPglite(dataDir: string): Promise<PGlite> {
  fs.mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { extensions: { postgis } });
  return pg;
}

export async function openEmbedded(dataDir: string): Promise<Database> {
  const pg = await openPglite(dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  return {
    backend: 'embedded',
    prisma,
    async exec(script) {
      await pg.exec(script);
    },
    async close() {
      await prisma.$disconnect();
      await pg.close();
    },
  };
}
