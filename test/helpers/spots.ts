// Fixtures for the spots tests: positions in metres, zones drawn through the API, spots and the
// assignments holding them written directly, and the rows a refused spot write must leave untouched.
import type { Database } from '../../src/db/database';
import type { TestApp } from './app';
import { square, type TestCity } from './factories';

/** (lon, lat) moved east and north by metres (a local flat approximation, good to millimetres at this scale). */
export function moved([lon, lat]: readonly number[], eastM: number, northM: number): [number, number] {
  return [lon + eastM / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + northM / 110_574];
}

export const point = (p: readonly number[]) => ({ type: 'Point', coordinates: [p[0], p[1]] });

export async function makeZone(app: TestApp, token: string, name: string, kind: string, [lon, lat]: readonly number[], size = 40): Promise<string> {
  const r = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name, kind, geometry: square(lon, lat, size) } }, token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createZone.id;
}

/** The zone's least spacing between stalls (the zone API does not set it yet). */
export async function setSpacing(db: Database, zoneId: string, metres: number): Promise<void> {
  await db.prisma.$executeRaw`UPDATE zone SET min_spot_spacing_m = ${metres} WHERE id = ${zoneId}::uuid`;
}

/** A spot written around the service, straight into the table (its trigger still applies). */
export async function insertSpot(
  db: Database, cityId: string, zoneId: string, number: number, p: readonly number[], size: [number, number] = [2, 1.5], bearing = 0,
): Promise<string> {
  const [row] = await db.prisma.$queryRaw<{ id: string }[]>`INSERT INTO spot (city_id, zone_id, number, geom, width_m, depth_m, bearing_deg)
    VALUES (${cityId}::uuid, ${zoneId}::uuid, ${number}, ST_SetSRID(ST_MakePoint(${p[0]}, ${p[1]}), 4326), ${size[0]}, ${size[1]}, ${bearing})
    RETURNING id`;
  return row.id;
}

/** The spot table and the audit trail, as a refused write must leave them. */
export async function spotState(db: Database) {
  const [spots] = await db.prisma.$queryRaw<{ n: number; h: string }[]>`SELECT count(*)::int AS n,
    md5(COALESCE(string_agg(id::text || number || status || version || ST_AsText(footprint), ',' ORDER BY id), '')) AS h FROM spot`;
  return { spots, audit: await db.prisma.auditLog.count() };
}

// Vendors with placeholder personal data, and the city's dates, as the allocation tests make them.
export { createVendor, day as shanghaiDate } from './allocation';

/** An assignment of the spot to the vendor for the dates (YYYY-MM-DD), written directly. */
export async function assign(
  db: Database, city: TestCity, spot: { id: string; zoneId: string }, vendorId: string, from: string, to: string,
  status: 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'ENDED' = 'ACTIVE',
) {
  return db.prisma.assignment.create({
    data: {
      cityId: city.cityId, spotId: spot.id, zoneId: spot.zoneId, vendorId, businessType: 'food', status,
      startsOn: new Date(`${from}T00:00:00Z`), endsOn: new Date(`${to}T00:00:00Z`),
    },
  });
}
