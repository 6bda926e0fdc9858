// The rows allocation reads from its neighbours' tables, in the shapes GraphQL resolves from (the
// codegen mappers SpotRow, ZoneRow; vendors come from the vendors module), and the spot status kept in step with assignments.
import type { Db } from '../../db/database';
import type { SpotRow } from '../spots/spots.models';
import { spotColumns } from '../spots/spots.sql';
import { zoneColumns, type ZoneRow } from '../zones/zones.sql';

export function spotsByIds(db: Db, cityId: string, ids: readonly string[]): Promise<SpotRow[]> {
  return db.$queryRaw<SpotRow[]>`SELECT ${spotColumns} FROM spot s
    WHERE s.city_id = ${cityId}::uuid AND s.id = ANY(${[...ids]}::uuid[]) ORDER BY s.number`;
}

export function zonesByIds(db: Db, cityId: string, ids: readonly string[]): Promise<ZoneRow[]> {
  return db.$queryRaw<ZoneRow[]>`SELECT ${zoneColumns} FROM zone z
    WHERE z.city_id = ${cityId}::uuid AND z.id = ANY(${[...ids]}::uuid[])`;
}

export interface CityFacts {
  id: string;
  timeZone: string;
  checkInRadiusM: number;
}

/** A city by its public code (the public round queries name the city, not an id). */
export async function cityByCode(db: Db, code: string): Promise<CityFacts | null> {
  const rows = await db.$queryRaw<CityFacts[]>`SELECT c.id, c.time_zone AS "timeZone", c.check_in_radius_m AS "checkInRadiusM"
    FROM city c WHERE c.code = ${code}`;
  return rows[0] ?? null;
}

/**
 * A spot is ASSIGNED while a live (ACTIVE or SUSPENDED) assignment covers `today`, AVAILABLE
 * otherwise. Spots the bureau suspended or retired keep their status: that is the bureau's word,
 * not the assignments'. Only rows that change are written (the spot trigger runs on a status write).
 */
export async function syncSpotStatus(db: Db, cityId: string, spotIds: readonly string[], today: string): Promise<number> {
  return db.$executeRaw`UPDATE spot s SET status = t.status, updated_at = now()
    FROM (SELECT s2.id, CASE WHEN EXISTS (
            SELECT 1 FROM assignment a WHERE a.city_id = s2.city_id AND a.spot_id = s2.id AND a.status IN ('ACTIVE', 'SUSPENDED')
              AND a.starts_on <= ${today}::date AND a.ends_on >= ${today}::date)
          THEN 'ASSIGNED'::"SpotStatus" ELSE 'AVAILABLE'::"SpotStatus" END AS status
          FROM spot s2 WHERE s2.city_id = ${cityId}::uuid AND s2.id = ANY(${[...spotIds]}::uuid[])
            AND s2.status IN ('AVAILABLE', 'ASSIGNED')) t
    WHERE s.city_id = ${cityId}::uuid AND s.id = t.id AND s.status <> t.status`;
}

/** The same, for every spot of the city: the daily pass after assignments start and lapse. */
export async function syncCitySpotStatus(db: Db, cityId: string, today: string): Promise<number> {
  return db.$executeRaw`UPDATE spot s SET status = t.status, updated_at = now()
    FROM (SELECT s2.id, CASE WHEN EXISTS (
            SELECT 1 FROM assignment a WHERE a.city_id = s2.city_id AND a.spot_id = s2.id AND a.status IN ('ACTIVE', 'SUSPENDED')
              AND a.starts_on <= ${today}::date AND a.ends_on >= ${today}::date)
          THEN 'ASSIGNED'::"SpotStatus" ELSE 'AVAILABLE'::"SpotStatus" END AS status
          FROM spot s2 WHERE s2.city_id = ${cityId}::uuid AND s2.status IN ('AVAILABLE', 'ASSIGNED')) t
    WHERE s.city_id = ${cityId}::uuid AND s.id = t.id AND s.status <> t.status`;
}
