// The public search of the published map: without login, by name, kind, business type, open at an
// instant (the precomputed open intervals of the published rules), near a point. Reads only published
// rows, so a zone drawn after publication, a retired one or any personal data cannot appear.
import type { ZoneKind } from '@prisma/client';
import type { Database } from '../../db/database';
import { badInput } from '../../graphql/errors';
import { isUuid } from '../../graphql/ids';
import { decodeCursor, encodeCursor } from '../../graphql/pagination';
import { parsePoint, type Crs } from '../../geo/input';
import { toCrs } from '../../geo/output';
import { instantIn } from '../openings/openings.read';
import { PUBLIC_OPENINGS_MAX } from '../rules/public-zone';
import type { OpenInterval, PublicBusinessType, WeeklySchedule } from '../../generated/graphql';
import type { MapZoneModel, MapZoneSearchModel } from './publication.models';
import * as search from './map-search.sql';
import * as sql from './publication.sql';

export interface MapZonesArgs {
  city: string;
  version?: number | null;
  text?: string | null;
  kinds?: ZoneKind[] | null;
  businessType?: string | null;
  openNow?: boolean | null;
  at?: Date | string | null;
  near?: unknown;
  radiusM?: number | null;
  crs?: Crs | null;
  first?: number | null;
  after?: string | null;
}

/** A page's end: the version and instant searched, and the sort key of its last zone (distance or 'none'). */
type MapCursor = [version: number, at: string, distance: number | string, name: string, id: string];

function readCursor(after: string | null | undefined): MapCursor | null {
  const key = decodeCursor(after, 5);
  if (!key) return null;
  const [version, at, distance, name, id] = key;
  if (typeof version !== 'number' || typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof name !== 'string'
    || typeof id !== 'string' || !isUuid(id) || (typeof distance !== 'number' && distance !== 'none')) {
    throw badInput('无效的分页游标 / invalid cursor', { field: 'after' });
  }
  return [version, at, distance, name, id];
}

/** Touching pieces (cut at a day, or at a change of business types) joined into intervals. */
export function joinPieces(pieces: { startsAt: Date; endsAt: Date }[], max: number): OpenInterval[] {
  const out: { from: number; to: number }[] = [];
  for (const p of pieces) {
    const from = new Date(p.startsAt).getTime();
    const to = new Date(p.endsAt).getTime();
    const last = out[out.length - 1];
    if (last && from <= last.to) last.to = Math.max(last.to, to);
    else out.push({ from, to });
  }
  return out.slice(0, max).map((o) => ({ from: new Date(o.from).toISOString(), to: new Date(o.to).toISOString() }));
}

export async function cityOrNotFound(db: Database, code: string) {
  const city = await sql.cityByCode(db.sql, code.trim());
  if (!city) throw badInput(`未知的城市代码 / unknown city code: ${code.slice(0, 40)}`, { field: 'city' });
  return city;
}

export async function mapZones(db: Database, a: MapZonesArgs): Promise<MapZoneSearchModel> {
  const city = await cityOrNotFound(db, a.city);
  // A next page reads the version and instant of the first, so publishing in between changes nothing.
  const cursor = readCursor(a.after);
  if (cursor && a.version != null && a.version !== cursor[0]) {
    throw badInput('游标属于另一个版本 / the cursor belongs to another version', { field: 'after' });
  }
  const publication = await sql.publicationByVersion(db.sql, city.id, cursor ? cursor[0] : a.version ?? null);
  if (!publication) {
    throw badInput(a.version != null ? `没有版本 ${a.version} / no published version ${a.version}` : '该市尚未发布地图 / the city has not published its map yet', { field: 'version' });
  }
  const at = cursor && a.at == null ? new Date(cursor[1]) : instantIn(a.at ?? null, city.timeZone);
  const window = await search.openWindowOf(db.sql, city.id);
  if (window && (at < new Date(window.validFrom) || at >= new Date(window.validTo))) {
    throw badInput(`时间须在 ${new Date(window.validFrom).toISOString()} 与 ${new Date(window.validTo).toISOString()} 之间（地图回答最近两周的开放情况）/ at must lie between those instants: the map answers for the coming two weeks`, { field: 'at' });
  }
  const type = a.businessType?.trim() || null;
  if (type && !(await search.businessTypeActive(db.sql, city.id, type))) {
    throw badInput(`未知或已停用的业态 / unknown or retired business type: ${type}`, { field: 'businessType' });
  }
  const crs = a.crs ?? 'WGS84';
  const near = a.near != null ? parsePoint(a.near, crs, 'near').coordinates : null;
  if (cursor && (typeof cursor[2] === 'number') !== (near !== null)) {
    throw badInput('游标与本次查询不符（是否按距离排序）/ the cursor is of another search (near or not)', { field: 'after' });
  }
  const limit = Math.min(Math.max(a.first ?? 50, 1), 200);
  const fetched = await search.searchZones(db.sql, {
    cityId: city.id, version: publication.version, at, text: a.text?.trim() || null, kinds: a.kinds?.length ? a.kinds : null,
    businessType: type, openOnly: a.openNow === true, near, radiusM: a.radiusM ?? 5000, limit: limit + 1,
    after: cursor ? { distanceM: typeof cursor[2] === 'number' ? cursor[2] : null, name: cursor[3], id: cursor[4] } : null,
  });
  const rows = fetched.slice(0, limit);
  const last = rows[rows.length - 1];
  const pageInfo = {
    hasNextPage: fetched.length > limit,
    endCursor: last ? encodeCursor([publication.version, at.toISOString(), last.distanceM ?? 'none', last.name, last.id]) : null,
  };
  const signatures = [...new Set(rows.map((r) => r.signature).filter((s): s is string => s !== null))];
  const pieces = signatures.length ? await search.nextPieces(db.sql, city.id, signatures, at, PUBLIC_OPENINGS_MAX * 4) : [];
  const bySignature = new Map<string, { startsAt: Date; endsAt: Date }[]>();
  for (const p of pieces) bySignature.set(p.signature, [...(bySignature.get(p.signature) ?? []), p]);
  const zones: MapZoneModel[] = rows.map((r) => ({
    cityId: city.id, id: r.id, name: r.name, kind: r.kind as ZoneKind, district: r.district,
    geometry: toCrs(r.geometry, crs), areaM2: r.areaM2,
    weeklySchedule: r.schedule as WeeklySchedule | null, scheduleFrom: r.scheduleFrom,
    allowedBusinessTypes: r.businessTypes as PublicBusinessType[] | null, capacity: r.capacity, spots: r.spots,
    open: r.open, distanceM: r.distanceM === null ? null : Math.round(r.distanceM * 10) / 10,
    openings: r.signature ? joinPieces(bySignature.get(r.signature) ?? [], PUBLIC_OPENINGS_MAX) : [],
  }));
  // totalCount counts every match, also those before the cursor; a page after the last is empty.
  const total = rows[0]?.total ?? (cursor ? (await search.searchZones(db.sql, {
    cityId: city.id, version: publication.version, at, text: a.text?.trim() || null, kinds: a.kinds?.length ? a.kinds : null,
    businessType: type, openOnly: a.openNow === true, near, radiusM: a.radiusM ?? 5000, limit: 1, after: null,
  }))[0]?.total ?? 0 : 0);
  return { version: publication.version, at, totalCount: total, zones, pageInfo };
}
