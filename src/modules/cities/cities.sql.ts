// PostGIS queries of cities and districts.
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/database';

export interface CityRow {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  timeZone: string;
  centerLon: number;
  centerLat: number;
  zoom: number;
}

export interface DistrictRow {
  cityId: string;
  id: string;
  code: string;
  name: string;
  nameEn: string;
  geometry: unknown;
  areaM2: number;
}

const districtColumns = Prisma.sql`city_id AS "cityId", id, code, name, name_en AS "nameEn",
  ST_AsGeoJSON(geom, 7)::json AS geometry, ST_Area(geom::geography) AS "areaM2"`;

export function districtsOfCity(db: Db, cityId: string): Promise<DistrictRow[]> {
  return db.$queryRaw<DistrictRow[]>`SELECT ${districtColumns} FROM district
    WHERE city_id = ${cityId}::uuid ORDER BY code`;
}

export function districtsByIds(db: Db, cityId: string, ids: readonly string[]): Promise<DistrictRow[]> {
  return db.$queryRaw<DistrictRow[]>`SELECT ${districtColumns} FROM district
    WHERE city_id = ${cityId}::uuid AND id = ANY(${[...ids]}::uuid[])`;
}

export interface NewDistrict {
  code: string;
  name: string;
  nameEn: string;
  /** GeoJSON Polygon or MultiPolygon, WGS84 */
  geometry: unknown;
}

export async function insertDistrict(db: Db, cityId: string, d: NewDistrict): Promise<string> {
  const rows = await db.$queryRaw<{ id: string }[]>`INSERT INTO district (city_id, code, name, name_en, geom)
    VALUES (${cityId}::uuid, ${d.code}, ${d.name}, ${d.nameEn},
            ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(d.geometry)}), 4326)))
    RETURNING id`;
  return rows[0].id;
}
