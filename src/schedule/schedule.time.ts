/**
 * Small time helpers shared by the schedule evaluator, validator and summary. Local calendar dates
 * are 'YYYY-MM-DD' strings: date arithmetic on them is zone-free (Date.UTC), and only the step from a
 * local date + wall-clock time to an instant goes through luxon and the schedule's IANA zone.
 */
import { DateTime, IANAZone } from 'luxon';
import type { IsoWeekday } from './schedule.types';

export const MINUTES_PER_DAY = 1440;
export const DAY_MS = 86_400_000;

export const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
export const DAY_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const DAY_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

export function isIsoWeekday(value: unknown): value is IsoWeekday {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 7;
}

/** Minutes after local midnight; '24:00' only where an end is meant, so a window cannot start at it. */
export function parseHm(text: unknown, allow24: boolean): number | null {
  if (typeof text !== 'string') return null;
  if (allow24 && text === '24:00') return MINUTES_PER_DAY;
  const m = HH_MM.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes a window lasts; end <= start wraps past midnight (so start === end would be a full day, which validation forbids). */
export function windowMinutes(start: number, end: number): number {
  return end > start ? end - start : end + MINUTES_PER_DAY - start;
}

export function hm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A real calendar date; regex alone would let 2026-02-30 through. */
export function isValidIsoDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** 'MM-DD' valid in some year, so 02-29 is allowed (it only matches in leap years). */
export function isValidMonthDay(text: unknown): text is string {
  return typeof text === 'string' && MONTH_DAY.test(text) && isValidIsoDate(`2024-${text}`);
}

export function monthDayLabel(text: string): { zh: string; en: string } {
  const month = Number(text.slice(0, 2));
  const day = Number(text.slice(3, 5));
  return { zh: `${month}月${day}日`, en: `${day} ${MONTH_EN[month - 1]}` };
}

/** Dates already checked: the evaluator steps through the same few hundred days again and again. */
const checkedDates = new Set<string>();

function utcDate(date: string): Date {
  if (!checkedDates.has(date)) {
    if (!isValidIsoDate(date)) throw new RangeError(`invalid local date: ${date}`);
    if (checkedDates.size >= 50_000) checkedDates.clear();
    checkedDates.add(date);
  }
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  const d = utcDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isoWeekday(date: string): IsoWeekday {
  const js = utcDate(date).getUTCDay();
  return (js === 0 ? 7 : js) as IsoWeekday;
}

const HOUR_MS = 3_600_000;
const OFFSET_CACHE_LIMIT = 200_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * The zone's UTC offset in minutes at an instant. Luxon asks Intl for it on every call (~15 µs, the
 * hottest function of a vending check); offsets change only at transitions, so each hour is looked up
 * once and kept when the offset is the same at its first and last millisecond — an hour holding a
 * transition (at :30 in Lord Howe, say) is always asked afresh.
 */
export function zoneOffset(zone: string, ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let byHour = offsetCache.get(zone);
  if (!byHour) offsetCache.set(zone, (byHour = new Map()));
  let offset = byHour.get(hour);
  if (offset === undefined) {
    const tz = IANAZone.create(zone);
    if (!tz.isValid) throw new RangeError(`invalid time zone: ${zone}`);
    const first = tz.offset(hour * HOUR_MS);
    offset = first === tz.offset((hour + 1) * HOUR_MS - 1) ? first : Number.NaN;
    if (byHour.size >= OFFSET_CACHE_LIMIT) byHour.clear();
    byHour.set(hour, offset);
  }
  return Number.isNaN(offset) ? IANAZone.create(zone).offset(ms) : offset;
}

/** The instant shifted by the zone's offset, so its UTC fields read as the local wall clock. */
function wallDate(ms: number, zone: string): Date {
  if (!Number.isFinite(ms)) throw new RangeError(`cannot place ${ms} in time zone ${zone}`);
  return new Date(ms + zoneOffset(zone, ms) * 60_000);
}

/** Local calendar date of an instant in the zone. */
export function localDate(ms: number, zone: string): string {
  return wallDate(ms, zone).toISOString().slice(0, 10);
}

const INSTANT_CACHE_LIMIT = 50_000;
const instantCache = new Map<string, number>();
const zoneValidity = new Map<string, boolean>();

/** Luxon builds an Intl formatter on every check (~60 µs); a zone's validity never changes, so remember it. */
export function isValidZone(zone: unknown): zone is string {
  if (typeof zone !== 'string') return false;
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/**
 * The instant of a local wall-clock time; minutes may be 1440 (the next midnight). Follows RFC 5545
 * (iCalendar) and Temporal's 'compatible' rule, independent of the server's zone: a time skipped by
 * a spring-forward gap is read with the offset before the gap (so it moves forward by the gap), and a
 * time repeated in autumn means its first occurrence. Luxon alone would pick the second occurrence.
 */
export function localInstant(date: string, minutes: number, zone: string): number {
  const key = `${zone}|${date}|${minutes}`;
  const cached = instantCache.get(key);
  if (cached !== undefined) return cached;
  const [year, month, dom] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, dom, 0, minutes);
  // Offsets a day either side: no zone changes its offset twice within two days, so equal offsets
  // mean no change at all near this time (the usual case, and always so in Asia/Shanghai).
  const before = zoneOffset(zone, wall - DAY_MS);
  const after = zoneOffset(zone, wall + DAY_MS);
  const matches = (before === after ? [before] : [before, after])
    .map((offset) => wall - offset * 60_000)
    .filter((t) => before === after || zoneOffset(zone, t) * 60_000 === wall - t);
  const result = matches.length > 0 ? Math.min(...matches) : wall - before * 60_000;
  // Zone rules do not change while the process runs, and a city's zones share a few start times.
  if (instantCache.size >= INSTANT_CACHE_LIMIT) instantCache.clear();
  instantCache.set(key, result);
  return result;
}

/** ISO instant with the zone's offset, e.g. '2026-10-01T01:00:00+08:00' (milliseconds when there are some). */
export function isoInZone(ms: number, zone: string): string {
  const offset = zoneOffset(zone, ms);
  const wall = wallDate(ms, zone).toISOString();
  const body = wall.endsWith('.000Z') ? wall.slice(0, 19) : wall.slice(0, 23);
  if (offset === 0) return `${body}Z`;
  const abs = Math.abs(offset);
  return `${body}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Human local time for messages, e.g. '2026-10-01 06:00'. */
export function wallClock(ms: number, zone: string): string {
  const wall = wallDate(ms, zone).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)}`;
}

/** An ISO instant; without an offset it is read in `zone` so the server's own zone never leaks in. */
export function parseInstant(text: unknown, zone: string): number | null {
  if (typeof text !== 'string') return null;
  const dt = DateTime.fromISO(text, { zone });
  return dt.isValid ? dt.toMillis() : null;
}
