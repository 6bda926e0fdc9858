/**
 * The evaluation core: a schedule compiled once per call, the plan of one local day (which hours
 * apply and whether season or holiday rules switch them off), and the open intervals over a span as
 * epoch-millisecond arithmetic: (weekly ∪ openings) − closures, merged where they touch.
 */
import type { DayKind, HolidayCalendar, HolidayPolicy, IsoWeekday, RuleSchedule, Season } from './schedule.types';
import { WEEKDAYS, addDays, isoWeekday, localDate, localInstant, parseHm, parseInstant } from './schedule.time';
import { validateSchedule } from './schedule.validate';

/** Half-open [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

export interface TimedSpan extends Span {
  reason: string;
}

/** Minutes after the start day's midnight; endDay 1 for an overnight window, so DST moves the instant, not the wall time. */
export interface Hours {
  start: number;
  end: number;
  endDay: 0 | 1;
}

export interface CompiledSchedule {
  zone: string;
  weekly: Map<IsoWeekday, Hours[]>;
  holidayHours: Hours[];
  season: Season | null;
  holidayPolicy: HolidayPolicy;
  adjustedWorkdayAs: IsoWeekday;
  closures: TimedSpan[];
  openings: TimedSpan[];
}

export interface DayPlan {
  date: string;
  kind: DayKind;
  holidayName: string | null;
  inSeason: boolean;
  holidayClosed: boolean;
  /** The hours this kind of day follows, ignoring season and a CLOSED holiday: used to explain why it is closed. */
  nominal: Span[];
  /** What really opens by the weekly schedule on this day. */
  effective: Span[];
}

function toHours(start: string, end: string): Hours {
  const s = parseHm(start, false);
  const e = parseHm(end, true);
  if (s === null || e === null) throw new Error('unreachable: validated before compiling');
  return e > s ? { start: s, end: e, endDay: 0 } : { start: s, end: e, endDay: 1 };
}

function toSpans(ranges: RuleSchedule['closures'], zone: string): TimedSpan[] {
  return ranges
    .map((r) => ({ start: parseInstant(r.from, zone) ?? 0, end: parseInstant(r.to, zone) ?? 0, reason: r.reason }))
    .sort((a, b) => a.start - b.start);
}

/** Evaluating an invalid schedule would give confident wrong answers, so it fails loudly instead. */
export function compileSchedule(s: RuleSchedule): CompiledSchedule {
  const problems = validateSchedule(s);
  if (problems.length > 0) throw new RangeError(`invalid schedule: ${problems.join('; ')}`);
  const weekly = new Map<IsoWeekday, Hours[]>(WEEKDAYS.map((d) => [d, []]));
  for (const w of s.windows) weekly.get(w.day)?.push(toHours(w.start, w.end));
  for (const list of weekly.values()) list.sort((a, b) => a.start - b.start);
  return {
    zone: s.timeZone,
    weekly,
    holidayHours: s.holidayWindows.map((w) => toHours(w.start, w.end)).sort((a, b) => a.start - b.start),
    season: s.season,
    holidayPolicy: s.holidayPolicy,
    adjustedWorkdayAs: s.adjustedWorkdayAs,
    closures: toSpans(s.closures, s.timeZone),
    openings: toSpans(s.openings, s.timeZone),
  };
}

export function inSeason(season: Season | null, date: string): boolean {
  if (season === null) return true;
  const md = date.slice(5);
  return season.from <= season.to ? season.from <= md && md <= season.to : md >= season.from || md <= season.to;
}

export function planDay(c: CompiledSchedule, cal: HolidayCalendar, date: string): DayPlan {
  const kind = cal.dayKind(date);
  const special = kind === 'HOLIDAY' && c.holidayPolicy === 'SPECIAL_HOURS';
  const weekday = kind === 'ADJUSTED_WORKDAY' ? c.adjustedWorkdayAs : isoWeekday(date);
  const hours = special ? c.holidayHours : (c.weekly.get(weekday) ?? []);
  const nominal = hours
    .map((h) => ({
      start: localInstant(date, h.start, c.zone),
      end: localInstant(h.endDay === 1 ? addDays(date, 1) : date, h.end, c.zone),
    }))
    // A start skipped by a spring-forward gap moves forward and can pass the end (02:30–03:15 that night).
    .filter((span) => span.end > span.start);
  const holidayClosed = kind === 'HOLIDAY' && c.holidayPolicy === 'CLOSED';
  const seasonal = inSeason(c.season, date);
  return {
    date,
    kind,
    holidayName: kind === 'WORKDAY' || kind === 'RESTDAY' ? null : cal.holidayName(date),
    inSeason: seasonal,
    holidayClosed,
    nominal,
    effective: seasonal && !holidayClosed ? nominal : [],
  };
}

/** Sorts and merges overlapping or touching spans (24:00 meets the next day's 00:00). */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Removes cuts from merged spans; a cut inside a span splits it in two. */
export function subtractSpans(spans: Span[], cuts: Span[]): Span[] {
  const merged = mergeSpans(cuts);
  const out: Span[] = [];
  for (const span of spans) {
    let start = span.start;
    for (const cut of merged) {
      if (cut.end <= start || cut.start >= span.end) continue;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
    }
    if (start < span.end) out.push({ start, end: span.end });
  }
  return out;
}

export function covers(span: Span, t: number): boolean {
  return span.start <= t && t < span.end;
}

/**
 * Open intervals clipped to [a, b). A day's windows end before the day after next begins, so the
 * local day before `a` is the earliest whose windows can reach into the span.
 */
export function openIntervals(c: CompiledSchedule, cal: HolidayCalendar, a: number, b: number): Span[] {
  if (b <= a) return [];
  const spans: Span[] = [];
  const last = localDate(b, c.zone);
  for (let day = addDays(localDate(a, c.zone), -1); day <= last; day = addDays(day, 1)) {
    spans.push(...planDay(c, cal, day).effective);
  }
  spans.push(...c.openings.filter((o) => o.end > a && o.start < b));
  const open = subtractSpans(mergeSpans(spans), c.closures);
  return open
    .map((s) => ({ start: Math.max(s.start, a), end: Math.min(s.end, b) }))
    .filter((s) => s.end > s.start);
}
