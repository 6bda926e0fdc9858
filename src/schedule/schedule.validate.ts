/**
 * Every problem of a schedule in plain words, Chinese first with English beside, so an officer's
 * form can list them all at once instead of failing on the first.
 */
import type { DateTimeRange, RuleSchedule } from './schedule.types';
import {
  DAY_EN,
  MINUTES_PER_DAY,
  isIsoWeekday,
  isValidMonthDay,
  isValidZone,
  parseHm,
  parseInstant,
  windowMinutes,
} from './schedule.time';

const WEEK_MINUTES = 7 * MINUTES_PER_DAY;
const POLICIES: readonly string[] = ['CLOSED', 'OPEN_AS_USUAL', 'SPECIAL_HOURS'];

/** A parsed window placed on a repeating cycle (a week, or a day for holiday hours). */
interface Placed {
  label: string;
  start: number;
  end: number;
}

function label(day: number | null, start: string, end: string): string {
  return `${day === null ? '' : `${DAY_EN[day - 1]} `}${start}–${end}`;
}

/**
 * Checks one window's times and places it on the cycle; null when it cannot be placed.
 * `day` null means a holiday window, which repeats daily (holidays come in runs, like Golden Week).
 */
function placeWindow(
  start: unknown,
  end: unknown,
  day: number | null,
  path: string,
  problems: string[],
): Placed | null {
  const s = parseHm(start, false);
  const e = parseHm(end, true);
  if (s === null) problems.push(`时间格式无效 / malformed time (expected HH:mm): ${path}.start = ${JSON.stringify(start)}`);
  if (e === null) problems.push(`时间格式无效 / malformed time (expected HH:mm or 24:00): ${path}.end = ${JSON.stringify(end)}`);
  if (s === null || e === null) return null;
  const text = label(day, String(start), String(end));
  if (s === e) {
    problems.push(`时间窗口长度为零 / zero-length window: ${text} (全天请用 00:00–24:00 / use 00:00–24:00 for a whole day)`);
    return null;
  }
  const offset = day === null ? 0 : (day - 1) * MINUTES_PER_DAY;
  return { label: text, start: offset + s, end: offset + s + windowMinutes(s, e) };
}

/** At most this many overlaps are listed; more would only repeat the point. */
const MAX_OVERLAPS_LISTED = 10;

/**
 * Overlaps on a cycle (a Sunday-night window reaches into Monday, a holiday night into the next
 * holiday), by a sweep in n log n: windows sorted by start, each also placed one cycle later, compared
 * only with the windows still open. Every window still open overlaps every other, so the open set
 * stays small until the list of problems is full, where the sweep stops. Each pair is reported once.
 */
function overlapProblems(placed: Placed[], cycle: number, what: string): string[] {
  const items = placed.flatMap((p, i) => [{ p, i, start: p.start, end: p.end }, { p, i, start: p.start + cycle, end: p.end + cycle }]);
  items.sort((a, b) => a.start - b.start);
  const problems: string[] = [];
  const seen = new Set<string>();
  let open: typeof items = [];
  for (const cur of items) {
    open = open.filter((o) => o.end > cur.start);
    for (const o of open) {
      const [a, b] = o.i < cur.i ? [o, cur] : [cur, o];
      const key = `${a.i}:${b.i}`;
      if (a.i === b.i || seen.has(key)) continue;
      seen.add(key);
      problems.push(`${what}: ${a.p.label} and ${b.p.label}`);
      if (problems.length >= MAX_OVERLAPS_LISTED) return problems;
    }
    open.push(cur);
  }
  return problems;
}

function rangeProblems(ranges: DateTimeRange[], zone: string, path: string, zh: string, en: string): string[] {
  const problems: string[] = [];
  ranges.forEach((range, i) => {
    const from = parseInstant(range.from, zone);
    const to = parseInstant(range.to, zone);
    if (from === null) problems.push(`时间无效 / invalid ISO instant: ${path}[${i}].from = ${JSON.stringify(range.from)}`);
    if (to === null) problems.push(`时间无效 / invalid ISO instant: ${path}[${i}].to = ${JSON.stringify(range.to)}`);
    if (from !== null && to !== null && to <= from) {
      problems.push(`${zh}的结束时间须晚于开始时间 / ${en} must end after it starts: ${path}[${i}] ${range.from} – ${range.to}`);
    }
  });
  return problems;
}

export function validateSchedule(s: RuleSchedule): string[] {
  const problems: string[] = [];
  const zoneOk = isValidZone(s.timeZone);
  if (!zoneOk) problems.push(`时区无效 / invalid IANA time zone: ${JSON.stringify(s.timeZone)}`);

  const weekly: Placed[] = [];
  s.windows.forEach((w, i) => {
    if (!isIsoWeekday(w.day)) {
      problems.push(`星期无效 / invalid weekday (expected 1–7, Monday = 1): windows[${i}].day = ${JSON.stringify(w.day)}`);
      return;
    }
    const placed = placeWindow(w.start, w.end, w.day, `windows[${i}]`, problems);
    if (placed) weekly.push(placed);
  });
  for (const p of overlapProblems(weekly, WEEK_MINUTES, '时间窗口重叠 / windows overlap')) problems.push(p);

  const daily: Placed[] = [];
  s.holidayWindows.forEach((w, i) => {
    const placed = placeWindow(w.start, w.end, null, `holidayWindows[${i}]`, problems);
    if (placed) daily.push(placed);
  });
  for (const p of overlapProblems(daily, MINUTES_PER_DAY, '节假日时段重叠 / holiday windows overlap')) problems.push(p);

  if (!POLICIES.includes(s.holidayPolicy)) {
    problems.push(`节假日规则无效 / invalid holiday policy: ${JSON.stringify(s.holidayPolicy)} (CLOSED, OPEN_AS_USUAL, SPECIAL_HOURS)`);
  } else if (s.holidayPolicy === 'SPECIAL_HOURS' && s.holidayWindows.length === 0) {
    problems.push('节假日特别时段为空 / SPECIAL_HOURS needs at least one holiday window (use CLOSED to close on holidays)');
  }
  if (!isIsoWeekday(s.adjustedWorkdayAs)) {
    problems.push(`调休上班日参照的星期无效 / invalid adjustedWorkdayAs (expected 1–7): ${JSON.stringify(s.adjustedWorkdayAs)}`);
  }

  if (s.season !== null) {
    for (const key of ['from', 'to'] as const) {
      if (!isValidMonthDay(s.season[key])) {
        problems.push(`营业季节日期无效 / invalid season date (expected MM-DD): season.${key} = ${JSON.stringify(s.season[key])}`);
      }
    }
  }

  // Instants are still checked when the zone is bad, read in UTC, so one mistake does not hide another.
  const zone = zoneOk ? s.timeZone : 'UTC';
  for (const p of rangeProblems(s.closures, zone, 'closures', '临时关闭', 'a closure')) problems.push(p);
  for (const p of rangeProblems(s.openings, zone, 'openings', '临时开放', 'an opening')) problems.push(p);
  return problems;
}
