// Applications: row locks for decisions, the staff's paged lists (scoped by zone or by districts),
// and the zones' waiting lists in their one order (priority tier, draw position, arrival).
import { Prisma, type ApplicationStatus } from '@prisma/client';
import type { Db } from '../../db/database';

/** Locks the application until the transaction ends, so two decisions on it cannot both pass. */
export async function lockApplication(tx: Db, cityId: string, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT a.id FROM application a
    WHERE a.city_id = ${cityId}::uuid AND a.id = ${id}::uuid FOR UPDATE`;
  return rows.length > 0;
}

export interface ListFilter {
  cityId: string;
  zoneId: string | null;
  /** Officers and assistants: only zones whose interior touches one of these districts. */
  districtIds: string[] | null;
  status: string | null;
}

/** Rows (alias a) of zones a reader's districts reach: a zone straddling a boundary belongs to both sides. */
function districtScope(districtIds: string[] | null): Prisma.Sql {
  if (districtIds === null) return Prisma.empty;
  return Prisma.sql`AND EXISTS (SELECT 1 FROM zone z JOIN district d ON d.city_id = z.city_id
    WHERE z.city_id = a.city_id AND z.id = a.zone_id AND d.id = ANY(${districtIds}::uuid[])
      AND ST_Intersects(d.geom, z.geom) AND ST_Relate(d.geom, z.geom, 'T********'))`;
}

/** Whether a zone touches one of the districts (an officer or assistant naming a zone to read). */
export async function zoneInDistricts(db: Db, cityId: string, zoneId: string, districtIds: string[]): Promise<boolean> {
  const rows = await db.$queryRaw<{ ok: boolean }[]>`SELECT EXISTS (SELECT 1 FROM zone z JOIN district d ON d.city_id = z.city_id
    WHERE z.city_id = ${cityId}::uuid AND z.id = ${zoneId}::uuid AND d.id = ANY(${districtIds}::uuid[])
      AND ST_Intersects(d.geom, z.geom) AND ST_Relate(d.geom, z.geom, 'T********')) AS ok`;
  return rows[0]?.ok ?? false;
}

/** One page of application ids, newest first after (createdAt, id), and the total. */
export async function applicationPage(db: Db, f: ListFilter, limit: number, after: [string, string] | null) {
  const where = Prisma.sql`a.city_id = ${f.cityId}::uuid
    ${f.zoneId ? Prisma.sql`AND a.zone_id = ${f.zoneId}::uuid` : Prisma.empty}
    ${f.status ? Prisma.sql`AND a.status = ${f.status}::"ApplicationStatus"` : Prisma.empty}
    ${districtScope(f.districtIds)}`;
  const page = after ? Prisma.sql`AND (a.created_at, a.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : Prisma.empty;
  const [rows, count] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`SELECT a.id FROM application a WHERE ${where} ${page}
      ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit + 1}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM application a WHERE ${where}`,
  ]);
  return { ids: rows.map((r) => r.id), total: count[0]?.n ?? 0 };
}

/** One page of assignment ids of a zone, newest first. */
export async function assignmentPage(db: Db, f: ListFilter, limit: number, after: [string, string] | null): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT a.id FROM assignment a
    WHERE a.city_id = ${f.cityId}::uuid
      ${f.zoneId ? Prisma.sql`AND a.zone_id = ${f.zoneId}::uuid` : Prisma.empty}
      ${f.status ? Prisma.sql`AND a.status = ${f.status}::"AssignmentStatus"` : Prisma.empty}
      ${districtScope(f.districtIds)}
      ${after ? Prisma.sql`AND (a.created_at, a.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : Prisma.empty}
    ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit + 1}`;
  return rows.map((r) => r.id);
}

/** The draw position of a round's application, read from the round's published result. */
const drawPosition = Prisma.sql`LEFT JOIN LATERAL (SELECT (e.value->>'position')::int AS position
    FROM allocation_round r CROSS JOIN LATERAL jsonb_array_elements(COALESCE(r.result, '[]'::jsonb)) e
    WHERE r.city_id = a.city_id AND r.id = a.round_id AND e.value->>'applicationId' = a.id::text) pos ON true`;

const waitingOrder = Prisma.sql`a.priority_tier, pos.position NULLS LAST, a.created_at, a.id`;

/** Place (1 = next) of every waiting application of the zones. */
export function waitingPositions(db: Db, cityId: string, zoneIds: readonly string[]) {
  return db.$queryRaw<{ id: string; zoneId: string; position: number }[]>`SELECT a.id, a.zone_id AS "zoneId",
      row_number() OVER (PARTITION BY a.zone_id ORDER BY ${waitingOrder})::int AS position
    FROM application a ${drawPosition}
    WHERE a.city_id = ${cityId}::uuid AND a.zone_id = ANY(${[...zoneIds]}::uuid[]) AND a.status = 'WAITLISTED'`;
}

/**
 * The first waiting application of the zone that can take this spot now: its period not over, the
 * spot (if it asked for one) and the spot's fixed type matching, the spot free and the vendor without
 * another live assignment of the zone for max(today, startsOn)..endsOn. Locked; one a concurrent
 * promotion holds is skipped rather than waited for.
 */
export async function nextWaiting(tx: Db, cityId: string, zoneId: string, spotId: string, today: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT a.id FROM application a
      JOIN spot s ON s.city_id = a.city_id AND s.id = ${spotId}::uuid ${drawPosition}
    WHERE a.city_id = ${cityId}::uuid AND a.zone_id = ${zoneId}::uuid AND a.status = 'WAITLISTED' AND a.ends_on >= ${today}::date
      AND (a.spot_id IS NULL OR a.spot_id = s.id) AND (s.business_type IS NULL OR s.business_type = a.business_type)
      AND NOT EXISTS (SELECT 1 FROM assignment x WHERE x.city_id = a.city_id AND x.status IN ('ACTIVE', 'SUSPENDED')
        AND (x.spot_id = s.id OR (x.zone_id = a.zone_id AND x.vendor_id = a.vendor_id))
        AND daterange(x.starts_on, x.ends_on, '[]') && daterange(GREATEST(a.starts_on, ${today}::date), a.ends_on, '[]'))
    ORDER BY ${waitingOrder} LIMIT 1 FOR UPDATE OF a SKIP LOCKED`;
  return rows[0]?.id ?? null;
}

/** Waiting applications whose period is over: no spot can be offered to them now. */
export async function lapsedWaiting(tx: Db, cityId: string, today: string): Promise<{ id: string; status: ApplicationStatus }[]> {
  return tx.$queryRaw`SELECT a.id, a.status::text AS status FROM application a
    WHERE a.city_id = ${cityId}::uuid AND a.status = 'WAITLISTED' AND a.ends_on < ${today}::date FOR UPDATE`;
}
