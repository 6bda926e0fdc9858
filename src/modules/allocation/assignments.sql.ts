// Assignments: row locks for their changes, the lapsed ones the daily pass ends, and the live
// bookings of spots and vendors a round must not collide with.
import type { Db } from '../../db/database';

/** Locks the assignment until the transaction ends (renewals, suspensions, check-ins serialise on it). */
export async function lockAssignment(tx: Db, cityId: string, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT a.id FROM assignment a
    WHERE a.city_id = ${cityId}::uuid AND a.id = ${id}::uuid FOR UPDATE`;
  return rows.length > 0;
}

/** Live assignments whose last day is before today, locked: the daily pass ends them. */
export function lapsedAssignments(tx: Db, cityId: string, today: string) {
  return tx.$queryRaw<{ id: string }[]>`SELECT a.id FROM assignment a
    WHERE a.city_id = ${cityId}::uuid AND a.status IN ('ACTIVE', 'SUSPENDED') AND a.ends_on < ${today}::date
    ORDER BY a.ends_on, a.id FOR UPDATE`;
}

/** Of these spots, the ones a live assignment holds for a day of the period. */
export async function bookedSpotIds(db: Db, cityId: string, spotIds: readonly string[], startsOn: string, endsOn: string): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT DISTINCT a.spot_id AS id FROM assignment a
    WHERE a.city_id = ${cityId}::uuid AND a.spot_id = ANY(${[...spotIds]}::uuid[]) AND a.status IN ('ACTIVE', 'SUSPENDED')
      AND daterange(a.starts_on, a.ends_on, '[]') && daterange(${startsOn}::date, ${endsOn}::date, '[]')`;
  return new Set(rows.map((r) => r.id));
}

/** Of these vendors, the ones holding a live assignment of the zone for a day of the period. */
export async function vendorsPlaced(db: Db, cityId: string, zoneId: string, vendorIds: readonly string[], startsOn: string, endsOn: string): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT DISTINCT a.vendor_id AS id FROM assignment a
    WHERE a.city_id = ${cityId}::uuid AND a.zone_id = ${zoneId}::uuid AND a.vendor_id = ANY(${[...vendorIds]}::uuid[])
      AND a.status IN ('ACTIVE', 'SUSPENDED')
      AND daterange(a.starts_on, a.ends_on, '[]') && daterange(${startsOn}::date, ${endsOn}::date, '[]')`;
  return new Set(rows.map((r) => r.id));
}

/** Applicants of each round, withdrawn ones not counted. */
export function roundApplicantCounts(db: Db, cityId: string, roundIds: readonly string[]) {
  return db.$queryRaw<{ roundId: string; n: number }[]>`SELECT a.round_id AS "roundId", count(*)::int AS n FROM application a
    WHERE a.city_id = ${cityId}::uuid AND a.round_id = ANY(${[...roundIds]}::uuid[]) AND a.status <> 'WITHDRAWN'
    GROUP BY a.round_id`;
}

/** One city's allocation work at a time (the daily pass may run in every process of a cluster). */
export async function lockCityAllocation(tx: Db, cityId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('allocation:' || ${cityId}::text, 0))`;
}
