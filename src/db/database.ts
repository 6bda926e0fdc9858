// One Prisma client over two backends: an embedded PostgreSQL with PostGIS (PGlite, a data folder on
// disk) when no DATABASE_URL is given, or a PostgreSQL + PostGIS server. The rest of the code sees
// only this interface; the same migrations and queries run on both.
import { PrismaClient } from '@prisma/client';
import type { Changes } from './changes';

export type Backend = 'embedded' | 'server';

/**
 * The fast read path: one SQL statement straight through the driver (pg pool or PGlite), for the hot
 * questions (zones at a point, open now, the vending check) where Prisma's per-query machinery costs
 * more than the query. Parameters are always bound ($1, $2 …), never spliced into the text. Rows come
 * back as the driver parses them; each *.sql.ts function gives them their type.
 */
export interface SqlReader {
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database {
  readonly backend: Backend;
  readonly prisma: PrismaClient;
  readonly sql: SqlReader;
  /** Changes that in-process caches must hear of, from this process and every other on the database (changes.ts). */
  readonly changes: Changes;
  /** Runs a multi-statement SQL script outside Prisma (migrations only). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
  /** Why the database cannot be trusted until the service restarts (an embedded storage error), or null. */
  fault?(): string | null;
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
