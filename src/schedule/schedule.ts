/**
 * "Is this zone open at instant T, if not why, and when does it next open" — pure time logic, no
 * database. All wall-clock times are read in the schedule's IANA zone with luxon. An overnight window
 * belongs to the day it starts on: that day's season, day kind and holiday policy decide it.
 */
import type { ClosedReason, HolidayCalendar, OpenInterval, OpenState, RuleSchedule } from './schedule.types';
import {
  type CompiledSchedule,
  type DayPlan,
  type Span,
  compileSchedule,
  covers,
  openIntervals,
  planDay,
} from './schedule.plan';
import { DAY_MS, addDays, isoInZone, localDate, monthDayLabel, wallClock } from './schedule.time';

export { validateSchedule } from './schedule.validate';
export { weeklySummary } from './schedule.summary';
export type * from './schedule.types';

/** How far openStateAt looks either side for the edges of the current interval; a zone open around the clock reports edges this far away. */
export const DEFAULT_SEARCH_DAYS = 31;

type Reason = { code: ClosedReason; message: string };
const ORDER: readonly ClosedReason[] = ['TEMPORARILY_CLOSED', 'OUT_OF_SEASON', 'HOLIDAY_CLOSED', 'CLOSED_AT_THIS_TIME'];

function instant(at: Date, name: string): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

function dayReasons(c: CompiledSchedule, plan: DayPlan): Reason[] {
  const reasons: Reason[] = [];
  if (!plan.inSeason && c.season) {
    const from = monthDayLabel(c.season.from);
    const to = monthDayLabel(c.season.to);
    const wraps = c.season.from > c.season.to ? '次年' : '';
    reasons.push({
      code: 'OUT_OF_SEASON',
      message: `非营业季节（营业季节 ${from.zh}至${wraps}${to.zh}） / out of season (season: ${from.en} – ${to.en})`,
    });
  }
  if (plan.holidayClosed) {
    const name = plan.holidayName ? `（${plan.holidayName}）` : '';
    reasons.push({ code: 'HOLIDAY_CLOSED', message: `法定节假日休市${name} / closed on public holidays` });
  }
  return reasons;
}

/**
 * Why the weekly schedule is closed at t. The governing day is the start day of a window that would
 * cover t (the day before, for an overnight window), else t's own local date: its season and holiday
 * rules are reported; CLOSED_AT_THIS_TIME means no window of the hours that apply covers t at all.
 */
function weeklyReasons(c: CompiledSchedule, plans: DayPlan[], t: number): Reason[] {
  const governing = plans.filter((p) => p.nominal.some((s) => covers(s, t)));
  if (governing.length > 0) return governing.flatMap((p) => dayReasons(c, p));
  const today = plans[plans.length - 1];
  const special = today.kind === 'HOLIDAY' && c.holidayPolicy === 'SPECIAL_HOURS';
  const hours: Reason = special
    ? { code: 'CLOSED_AT_THIS_TIME', message: `不在节假日营业时间内${today.holidayName ? `（${today.holidayName}）` : ''} / outside public-holiday hours` }
    : { code: 'CLOSED_AT_THIS_TIME', message: '当前不在营业时间 / not open at this time' };
  return [...dayReasons(c, today), hours];
}

function closureReason(c: CompiledSchedule, closure: { end: number; reason: string }): Reason {
  const until = wallClock(closure.end, c.zone);
  const why = closure.reason.trim() ? `（${closure.reason.trim()}）` : '';
  return { code: 'TEMPORARILY_CLOSED', message: `临时关闭至 ${until}${why} / temporarily closed until ${until}` };
}

/** Keeps one reason per code (two overnight days can both be out of season), in a fixed order. */
function tidy(reasons: Reason[]): Reason[] {
  const seen = new Set<ClosedReason>();
  const kept: Reason[] = [];
  for (const r of reasons) {
    // Several closures can overlap: each keeps its own line, with its own end and reason.
    if (r.code !== 'TEMPORARILY_CLOSED' && seen.has(r.code)) continue;
    seen.add(r.code);
    kept.push(r);
  }
  return kept.sort((a, b) => ORDER.indexOf(a.code) - ORDER.indexOf(b.code));
}

/**
 * The continuous open interval containing t (open at t is known), widening the search until both
 * edges are inside it; an edge further than maxDays away is cut there.
 */
function containing(c: CompiledSchedule, cal: HolidayCalendar, t: number, maxDays: number): Span {
  for (let days = Math.min(1, maxDays); ; days = Math.min(days * 2, maxDays)) {
    const a = t - days * DAY_MS;
    const b = t + days * DAY_MS;
    const hit = openIntervals(c, cal, a, b).find((span) => covers(span, t)) ?? { start: t, end: t };
    if ((hit.start > a && hit.end < b) || days >= maxDays) return hit;
  }
}

function toOpenInterval(c: CompiledSchedule, span: Span): OpenInterval {
  return { from: isoInZone(span.start, c.zone), to: isoInZone(span.end, c.zone) };
}

export function openStateAt(
  s: RuleSchedule,
  cal: HolidayCalendar,
  at: Date,
  searchDays: number = DEFAULT_SEARCH_DAYS,
): OpenState {
  const c = compileSchedule(s);
  const t = instant(at, 'at');
  if (!(searchDays > 0)) throw new RangeError('searchDays must be positive');
  const closures = c.closures.filter((span) => covers(span, t));
  const opening = c.openings.some((span) => covers(span, t));
  const today = localDate(t, c.zone);
  const plans = [planDay(c, cal, addDays(today, -1)), planDay(c, cal, today)];
  const weeklyOpen = plans.some((p) => p.effective.some((span) => covers(span, t)));

  if (closures.length === 0 && (opening || weeklyOpen)) {
    return { open: true, reasons: [], window: toOpenInterval(c, containing(c, cal, t, searchDays)) };
  }
  // When an opening or the weekly hours would have it open, the closure is the only reason.
  const weeklyClosed = !opening && !weeklyOpen;
  const reasons = [...closures.map((span) => closureReason(c, span)), ...(weeklyClosed ? weeklyReasons(c, plans, t) : [])];
  return { open: false, reasons: tidy(reasons) };
}

/**
 * The next `count` open intervals, in order, merged where they touch, cut by closures. When the
 * zone is already open at `from`, the first interval is the current one with its REAL start (before
 * `from`, as openStateAt's window reports it), so an interval reads the same whenever it is asked
 * for. The search covers horizonDays × 24 h after `from`; an interval running past that is cut there.
 */
export function nextOpenings(
  s: RuleSchedule,
  cal: HolidayCalendar,
  from: Date,
  count: number,
  horizonDays = 400,
): OpenInterval[] {
  const c = compileSchedule(s);
  const t = instant(from, 'from');
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  if (!(horizonDays > 0)) throw new RangeError('horizonDays must be positive');
  if (count === 0) return [];
  const limit = t + horizonDays * DAY_MS;

  let found: Span[] = [];
  // Doubling spans keep a short question cheap; an interval touching the span's end may still grow.
  for (let days = 7; ; days *= 2) {
    const b = Math.min(t + days * DAY_MS, limit);
    const spans = openIntervals(c, cal, t, b);
    const done = b >= limit;
    found = done ? spans : spans.filter((span) => span.end < b);
    if (found.length >= count || done) break;
  }
  found = found.slice(0, count);
  if (found.length > 0 && found[0].start === t) {
    found[0] = { start: containing(c, cal, t, horizonDays).start, end: found[0].end };
  }
  return found.map((span) => toOpenInterval(c, span));
}
