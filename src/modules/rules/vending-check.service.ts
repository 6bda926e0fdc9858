// "May I vend here, now, this?" — the one question every later feature asks. PostGIS finds the zones
// and buffers at the point and the nearest zones; the rule versions, holidays and exceptions are
// evaluated by the pure schedule module. Every reason is reported, in plain words with a code.
// Anyone may ask, so zones and buffers leave in their public view (public-zone.ts) whoever asks.
import type { Database } from '../../db/database';
import { badInput } from '../../graphql/errors';
import type { Viewer } from '../../graphql/context';
import { parsePoint, type Crs } from '../../geo/input';
import type { ZoneRow } from '../zones/zones.sql';
import { dateOnly, loadRuleContext, zoneNextOpenings, zoneStateAt, type RuleContext } from './evaluate';
import { publicFeature, publicZone } from './public-zone';
import type { PublicZoneModel, StoredSchedule, VendingCheckModel, VendingReasonModel, ZoneRuleModel } from './rules.models';
import { instantOr } from './rules.service';
import type * as sql from './rules.sql';
import type { RuleSchedule } from '../../schedule/schedule.types';
import { vendingFacts, type VendingFacts } from './vending-check.sql';
import { nextOpenings, openStateAt } from '../../schedule/schedule';
import { mergeSpans, subtractSpans, type Span } from '../../schedule/schedule.plan';

const YEAR_MS = 366 * 86_400_000;

/**
 * A time-bound buffer's schedule. Buffers are written without adjustedWorkdayAs, so toStoredSchedule
 * gives them Monday: on an adjusted working day (调休, a worked Saturday or Sunday) a school-gate buffer
 * applies in Monday's windows, as the school is open. On a public holiday it follows its holidayPolicy.
 */
/** A buffer's stored schedule read in the city's time zone, without zone closures or openings; null: always. */
export function storedBufferSchedule(ctx: RuleContext, schedule: unknown): RuleSchedule | null {
  return schedule ? { ...(schedule as StoredSchedule), timeZone: ctx.timeZone, closures: [], openings: [] } : null;
}

function bufferSchedule(ctx: RuleContext, b: sql.DistanceRuleRow) {
  return storedBufferSchedule(ctx, b.schedule);
}

function reason(code: VendingReasonModel['code'], message: string, extra: Partial<VendingReasonModel> = {}): VendingReasonModel {
  return { code, message, zone: null, feature: null, distanceM: null, ...extra };
}

/**
 * Refused for the type by the version in force, or, before the zone's first version, by that version:
 * the zone will open on its date, but not for this type (a later version may still allow it, which
 * nextAllowedAt then tells).
 */
