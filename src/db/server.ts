// The server backend: PostgreSQL + PostGIS through node-postgres. The pool is shared by Prisma and by
// the migration runner (a plain query without parameters may hold several statements).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { registerChanges } from './changes';
import { listenOnServer } from './changes.server';
import type { Database } from './database';

export async function openServer(url: string): Promise<Database> {
  // JIT off: the hot statements run in milliseconds, but their cost estimates (a LIMIT over a KNN walk)
  // pass jit_above_cost, and compiling them took 850 ms of an 890 ms vendingCheck at 1,000,000 zones.
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BIANMIN_POOL_SIZE ?? 10), options: '-c jit=off' });
  // An idle client that loses its server connection emits 'error'; without a listener it would crash.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const listener = await listenOnServer(url);
  registerChanges(prisma, listener.feed);
  return {
    backend: 'server',
    prisma,
    changes: listener.feed,
    sql: {
      async query<Row>(text: string, params: readonly unknown[] = []) {
        return (await pool.query({ text, values: [...params] })).rows as Row[];
      },
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await listener.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
