// Check-ins: how far a vendor stands from their spot (geography, in metres, from the footprint's
// edge; inside it is 0) against the city's radius, and the row with the point where they stood.
import type { Db } from '../../db/database';

export interface SpotDistance {
  distanceM: number;
  radiusM: number;
}

export async function distanceToSpot(db: Db, cityId: string, spotId: string, lon: number, lat: number): Promise<SpotDistance | null> {
  const rows = await db.$queryRaw<SpotDistance[]>`SELECT
      ST_Distance(s.footprint::geography, ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography) AS "distanceM",
      c.check_in_radius_m AS "radiusM"
    FROM spot s JOIN city c ON c.id = s.city_id
    WHERE s.city_id = ${cityId}::uuid AND s.id = ${spotId}::uuid`;
  return rows[0] ?? null;
}

export interface NewCheckIn {
  cityId: string;
  assignmentId: string;
  spotId: string;
  zoneId: string;
  vendorId: string;
  at: Date;
  lon: number;
  lat: number;
  distanceM: number;
  endsAt: Date;
}

export async function insertCheckIn(tx: Db, c: NewCheckIn): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`INSERT INTO check_in
      (city_id, assignment_id, spot_id, zone_id, vendor_id, at, point, distance_m, ends_at)
    VALUES (${c.cityId}::uuid, ${c.assignmentId}::uuid, ${c.spotId}::uuid, ${c.zoneId}::uuid, ${c.vendorId}::uuid, ${c.at},
      ST_SetSRID(ST_MakePoint(${c.lon}::float8, ${c.lat}::float8), 4326), ${c.distanceM}::float8, ${c.endsAt})
    RETURNING id`;
  return rows[0].id;
}

/** Locks the check-in until the transaction ends (a check-out racing a second one). */
export async function lockCheckIn(tx: Db, cityId: string, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT c.id FROM check_in c
    WHERE c.city_id = ${cityId}::uuid AND c.id = ${id}::uuid FOR UPDATE`;
  return rows.length > 0;
}
