// Occupancy on the fast path: per zone, five counts read by index (spots by zone, assignments by zone
// and status, check-ins by zone and end, applications by zone and status), so every vending zone of a
// city is one statement, and a district or the city is the same statement summed.
import type { SqlReader } from '../../db/database';
import { Params } from '../../db/params';

export interface OccupancyCounts { spots: number; assigned: number; checkedInNow: number; free: number; waitingList: number }
export type ZoneOccupancyRow = OccupancyCounts & { zoneId: string };

/**
 * The counts of zone z, with `c.today` the city's local date. Assigned: spots an ACTIVE assignment
 * covers today. Free: AVAILABLE spots no live (ACTIVE or SUSPENDED) assignment covers today, as the
 * allocation module keeps spot status. Checked in now: neither checked out nor past the closing time.
 */
const COUNTS = `
  (SELECT count(*)::int FROM spot s WHERE s.city_id = z.city_id AND s.zone_id = z.id AND s.status <> 'RETIRED') AS spots,
  (SELECT count(DISTINCT a.spot_id)::int FROM assignment a WHERE a.city_id = z.city_id AND a.zone_id = z.id
     AND a.status = 'ACTIVE' AND c.today BETWEEN a.starts_on AND a.ends_on) AS assigned,
  (SELECT count(*)::int FROM check_in k WHERE k.city_id = z.city_id AND k.zone_id = z.id
     AND k.ends_at > now() AND k.checked_out_at IS NULL) AS "checkedInNow",
  (SELECT count(*)::int FROM spot s WHERE s.city_id = z.city_id AND s.zone_id = z.id AND s.status = 'AVAILABLE'
     AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.city_id = s.city_id AND a.spot_id = s.id
       AND a.status IN ('ACTIVE', 'SUSPENDED') AND c.today BETWEEN a.starts_on AND a.ends_on)) AS free,
  (SELECT count(*)::int FROM application p WHERE p.city_id = z.city_id AND p.zone_id = z.id AND p.status = 'WAITLISTED') AS "waitingList"`;

/** Which zones: these ids (whatever their status), or the city's active vending zones, in some districts or all. */
export interface ZoneSet { cityId: string; zoneIds?: readonly string[]; districtIds?: readonly string[] | null }

function zonesOf(f: ZoneSet, p: Params): string {
  const parts = [`z.city_id = ${p.add(f.cityId)}::uuid`];
  if (f.zoneIds) parts.push(`z.id = ANY(${p.add(f.zoneIds)}::uuid[])`);
  else parts.push(`z.status = 'ACTIVE' AND z.kind <> 'NO_VENDING'`);
  if (f.districtIds) parts.push(`z.district_id = ANY(${p.add(f.districtIds)}::uuid[])`);
  return parts.join(' AND ');
}

/** The city's local date, for "covering today". */
const TODAY = (city: string) => `(SELECT (now() AT TIME ZONE cc.time_zone)::date AS today FROM city cc WHERE cc.id = ${city}) c`;

export function zoneOccupancies(sql: SqlReader, f: ZoneSet): Promise<ZoneOccupancyRow[]> {
  const p = new Params();
  const where = zonesOf(f, p);
  return sql.query<ZoneOccupancyRow>(
    `SELECT z.id AS "zoneId", ${COUNTS} FROM zone z, ${TODAY(`${p.add(f.cityId)}::uuid`)} WHERE ${where} ORDER BY z.id`, p.values);
}

export async function occupancyTotal(sql: SqlReader, f: ZoneSet): Promise<OccupancyCounts> {
  const p = new Params();
  const where = zonesOf(f, p);
  const [row] = await sql.query<OccupancyCounts>(
    `SELECT COALESCE(sum(t.spots), 0)::int AS spots, COALESCE(sum(t.assigned), 0)::int AS assigned,
            COALESCE(sum(t."checkedInNow"), 0)::int AS "checkedInNow", COALESCE(sum(t.free), 0)::int AS free,
            COALESCE(sum(t."waitingList"), 0)::int AS "waitingList"
     FROM (SELECT ${COUNTS} FROM zone z, ${TODAY(`${p.add(f.cityId)}::uuid`)} WHERE ${where}) t`, p.values);
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
