// Occupancy on the fast path: five counts per zone, each gathered for all the asked zones at once by
// one grouped pass (spots by zone, assignments, check-ins, applications), joined on the zone — so every
// vending zone of a city is one statement (a correlated count per zone and table took 560 ms at 20,000
// zones), and a district or the city is the same statement summed.
import type { SqlReader } from '../../db/database';
import { Params } from '../../db/params';

export interface OccupancyCounts { spots: number; assigned: number; checkedInNow: number; free: number; waitingList: number }
export type ZoneOccupancyRow = OccupancyCounts & { zoneId: string };

/** Which zones: these ids (whatever their status), or the city's active vending zones, in some districts or all. */
export interface ZoneSet { cityId: string; zoneIds?: readonly string[]; districtIds?: readonly string[] | null }

function zonesOf(f: ZoneSet, p: Params, city: string): string {
  const parts = [`z.city_id = ${city}::uuid`];
  if (f.zoneIds) parts.push(`z.id = ANY(${p.add(f.zoneIds)}::uuid[])`);
  else parts.push(`z.status = 'ACTIVE' AND z.kind <> 'NO_VENDING'`);
  if (f.districtIds) parts.push(`z.district_id = ANY(${p.add(f.districtIds)}::uuid[])`);
  return parts.join(' AND ');
}

/**
 * The zones asked (zs) with their counts, `c.today` being the city's local date. Assigned: spots an
 * ACTIVE assignment covers today. Free: AVAILABLE spots no live (ACTIVE or SUSPENDED) assignment
 * covers today, as the allocation module keeps spot status. Checked in now: neither checked out nor
 * past the closing time. Waiting list: WAITLISTED applications.
 */
function counted(f: ZoneSet, p: Params): string {
  const city = p.add(f.cityId);
  return `
WITH c AS (SELECT (now() AT TIME ZONE cc.time_zone)::date AS today FROM city cc WHERE cc.id = ${city}::uuid),
zs AS (SELECT z.id FROM zone z WHERE ${zonesOf(f, p, city)}),
live AS (SELECT a.spot_id, a.zone_id, a.status FROM assignment a, c
  WHERE a.city_id = ${city}::uuid AND a.zone_id IN (SELECT id FROM zs) AND a.status IN ('ACTIVE', 'SUSPENDED') AND c.today BETWEEN a.starts_on AND a.ends_on),
sp AS (SELECT s.zone_id, count(*) FILTER (WHERE s.status <> 'RETIRED')::int AS spots,
    count(*) FILTER (WHERE s.status = 'AVAILABLE' AND s.id NOT IN (SELECT spot_id FROM live))::int AS free
  FROM spot s WHERE s.city_id = ${city}::uuid AND s.zone_id IN (SELECT id FROM zs) GROUP BY s.zone_id),
asg AS (SELECT zone_id, count(DISTINCT spot_id)::int AS assigned FROM live WHERE status = 'ACTIVE' GROUP BY zone_id),
chk AS (SELECT k.zone_id, count(*)::int AS n FROM check_in k
  WHERE k.city_id = ${city}::uuid AND k.zone_id IN (SELECT id FROM zs) AND k.ends_at > now() AND k.checked_out_at IS NULL GROUP BY k.zone_id),
wl AS (SELECT w.zone_id, count(*)::int AS n FROM application w WHERE w.city_id = ${city}::uuid AND w.zone_id IN (SELECT id FROM zs) AND w.status = 'WAITLISTED' GROUP BY w.zone_id),
counts AS (
  SELECT zs.id AS "zoneId", COALESCE(sp.spots, 0) AS spots, COALESCE(asg.assigned, 0) AS assigned,
         COALESCE(chk.n, 0) AS "checkedInNow", COALESCE(sp.free, 0) AS free, COALESCE(wl.n, 0) AS "waitingList"
  FROM zs LEFT JOIN sp ON sp.zone_id = zs.id LEFT JOIN asg ON asg.zone_id = zs.id
    LEFT JOIN chk ON chk.zone_id = zs.id LEFT JOIN wl ON wl.zone_id = zs.id)`;
}

export function zoneOccupancies(sql: SqlReader, f: ZoneSet): Promise<ZoneOccupancyRow[]> {
  const p = new Params();
  return sql.query<ZoneOccupancyRow>(`${counted(f, p)} SELECT * FROM counts ORDER BY "zoneId"`, p.values);
}

export async function occupancyTotal(sql: SqlReader, f: ZoneSet): Promise<OccupancyCounts> {
  const p = new Params();
  const [row] = await sql.query<OccupancyCounts>(`${counted(f, p)}
    SELECT COALESCE(sum(spots), 0)::int AS spots, COALESCE(sum(assigned), 0)::int AS assigned,
           COALESCE(sum("checkedInNow"), 0)::int AS "checkedInNow", COALESCE(sum(free), 0)::int AS free,
           COALESCE(sum("waitingList"), 0)::int AS "waitingList"
    FROM counts`, p.values);
  return row;
}

/** A city by its public code (the public occupancy question names the city, not an id). */
export async function cityIdByCode(sql: SqlReader, code: string): Promise<string | null> {
  const rows = await sql.query<{ id: string }>('SELECT c.id FROM city c WHERE c.code = $1', [code]);
  return rows[0]?.id ?? null;
}

/** Whether the district is one of the city's. */
export async function districtInCity(sql: SqlReader, cityId: string, districtId: string): Promise<boolean> {
  const rows = await sql.query<{ id: string }>('SELECT d.id FROM district d WHERE d.city_id = $1::uuid AND d.id = $2::uuid', [cityId, districtId]);
  return rows.length > 0;
}
