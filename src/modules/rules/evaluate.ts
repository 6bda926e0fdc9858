// The rules of a city's zones at an instant: which version is in force, whether the zone is open and
// for which business types, and when it next opens. Everything is loaded once per request (a city
// has hundreds to a few thousand zones) and evaluated with the pure schedule module.
import type { Db } from '../../db/database';
import { cityCatalog } from './catalog-cache';
import type { StoredSchedule, ZoneRuleModel } from './rules.models';
import { nextOpenings, openStateAt } from '../../schedule/schedule';
import type { ClosedReason, DateTimeRange, HolidayCalendar, OpenInterval, RuleSchedule } from '../../schedule/schedule.types';
import { localDate, localInstant } from '../../schedule/schedule.time';

export interface RuleContext {
  timeZone: string;
  calendar: HolidayCalendar;
  /** business type code → parent code (retired types too: a retired parent still groups its children) */
  parents: Map<string, string | null>;
  activeTypes: Set<string>;
  /** business type code → its names, for the public view of a zone */
  typeNames: Map<string, { name: string; nameEn: string }>;
  versions: Map<string, ZoneRuleModel[]>;
  closures: Map<string, DateTimeRange[]>;
  openings: Map<string, DateTimeRange[]>;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Loads the city's calendar and catalogue, and the rules of `zoneIds` (every zone when omitted). The
 * city-wide part comes from the per-process cache (catalog-cache.ts) for a root client and is read
 * afresh inside a transaction; its maps and calendar are shared between requests: read them only.
 */
export async function loadRuleContext(db: Db, cityId: string, zoneIds?: string[]): Promise<RuleContext> {
  const only = zoneIds ? { zoneId: { in: zoneIds } } : {};
  const [catalog, rules, exceptions] = await Promise.all([
    cityCatalog(db, cityId),
    // No zones asked for (the vending check brings its zones' rules itself): no query for them.
    zoneIds?.length === 0 ? [] : db.zoneRule.findMany({ where: { cityId, ...only }, orderBy: { effectiveFrom: 'asc' } }),
    zoneIds?.length === 0 ? [] : db.zoneException.findMany({ where: { cityId, ...only, endsAt: { gt: new Date(Date.now() - 400 * 86_400_000) } } }),
  ]);
  const ctx: RuleContext = {
    timeZone: catalog.timeZone,
    calendar: catalog.calendar,
    parents: catalog.parents,
    activeTypes: catalog.activeTypes,
    typeNames: catalog.typeNames,
    versions: new Map(),
    closures: new Map(),
    openings: new Map(),
  };
  for (const r of rules) push(ctx.versions, r.zoneId, { ...r, schedule: r.schedule as unknown as StoredSchedule });
  for (const e of exceptions) {
    const range = { from: e.startsAt.toISOString(), to: e.endsAt.toISOString(), reason: e.reason };
    push(e.kind === 'CLOSURE' ? ctx.closures : ctx.openings, e.zoneId, range);
  }
  return ctx;
}

export function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The version in force on the local date of `at`. */
export function versionAt(ctx: RuleContext, zoneId: string, at: Date): ZoneRuleModel | null {
  const today = localDate(at.getTime(), ctx.timeZone);
  const versions = ctx.versions.get(zoneId) ?? [];
  let found: ZoneRuleModel | null = null;
  for (const v of versions) if (dateOnly(v.effectiveFrom) <= today) found = v;
  return found;
}

/** The first version after the local date of `at` (the next change of rules, or a zone's first hours). */
export function upcomingVersion(ctx: RuleContext, zoneId: string, at: Date): ZoneRuleModel | null {
  const today = localDate(at.getTime(), ctx.timeZone);
  return (ctx.versions.get(zoneId) ?? []).find((v) => dateOnly(v.effectiveFrom) > today) ?? null;
}

export function scheduleOf(ctx: RuleContext, zoneId: string, stored: StoredSchedule): RuleSchedule {
  return { ...stored, timeZone: ctx.timeZone, closures: ctx.closures.get(zoneId) ?? [], openings: ctx.openings.get(zoneId) ?? [] };
}

/** A parent type allows its children: a zone open to 小吃 food allows 煎饼 jianbing. */
export function allowsType(ctx: RuleContext, rule: ZoneRuleModel, code: string): boolean {
  if (rule.allowAllBusinessTypes) return true;
  const allowed = new Set(rule.allowedBusinessTypes);
  for (let c: string | null | undefined = code, hops = 0; c && hops < 10; c = ctx.parents.get(c), hops++) {
    if (allowed.has(c)) return true;
  }
  return false;
}

export interface ZoneState {
  open: boolean;
  rule: ZoneRuleModel | null;
  /** With no version in force: the first one to come, which then speaks for the zone's business types. */
  upcoming: ZoneRuleModel | null;
  /** Whether the version in force (else the one to come) allows the type; a zone with no version refuses no type, it is closed. */
  typeAllowed: boolean;
  reasons: { code: ClosedReason; message: string }[];
}

export function zoneStateAt(ctx: RuleContext, zoneId: string, at: Date, businessType?: string | null): ZoneState {
  const rule = versionAt(ctx, zoneId, at);
  if (!rule) {
    // Before its first version a zone is closed for time, not for type: "opens from" is the answer.
    const upcoming = upcomingVersion(ctx, zoneId, at);
    const from = upcoming && dateOnly(upcoming.effectiveFrom);
    const message = from ? `自 ${from} 起开放 / opens from ${from}` : '该区域尚未设定开放时间 / no opening hours are set for this zone';
    const typeAllowed = upcoming && businessType ? allowsType(ctx, upcoming, businessType) : true;
    return { open: false, rule, upcoming, typeAllowed, reasons: [{ code: 'CLOSED_AT_THIS_TIME', message }] };
  }
  const typeAllowed = businessType ? allowsType(ctx, rule, businessType) : true;
  const state = openStateAt(scheduleOf(ctx, zoneId, rule.schedule), ctx.calendar, at);
  return { open: state.open, rule, upcoming: null, typeAllowed, reasons: state.reasons };
}

/**
 * Open intervals from `from` across rule versions: each version answers for its own dates (from its
 * effective date at local midnight until the next version's), so a version starting tomorrow is
 * honoured tomorrow.
 */
export function zoneNextOpenings(ctx: RuleContext, zoneId: string, from: Date, count: number, businessType?: string | null): OpenInterval[] {
  const versions = ctx.versions.get(zoneId) ?? [];
  const out: OpenInterval[] = [];
  for (let i = 0; i < versions.length && out.length < count; i++) {
    const v = versions[i];
    if (businessType && !allowsType(ctx, v, businessType)) continue;
    const start = localInstant(dateOnly(v.effectiveFrom), 0, ctx.timeZone);
    const end = i + 1 < versions.length ? localInstant(dateOnly(versions[i + 1].effectiveFrom), 0, ctx.timeZone) : Infinity;
    if (end <= from.getTime()) continue;
    const begin = new Date(Math.max(start, from.getTime()));
    for (const o of nextOpenings(scheduleOf(ctx, zoneId, v.schedule), ctx.calendar, begin, count - out.length, 370)) {
      if (Date.parse(o.from) >= end) break;
      out.push(Date.parse(o.to) > end ? { from: o.from, to: new Date(end).toISOString() } : o);
    }
  }
  return out;
}
