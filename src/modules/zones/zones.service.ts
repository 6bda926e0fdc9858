// Zones, the "fixed area" of 定区域: drawing, changing and retiring them, with PostGIS checking the
// geometry, the city's bounds and the no-vending areas before anything is written.
import type { PrismaClient, ZoneKind, ZoneStatus } from '@prisma/client';
import type { Database, Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { decodeCursor, pageSize, toConnection } from '../../graphql/pagination';
import { parseAreaGeometry, parseBbox, parsePoint, type Crs } from '../../geo/input';
import { recordAudit, type Actor } from '../audit/audit.service';
import { openFilter } from '../openings/openings.read';
import { refreshZoneOpenings } from '../openings/openings.service';
import { zonesPolicy } from './zones.policy';
import * as sql from './zones.sql';

type Writer = Actor & { viewer: Viewer };

export interface ZoneInput {
  name?: string | null;
  kind?: ZoneKind | null;
  geometry?: unknown;
  crs?: Crs | null;
  minSpotSpacingM?: number | null;
}

function cleanName(name: string): string {
  const n = name.trim();
  if (n.length < 1 || n.length > 100) throw badInput('区域名称须为 1–100 个字符 / name: 1–100 characters', { field: 'name' });
  return n;
}

/**
 * The smallest area a zone of each kind can sensibly have, in m². A sliver of 1e-8 m² is a drawing
 * slip (a double click), not a zone; a repair booth or a no-vending patch may be a square metre.
 */
export const MIN_AREA_M2: Record<ZoneKind, number> = {
  FEATURE_STREET: 50, STALL_CLUSTER: 10, SERVICE_POINT: 1, MORNING_MARKET: 20, NIGHT_MARKET: 20, TEMPORARY_MARKET: 20,
  GUIDED_STALL_POINT: 2, FARMERS_PRODUCE_POINT: 2, REPAIR_AND_KEY_POINT: 1, RURAL_REVITALISATION_POINT: 2, NO_VENDING: 1,
};

/** PostGIS's verdict on new geometry; returns the districts it lies in, largest share first. */
async function placeGeometry(tx: Db, w: Writer, geojson: string, kind: ZoneKind, exceptId: string | null): Promise<string[]> {
  const cityId = w.viewer.cityId;
  const check = await sql.checkGeometry(tx, cityId, geojson);
  if (!check.valid) {
    throw badInput(`几何无效 / invalid geometry: ${check.reason}`, { field: 'geometry', reason: 'INVALID_GEOMETRY', detail: check.reason });
  }
  if (!check.insideCity || check.districtIds.length === 0) {
    throw badInput('区域超出本市辖区 / the zone lies outside the city\'s districts', { field: 'geometry', reason: 'OUTSIDE_CITY' });
  }
  if (check.areaM2 < MIN_AREA_M2[kind]) {
    const area = Math.round(check.areaM2 * 100) / 100;
    throw badInput(`区域面积 ${area} m² 小于该类型的下限 ${MIN_AREA_M2[kind]} m² / the zone's area ${area} m² is below the minimum of ${MIN_AREA_M2[kind]} m² for ${kind}`, {
      field: 'geometry', reason: 'TOO_SMALL', minAreaM2: MIN_AREA_M2[kind],
    });
  }
  zonesPolicy.assertDistricts(w.viewer, check.districtIds);
  if (kind !== 'NO_VENDING') {
    const hits = await sql.overlappingNoVending(tx, cityId, geojson, exceptId);
    if (hits.length) {
      const names = hits.map((h) => h.name).join('、');
      throw badInput(`区域与禁设区域重叠 / the zone overlaps a no-vending area: ${names}`, {
        field: 'geometry', reason: 'OVERLAPS_NO_VENDING_AREA', areas: hits,
      });
    }
  }
  return check.districtIds;
}

export async function createZone(prisma: PrismaClient, w: Writer, input: ZoneInput & { name: string; kind: ZoneKind }) {
  const name = cleanName(input.name);
  const geojson = JSON.stringify(parseAreaGeometry(input.geometry, input.crs ?? 'WGS84'));
  return prisma.$transaction(async (tx) => {
    const [districtId] = await placeGeometry(tx, w, geojson, input.kind, null);
    const zone = await sql.insertZone(tx, { cityId: w.viewer.cityId, districtId, name, kind: input.kind, geojson });
    await recordAudit(tx, w, { cityId: zone.cityId, operation: 'createZone', entityType: 'Zone', entityId: zone.id, after: zone });
    return zone;
  });
}

export async function updateZone(prisma: PrismaClient, w: Writer, rawId: string, input: ZoneInput & { expectedVersion?: number | null }) {
  const id = parseId(rawId);
  const name = input.name != null ? cleanName(input.name) : undefined;
  const geojson = input.geometry != null ? JSON.stringify(parseAreaGeometry(input.geometry, input.crs ?? 'WGS84')) : undefined;
  const spacing = input.minSpotSpacingM ?? undefined;
  if (spacing !== undefined && !(spacing >= 0 && spacing <= 100)) {
    throw badInput('摊位最小间距须在 0–100 米之间 / minSpotSpacingM: 0–100 metres', { field: 'minSpotSpacingM' });
  }
  if (name === undefined && geojson === undefined && input.kind == null && spacing === undefined) {
    throw badInput('没有要修改的内容 / nothing to change: give name, kind, geometry or minSpotSpacingM');
  }
  return prisma.$transaction(async (tx) => {
    const before = await sql.zoneById(tx, w.viewer.cityId, id, true);
    if (!before) throw notFound('区域', 'zone', id);
    if (before.status === 'RETIRED') throw conflict('已撤销的区域不能修改 / a retired zone cannot be changed');
    if (input.expectedVersion != null && input.expectedVersion !== before.version) {
      throw conflict(`区域已被他人修改（当前版本 ${before.version}）/ the zone was changed by someone else (now version ${before.version})`, {
        currentVersion: before.version,
      });
    }
    await zonesPolicy.assertHoldsZone(tx, w.viewer, before);
    const kind = input.kind ?? before.kind;
    let districtId: string | undefined;
    if (geojson !== undefined || kind !== before.kind) {
      [districtId] = await placeGeometry(tx, w, geojson ?? JSON.stringify(before.geometry), kind, id);
    }
    await assertSpotsStillFit(tx, before, geojson, kind, spacing);
    const after = await sql.updateZoneRow(tx, w.viewer.cityId, id, { name, kind: input.kind ?? undefined, districtId, geojson, minSpotSpacingM: spacing });
    if (after.kind !== before.kind) await refreshZoneOpenings(tx, after.cityId, id);
    await recordAudit(tx, w, { cityId: after.cityId, operation: 'updateZone', entityType: 'Zone', entityId: id, before, after });
    return after;
  });
}

/**
 * The spot trigger checks a spot when it is written; a zone that shrinks, becomes a no-vending area or
 * asks for more room between stalls must not leave its existing spots breaking those rules.
 */
async function assertSpotsStillFit(tx: Db, zone: sql.ZoneRow, geojson: string | undefined, kind: ZoneKind, spacing: number | undefined) {
  const misfits = await sql.spotMisfits(tx, zone.cityId, zone.id, { geojson, noVending: kind === 'NO_VENDING', spacing });
  if (!misfits.length) return;
  const numbers = misfits.join('、');
  throw badInput(`该修改会使摊位不再符合要求（编号 ${numbers}）：请先调整或撤销这些摊位 / the change would leave spots ${numbers} outside the zone, in a no-vending area or too close together: move or retire them first`, {
    reason: 'SPOTS_WOULD_NOT_FIT', spotNumbers: misfits,
  });
}

export async function retireZone(prisma: PrismaClient, w: Writer, rawId: string, reason?: string | null) {
  const id = parseId(rawId);
  if (reason != null && reason.length > 500) throw badInput('撤销原因最多 500 字 / reason: at most 500 characters');
  return prisma.$transaction(async (tx) => {
    const before = await sql.zoneById(tx, w.viewer.cityId, id, true);
    if (!before) throw notFound('区域', 'zone', id);
    if (before.status === 'RETIRED') throw conflict('区域已撤销 / the zone is already retired');
    await zonesPolicy.assertHoldsZone(tx, w.viewer, before);
    const after = await sql.retireZoneRow(tx, w.viewer.cityId, id);
    await refreshZoneOpenings(tx, after.cityId, id);
    await recordAudit(tx, w, {
      cityId: after.cityId, operation: 'retireZone', entityType: 'Zone', entityId: id,
      before: { ...before, geometry: undefined }, after: { ...after, geometry: undefined, reason: reason ?? null },
    });
    return after;
  });
}

export async function zone(db: Db, viewer: Viewer, rawId: string) {
  const row = await sql.zoneById(db, viewer.cityId, parseId(rawId));
  if (row?.status === 'RETIRED' && !['ADMIN', 'OFFICER', 'ASSISTANT'].includes(viewer.role)) return null;
  return row;
}

export interface ZonesArgs {
  cityId?: string | null;
  districtId?: string | null;
  kind?: ZoneKind | null;
  status?: ZoneStatus | null;
  bbox?: number[] | null;
  containsPoint?: unknown;
  crs?: Crs | null;
  openAt?: Date | string | null;
  businessType?: string | null;
  first?: number | null;
  after?: string | null;
}

export async function zones(db: Database, viewer: Viewer, a: ZonesArgs) {
  zonesPolicy.assertCity(viewer, a.cityId);
  if (a.status !== 'ACTIVE') zonesPolicy.readRetired(viewer);
  const limit = pageSize(a.first);
  const cursor = decodeCursor(a.after, 2);
  const crs = a.crs ?? 'WGS84';
  const filter: sql.ZoneFilter = {
    cityId: viewer.cityId,
    districtId: a.districtId ? parseId(a.districtId, 'districtId') : undefined,
    kind: a.kind ?? undefined,
    status: a.status ?? undefined,
    bbox: a.bbox ? parseBbox(a.bbox, crs) : undefined,
    point: a.containsPoint != null ? parsePoint(a.containsPoint, crs, 'containsPoint').coordinates : undefined,
    ...(a.openAt != null || a.businessType != null ? await openFilter(db, viewer.cityId, a.openAt, a.businessType) : {}),
  };
  const after = cursor ? ([String(cursor[0]), parseId(String(cursor[1]), 'after')] as [string, string]) : null;
  if (after && Number.isNaN(Date.parse(after[0]))) throw badInput('无效的分页游标 / invalid cursor');
  const { rows, total } = await sql.listZones(db.sql, filter, limit, after);
  return toConnection(rows, limit, total, (r) => [new Date(r.createdAt).toISOString(), r.id]);
}
