// Prisma CLI configuration. The CLI's native schema engine cannot be downloaded on offline machines, so
// the CLI runs on its bundled WebAssembly engine ('js') through a driver adapter. It is used to
// generate the client and, by developers, to author migrations against a PostgreSQL + PostGIS server
// (DATABASE_URL). The service itself applies migrations in-process at start (src/db/migrate.ts).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url || !url.startsWith('postgres')) {
      throw new Error('Prisma CLI migrations need DATABASE_URL=postgres://… (a PostgreSQL + PostGIS server)');
    }
    return new PrismaPg({ connectionString: url });
  },
});
