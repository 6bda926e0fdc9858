// One Prisma client over two backends: an embedded PostgreSQL with PostGIS (PGlite, a data folder on
// disk) when no DATABASE_URL is given, or a PostgreSQL + PostGIS server. The rest of the code sees
// only this interface; the same migrations and queries run on both.
import { PrismaClient } from '@prisma/client';

export type Backend = 'embedded' | 'server';

export interface Database {
  readonly backend: Backend;
  readonly prisma: PrismaClient;
  /** Runs a multi-statement SQL script outside Prisma (migrations only). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** The Prisma client, or the client of an interactive transaction, as services receive it. */
export type Db = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends' | '$use'>;

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const { openServer } = await import('./server');
    return openServer(opts.databaseUrl);
  }
  const { openEmbedded } = await import('./embedded');
  return openEmbedded(opts.dataDir);
}
