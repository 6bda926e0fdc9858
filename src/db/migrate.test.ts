// Migrations are applied in-process and recorded the way the Prisma CLI records them.
import { openTestDatabase, type TestDatabase } from '../../test/helpers/db';
import { migrate, readMigrations } from './migrate';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.drop());

it('records every migration with its checksum and applies nothing twice', async () => {
  const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
    'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name');
  expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  expect(await migrate(db)).toEqual([]);
});

it('the database refuses invalid geometry even past the API', async () => {
  await expect(db.exec(`INSERT INTO city (code, name, name_en, time_zone, center_lon, center_lat) VALUES ('X', 'x', 'x', 'Asia/Shanghai', 0, 0);
    INSERT INTO district (city_id, code, name, name_en, geom) SELECT id, 'D', 'd', 'd',
      ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326)) FROM city WHERE code = 'X'`)).rejects.toThrow(/district_geom_valid/);
});