function typeRefusal(name: string, upcoming: ZoneRuleModel | null, type: string): string {
  if (!upcoming) return `「${name}」不允许该业态 / ${name} does not allow ${type}`;
  const from = dateOnly(upcoming.effectiveFrom);
  return `「${name}」自 ${from} 起开放，但不允许该业态 / ${name} opens from ${from} but will not allow ${type}`;
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

/** The rule versions and exceptions the statement brought back, placed in the city's rule context. */
function withZones(ctx: RuleContext, facts: VendingFacts): RuleContext {
  for (const r of facts.rules) {
    const version: ZoneRuleModel = {
      cityId: facts.cityId!, id: r.id, zoneId: r.zoneId, effectiveFrom: new Date(`${r.effectiveFrom}T00:00:00Z`),
      schedule: r.schedule as StoredSchedule, allowAllBusinessTypes: r.allowAll, allowedBusinessTypes: r.allowed ?? [],
      capacity: r.capacity, maxStallAreaM2: r.maxStallAreaM2, createdAt: new Date(r.createdAt),
    };
    const list = ctx.versions.get(r.zoneId);
    if (list) list.push(version);
    else ctx.versions.set(r.zoneId, [version]);
  }
  for (const e of facts.exceptions) {
    const target = e.kind === 'CLOSURE' ? ctx.closures : ctx.openings;
    const range = { from: new Date(e.startsAt).toISOString(), to: new Date(e.endsAt).toISOString(), reason: e.reason };
    const list = target.get(e.zoneId);
    if (list) list.push(range);
    else target.set(e.zoneId, [range]);
  }
  return ctx;
}

export async function vendingCheck(
  db: Database, viewer: Viewer | null, a: { point: unknown; businessType: string; at?: Date | string | null; crs?: Crs | null },
): Promise<VendingCheckModel> {
  const p = parsePoint(a.point, a.crs ?? 'WGS84', 'point').coordinates;
  // DateTime arguments arrive as instants (RFC 3339 with an offset): no time zone is needed to read them.
  const at = instantOr(a.at, 'Asia/Shanghai');
  const facts = await vendingFacts(db.sql, viewer?.cityId ?? null, p, at, a.businessType);
  if (!facts.cityId) {
    return { allowed: false, at, zones: [], reasons: [reason('OUTSIDE_ZONES', '该地点不在任何城市的管理范围内 / the point is outside every city this service manages')], nextAllowedAt: null, nearestAllowedZone: null };
  }
  if (facts.typeActive !== true) {
    throw badInput(`未知或已停用的业态 / unknown or retired business type: ${a.businessType}`, { field: 'businessType' });
  }
  const { zones, buffers, nearest } = facts;
  // The city's calendar and catalogue; the zones' rules came with the statement.
  const ctx = withZones(await loadRuleContext(db.prisma, facts.cityId, []), facts);
  const reasons: VendingReasonModel[] = [];
  const views = new Map<string, PublicZoneModel>();
  // One view per zone: a zone named in several places of the answer is described once.
  const pub = (z: ZoneRow): PublicZoneModel => {
    let view = views.get(z.id);
    if (!view) views.set(z.id, (view = publicZone(ctx, z, at)));
    return view;
  };

  const noVending = zones.filter((z) => z.kind === 'NO_VENDING');
  for (const z of noVending) reasons.push(reason('IN_NO_VENDING_AREA', `位于禁设区域「${z.name}」/ inside the no-vending area ${z.name}`, { zone: pub(z) }));
  const activeBuffers = buffers.filter((b) => {
    const s = bufferSchedule(ctx, b);
    return !s || openStateAt(s, ctx.calendar, at).open;
  });
  for (const b of activeBuffers) {
    const d = Math.round(b.distanceM * 10) / 10;
    reasons.push(reason('TOO_CLOSE_TO', `距「${b.name}」${d} 米，不足 ${b.bufferM} 米 / ${d} m from ${b.name}, closer than ${b.bufferM} m`, { feature: publicFeature(b, bufferSchedule(ctx, b)), distanceM: b.distanceM }));
  }

  const vending = zones.filter((z) => z.kind !== 'NO_VENDING');
  const states = vending.map((z) => ({ z, s: zoneStateAt(ctx, z.id, at, a.businessType) }));
  const allowing = states.filter(({ s }) => s.open && s.typeAllowed);
  if (vending.length === 0) reasons.push(reason('OUTSIDE_ZONES', '不在任何摊点区域内 / not inside any vending zone'));
  if (allowing.length === 0) {
    for (const { z, s } of states) {
      if (!s.typeAllowed) reasons.push(reason('BUSINESS_TYPE_NOT_ALLOWED', typeRefusal(z.name, s.upcoming, a.businessType), { zone: pub(z) }));
      else for (const r of s.reasons) reasons.push(reason(r.code, `「${z.name}」：${r.message}`, { zone: pub(z) }));
    }
  }
  const allowed = noVending.length === 0 && activeBuffers.length === 0 && allowing.length > 0;

  const permanent = noVending.length > 0 || buffers.some((b) => !b.schedule);
  // A zone whose first version is still to come counts too: it may allow the type from that date.
  const typed = states.filter(({ s }) => s.rule || s.upcoming).map(({ z }) => z);
  const nextAllowedAt = allowed ? at : permanent ? null : nextAllowed(ctx, typed, buffers, a.businessType, at);

  let nearestAllowedZone: VendingCheckModel['nearestAllowedZone'] = null;
  for (const z of nearest) {
    const s = zoneStateAt(ctx, z.id, at, a.businessType);
    if (s.open && s.typeAllowed) {
      nearestAllowedZone = { zone: pub(z), distanceM: z.distanceM };
      break;
    }
  }
  return { allowed, at, zones: zones.map(pub), reasons: allowed ? [] : reasons, nextAllowedAt, nearestAllowedZone };
}

