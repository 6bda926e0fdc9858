// The service's hot SQL, for the bare handler and the EXPLAIN checks, taken from the service itself:
// zones(…) through its listZones (zones.sql.ts) and vendingCheck through its one-statement vendingFacts
// (vending-check.sql.ts). Both take a plain SqlReader, so the bare handler runs exactly the statements
// the service runs, whatever they become, and the EXPLAIN checks see them by recording what they send.
import type { SqlReader } from '../src/db/database';
import { vendingFacts } from '../src/modules/rules/vending-check.sql';
import { listZones, type ZoneFilter } from '../src/modules/zones/zones.sql';
import { nearSpots } from '../src/modules/spots/spots.near.sql';

export type { ZoneFilter };

export interface Sql {
  text: string;
  params: unknown[];
}

/** A reader that answers nothing and keeps what it was asked: the statements of a read, for EXPLAIN. */
function recorder(seen: Sql[], row: object | null): SqlReader {
  return { query: async <Row>(text: string, params: readonly unknown[] = []) => { seen.push({ text, params: [...params] }); return (row ? [row] : []) as Row[]; } };
}

/** The zones(…) filters of the workloads, as zones.service.ts builds them (status defaults to ACTIVE). */
export const pointFilter = (cityId: string, point: [number, number]): ZoneFilter => ({ cityId, status: 'ACTIVE', point });
export const bboxFilter = (cityId: string, b: number[]): ZoneFilter => ({ cityId, status: 'ACTIVE', bbox: [b[0], b[1], b[2], b[3]] });
export const openFilter = (cityId: string, at: string, businessType: string | null): ZoneFilter =>
  ({ cityId, status: 'ACTIVE', openAt: { at: new Date(at), businessType } });

/** The first page of 20 and the total, by the service's own listZones. */
export function firstPage(reader: SqlReader, f: ZoneFilter) {
  return listZones(reader, f, 20, null);
}

export async function listZonesSql(f: ZoneFilter): Promise<Sql[]> {
  const seen: Sql[] = [];
  await listZones(recorder(seen, null), f, 20, null);
  return seen;
}

/** The database's part of a public vendingCheck (no city given: the point decides it). */
export function publicVendingFacts(reader: SqlReader, p: [number, number], at: string, businessType: string) {
  return vendingFacts(reader, null, p, new Date(at), businessType);
}

export async function vendingFactsSql(p: [number, number], at: string, businessType: string): Promise<Sql[]> {
  const seen: Sql[] = [];
  await publicVendingFacts(recorder(seen, {}), p, at, businessType);
  return seen;
}

/** Local calendar facts of an instant in Asia/Shanghai (UTC+8, no daylight saving), as the SQL below needs them. */
export function localParts(at: string): { date: string; dow: number; yesterday: string; ydow: number; time: string } {
  const t = new Date(Date.parse(at) + 8 * 3_600_000);
  const y = new Date(t.getTime() - 86_400_000);
  const iso = (d: Date) => (d.getUTCDay() || 7);
  return { date: t.toISOString().slice(0, 10), dow: iso(t), yesterday: y.toISOString().slice(0, 10), ydow: iso(y), time: t.toISOString().slice(11, 16) };
}

const IN_SEASON = (day: string) => `(r.schedule->'season' IS NULL OR jsonb_typeof(r.schedule->'season') = 'null'
  OR (r.schedule->'season'->>'from' <= r.schedule->'season'->>'to' AND to_char(${day}::date, 'MM-DD') BETWEEN r.schedule->'season'->>'from' AND r.schedule->'season'->>'to')
  OR (r.schedule->'season'->>'from' > r.schedule->'season'->>'to' AND (to_char(${day}::date, 'MM-DD') >= r.schedule->'season'->>'from' OR to_char(${day}::date, 'MM-DD') <= r.schedule->'season'->>'to')))`;

/**
 * A cross-check, not the baseline: zones(openAt, businessType) { totalCount } answered from the rule rows: the version
 * in force, its weekly windows (an overnight window counts on the day it starts), its season and its
 * business types (a parent allows its children). Holidays and exceptions are left out: the bench's
 * instant is not a holiday and the bench writes no exceptions. run.ts compares it with the service's
 * answer, so a fast "0 zones open" from an empty open-intervals table cannot pass for a result.
 */
export const openCountByRules = (city: string, at: string, type: string | null): Sql => {
  const l = localParts(at);
  return {
    text: `WITH r AS (
        SELECT DISTINCT ON (zone_id) zone_id, schedule, allow_all_business_types AS allow_all, allowed_business_types AS allowed
        FROM zone_rule WHERE city_id = $1::uuid AND effective_from <= $2::date ORDER BY zone_id, effective_from DESC),
      t AS (SELECT ARRAY[code] || COALESCE(ARRAY[parent_code], '{}') AS codes FROM business_type WHERE city_id = $1::uuid AND code = $7)
      SELECT count(*)::int AS n FROM r JOIN zone z ON z.city_id = $1::uuid AND z.id = r.zone_id AND z.status = 'ACTIVE'
      WHERE ($7::text IS NULL OR r.allow_all OR r.allowed && (SELECT codes FROM t))
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(r.schedule->'windows') w WHERE
          ((w->>'day')::int = $3 AND $6 >= w->>'start' AND (w->>'end' <= w->>'start' OR $6 < w->>'end') AND ${IN_SEASON('$2')})
          OR ((w->>'day')::int = $5 AND w->>'end' <= w->>'start' AND $6 < w->>'end' AND ${IN_SEASON('$4')}))`,
    params: [city, l.date, l.dow, l.yesterday, l.ydow, l.time, type],
  };
};

/** openSpotsNear's statement (500 m, the first 10) at a point, as the service sends it. */
export async function nearSpotsSql(city: string, p: [number, number], at: string, businessType: string): Promise<Sql[]> {
  const seen: Sql[] = [];
  await nearSpots(recorder(seen, null), { cityId: city, lon: p[0], lat: p[1], at: new Date(at), businessType, radiusM: 500, first: 10, openZoneIds: null });
  return seen;
}
