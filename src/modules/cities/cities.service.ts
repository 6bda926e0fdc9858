// Cities (tenants) and their districts.
import type { Db } from '../../db/database';
import type { CityRow } from './cities.sql';

export function cityById(db: Db, id: string): Promise<CityRow | null> {
  return db.city.findUnique({
    where: { id },
    select: { id: true, code: true, name: true, nameEn: true, timeZone: true, centerLon: true, centerLat: true, zoom: true },
  });
}
