// "May I vend here, now, this?" — the one question every later feature asks. PostGIS finds the zones
// and buffers at the point and the nearest zones; the rule versions, holidays and exceptions are
// evaluated by the pure schedule module. Every reason is reported, in plain words with a code.
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { parsePoint, type Crs } from '../../geo/input';
import type { ZoneRow } from '../zones/zones.sql';
import { assertBusinessType } from './catalog.service';
import { loadRuleContext, zoneNextOpenings, zoneStateAt, type RuleContext } from './evaluate';
import type { StoredSchedule, VendingCheckModel, VendingReasonModel } from './rules.models';
import { instantOr } from './rules.service';
import * as sql from './rules.sql';
import { nextOpenings, openStateAt } from './schedule';
import { mergeSpans, subtractSpans, type Span } from './schedule.plan';

const YEAR_MS = 366 * 86_400_000;

function bufferSchedule(ctx: RuleContext, b: sql.DistanceRuleRow) {
  return b.schedule ? { ...(b.schedule as StoredSchedule), timeZone: ctx.timeZone, closures: [], openings: [] } : null;
}

function reason(code: VendingReasonModel['code'], message: string, extra: Partial<VendingReasonModel> = {}): VendingReasonModel {
  return { code, message, zone: null, feature: null, distanceM: null, ...extra };
}

/** Earliest instant ≥ at inside an allowing zone's hours and outside every time-bound buffer. */
function nextAllowed(ctx: RuleContext, zones: ZoneRow[], buffers: sql.DistanceRuleRow[], businessType: string, at: Date): Date | null {
  const open: Span[] = mergeSpans(zones.flatMap((z) =>
    zoneNextOpenings(ctx, z.id, at, 20, businessType).map((o) => ({ start: Date.parse(o.from), end: Date.parse(o.to) }))));
  const cuts: Span[] = buffers.flatMap((b) => {
    const s = bufferSchedule(ctx, b)!;
    return nextOpenings(s, ctx.calendar, at, 200, 370).map((o) => ({ start: Date.parse(o.from), end: Date.parse(o.to) }));
  });
  const free = subtractSpans(open, cuts).filter((s) => s.end > at.getTime() && s.start < at.getTime() + YEAR_MS);
  return free.length ? new Date(Math.max(free[0].start, at.getTime())) : null;
}

export async function vendingCheck(
  db: Db, viewer: Viewer | null, a: { point: unknown; businessType: string; at?: Date | string | null; crs?: Crs | null },
): Promise<VendingCheckModel> {
  const p = parsePoint(a.point, a.crs ?? 'WGS84', 'point').coordinates;
  const cityId = viewer?.cityId ?? (await sql.cityAtPoint(db, p));
  if (!cityId) {
    const at = instantOr(a.at, 'Asia/Shanghai');
    return { allowed: false, at, zones: [], reasons: [reason('OUTSIDE_ZONES', '该地点不在任何城市的管理范围内 / the point is outside every city this service manages')], nextAllowedAt: null, nearestAllowedZone: null };
  }
  await assertBusinessType(db, cityId, a.businessType);
  const [zones, buffers, nearest] = await Promise.all([
    sql.zonesAt(db, cityId, p), sql.buffersAt(db, cityId, p), sql.nearestVendingZones(db, cityId, p, 25),
  ]);
  // Only the rules of the zones in question are loaded, however many zones the city has.
  const ctx = await loadRuleContext(db, cityId, [...new Set([...zones, ...nearest].map((z) => z.id))]);
  const at = instantOr(a.at, ctx.timeZone);
  const reasons: VendingReasonModel[] = [];

  const noVending = zones.filter((z) => z.kind === 'NO_VENDING');
  for (const z of noVending) reasons.push(reason('IN_NO_VENDING_AREA', `位于禁设区域「${z.name}」/ inside the no-vending area ${z.name}`, { zone: z }));
  const activeBuffers = buffers.filter((b) => {
    const s = bufferSchedule(ctx, b);
    return !s || openStateAt(s, ctx.calendar, at).open;
  });
  for (const b of activeBuffers) {
    const d = Math.round(b.distanceM * 10) / 10;
    reasons.push(reason('TOO_CLOSE_TO', `距「${b.name}」${d} 米，不足 ${b.bufferM} 米 / ${d} m from ${b.name}, closer than ${b.bufferM} m`, { feature: b, distanceM: b.distanceM }));
  }

  const vending = zones.filter((z) => z.kind !== 'NO_VENDING');
  const states = vending.map((z) => ({ z, s: zoneStateAt(ctx, z.id, at, a.businessType) }));
  const allowing = states.filter(({ s }) => s.open && s.typeAllowed);
  if (vending.length === 0) reasons.push(reason('OUTSIDE_ZONES', '不在任何摊点区域内 / not inside any vending zone'));
  if (allowing.length === 0) {
    for (const { z, s } of states) {
      if (!s.typeAllowed) reasons.push(reason('BUSINESS_TYPE_NOT_ALLOWED', `「${z.name}」不允许该业态 / ${z.name} does not allow ${a.businessType}`, { zone: z }));
      else for (const r of s.reasons) reasons.push(reason(r.code, `「${z.name}」：${r.message}`, { zone: z }));
    }
  }
  const allowed = noVending.length === 0 && activeBuffers.length === 0 && allowing.length > 0;

  const permanent = noVending.length > 0 || buffers.some((b) => !b.schedule);
  const typed = states.filter(({ s }) => s.rule).map(({ z }) => z);
  const nextAllowedAt = allowed ? at : permanent ? null : nextAllowed(ctx, typed, buffers, a.businessType, at);

  let nearestAllowedZone: VendingCheckModel['nearestAllowedZone'] = null;
  for (const z of nearest) {
    const s = zoneStateAt(ctx, z.id, at, a.businessType);
    if (s.open && s.typeAllowed) {
      nearestAllowedZone = { zone: z, distanceM: z.distanceM };
      break;
    }
  }
  return { allowed, at, zones, reasons: allowed ? [] : reasons, nextAllowedAt, nearestAllowedZone };
}

