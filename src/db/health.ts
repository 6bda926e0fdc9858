// The health check: the database answers and PostGIS is loaded.
import type { Database } from './database';

export async function checkHealth(db: Database): Promise<{ database: string; postgis: string }> {
  const fault = db.fault?.();
  if (fault) throw new Error(`restart required after a storage error: ${fault}`);
  const [row] = await db.prisma.$queryRaw<{ postgis: string }[]>`SELECT postgis_lib_version() AS postgis`;
  return { database: db.backend, postgis: row.postgis };
}
