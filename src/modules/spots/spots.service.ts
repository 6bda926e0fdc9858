// Stall spots one at a time: drawing one in a zone, changing its number, size or business type, and
// taking it out of use. The zone's rule is checked here (size, business type); the database's trigger
// then places the stall's ground and refuses it outside the zone or too near another stall.
import type { PrismaClient, SpotStatus } from '@prisma/client';
import type { Database, Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { decodeCursor, pageSize, toConnection } from '../../graphql/pagination';
import type { Crs } from '../../geo/input';
import { recordAudit } from '../audit/audit.service';
import { zoneById } from '../zones/zones.sql';
import { numbersTaken, spotWriteError } from './spots.errors';
import { parseSpotGeometry } from './spots.geometry';
import { listSpots, spotsByIds } from './spots.list.sql';
import type { SpotRow } from './spots.models';
import { spotsPolicy } from './spots.policy';
import { assertBusinessType, assertSize, spotRules } from './spots.rules';
import * as sql from './spots.sql';
import { assertNoVendingClear, cleanType, writableZone, type Writer } from './spots.write';

export interface CreateSpotInput {
  zoneId: string;
  number?: number | null;
  geometry: unknown;
  crs?: Crs | null;
  widthM: number;
  depthM: number;
  bearingDeg?: number | null;
  businessType?: string | null;
}

export async function createSpot(prisma: PrismaClient, w: Writer, input: CreateSpotInput): Promise<SpotRow> {
  const zoneId = parseId(input.zoneId, 'zoneId');
  const geometry = parseSpotGeometry(input.geometry, input.crs ?? 'WGS84');
  const geojson = JSON.stringify(geometry);
  const businessType = cleanType(input.businessType) ?? null;
  const cityId = w.viewer.cityId;
  return prisma.$transaction(async (tx) => {
    const zone = await writableZone(tx, w, zoneId);
    const rules = await spotRules(tx, zone);
    assertBusinessType(rules, businessType);
    let areaM2 = input.widthM * input.depthM;
    if (geometry.type === 'Polygon') {
      const check = await sql.checkSpotGeometry(tx, geojson);
      if (!check.valid) throw badInput(`几何无效 / invalid geometry: ${check.reason}`, { field: 'geometry', reason: 'INVALID_GEOMETRY', detail: check.reason });
      areaM2 = check.areaM2;
    }
    assertSize(rules, areaM2, input.number ?? undefined);
    await sql.lockZoneSpots(tx, cityId, zoneId);
    const number = input.number ?? (await sql.nextFreeNumber(tx, cityId, zoneId));
    if ((await sql.takenNumbers(tx, cityId, zoneId, [number])).length) throw numbersTaken([number]);
    const row = await sql.insertSpot(tx, {
      cityId, zoneId, number, geojson, widthM: input.widthM, depthM: input.depthM, bearingDeg: input.bearingDeg ?? 0, businessType,
    }).catch((e: unknown) => { throw spotWriteError(e, number); });
    await assertNoVendingClear(tx, cityId, [row]);
    await recordAudit(tx, w, { cityId, operation: 'createSpot', entityType: 'Spot', entityId: row.id, after: row });
    return row;
  });
}

export interface UpdateSpotInput {
  number?: number | null;
  widthM?: number | null;
  depthM?: number | null;
  bearingDeg?: number | null;
  businessType?: string | null;
  expectedVersion?: number | null;
}

/** A locked spot the writer may change: not retired, at the version the caller last saw. */
async function changeableSpot(tx: Db, w: Writer, id: string, expectedVersion?: number | null) {
  const before = await sql.spotById(tx, w.viewer.cityId, id, true);
  if (!before) throw notFound('摊位', 'spot', id);
  // The foreign key keeps the zone; a zone is retired, never deleted.
  const zone = await zoneById(tx, w.viewer.cityId, before.zoneId);
  if (!zone) throw notFound('区域', 'zone', before.zoneId);
  await spotsPolicy.assertZone(tx, w.viewer, zone);
  if (before.status === 'RETIRED') throw conflict(`摊位 ${before.number} 已撤销，不能修改 / spot ${before.number} is retired and cannot be changed`, { reason: 'SPOT_RETIRED' });
  if (expectedVersion != null && expectedVersion !== before.version) {
    throw conflict(`摊位 ${before.number} 已被他人修改（当前版本 ${before.version}）/ spot ${before.number} was changed by someone else (now version ${before.version})`, {
      reason: 'VERSION_CONFLICT', currentVersion: before.version,
    });
  }
  return { before, zone };
}

export async function updateSpot(prisma: PrismaClient, w: Writer, rawId: string, input: UpdateSpotInput): Promise<SpotRow> {
  const id = parseId(rawId);
  const patch: sql.SpotPatch = {
    number: input.number ?? undefined, widthM: input.widthM ?? undefined, depthM: input.depthM ?? undefined,
    bearingDeg: input.bearingDeg ?? undefined, businessType: cleanType(input.businessType),
  };
  if (Object.values(patch).every((v) => v === undefined)) {
    throw badInput('没有要修改的内容 / nothing to change: give number, widthM, depthM, bearingDeg or businessType');
  }
  const cityId = w.viewer.cityId;
  return prisma.$transaction(async (tx) => {
    const { before, zone } = await changeableSpot(tx, w, id, input.expectedVersion);
    const rules = await spotRules(tx, zone);
    if (patch.businessType !== undefined) assertBusinessType(rules, patch.businessType);
    if ((patch.widthM !== undefined || patch.depthM !== undefined) && (before.geometry as { type?: string }).type === 'Point') {
      assertSize(rules, (patch.widthM ?? before.widthM) * (patch.depthM ?? before.depthM), before.number);
    }
    const number = patch.number ?? before.number;
    if (patch.number !== undefined && patch.number !== before.number) {
      await sql.lockZoneSpots(tx, cityId, zone.id);
      if ((await sql.takenNumbers(tx, cityId, zone.id, [number], id)).length) throw numbersTaken([number]);
    }
    const after = await sql.updateSpotRow(tx, cityId, id, patch).catch((e: unknown) => { throw spotWriteError(e, number); });
    await recordAudit(tx, w, { cityId, operation: 'updateSpot', entityType: 'Spot', entityId: id, before, after });
    return after;
  });
}

export async function setSpotStatus(prisma: PrismaClient, w: Writer, rawId: string, status: SpotStatus, reason?: string | null): Promise<SpotRow> {
  const id = parseId(rawId);
  if (status === 'ASSIGNED') {
    throw badInput('ASSIGNED 由分配决定，不能手动设置 / ASSIGNED follows the assignments and cannot be set by hand', { field: 'status', reason: 'STATUS_NOT_SETTABLE' });
  }
  const cityId = w.viewer.cityId;
  return prisma.$transaction(async (tx) => {
    const { before } = await changeableSpot(tx, w, id);
    if (before.status === status) throw conflict(`摊位 ${before.number} 已是 ${status} / spot ${before.number} is already ${status}`, { reason: 'SAME_STATUS' });
    if ((status === 'RETIRED' || before.status === 'ASSIGNED') && (await sql.heldByAssignment(tx, cityId, id))) {
      throw conflict(`摊位 ${before.number} 仍有有效的分配，不能${status === 'RETIRED' ? '撤销' : '改为空闲'} / spot ${before.number} is held by a live assignment: it cannot be ${status === 'RETIRED' ? 'retired' : 'made available'}`, {
        reason: 'SPOT_HELD',
      });
    }
    const after = await sql.setSpotStatusRow(tx, cityId, id, status).catch((e: unknown) => { throw spotWriteError(e, before.number); });
    await recordAudit(tx, w, { cityId, operation: 'setSpotStatus', entityType: 'Spot', entityId: id, before, after: { ...after, reason: reason ?? null } });
    return after;
  });
}

export async function spot(db: Database, viewer: Viewer, rawId: string): Promise<SpotRow | null> {
  const [row] = await spotsByIds(db.sql, viewer.cityId, [parseId(rawId)]);
  return row ?? null;
}

export async function spots(db: Database, viewer: Viewer, a: { zoneId: string; status?: SpotStatus | null; first?: number | null; after?: string | null }) {
  const limit = pageSize(a.first, 50);
  const cursor = decodeCursor(a.after, 2);
  if (cursor && !(Number.isInteger(cursor[0]) && typeof cursor[1] === 'string')) throw badInput('无效的分页游标 / invalid cursor');
  const after = cursor ? ([cursor[0] as number, parseId(cursor[1] as string, 'after')] as [number, string]) : null;
  const { rows, total } = await listSpots(db.sql, { cityId: viewer.cityId, zoneId: parseId(a.zoneId, 'zoneId'), status: a.status ?? null }, limit, after);
  return toConnection(rows, limit, total, (r) => [r.number, r.id]);
}
