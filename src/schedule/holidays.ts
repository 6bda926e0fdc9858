/**
 * China's public holidays and adjusted working days (调休). The database stores only the days that
 * differ from plain Mon–Fri work / Sat–Sun rest; `ListHolidayCalendar` answers from such rows, and
 * `chineseDaysEntries` produces them from the `chinese-days` package to seed the table (admins add
 * next year's dates once the State Council publishes them, usually in November).
 */
// The package's published data file rather than its functions: getDayDetail & co. build their tables
// with the host's local time, so on a server west of UTC (e.g. TZ=America/Los_Angeles) they report
// 2026-10-10 as a plain Saturday and shift holidays by a day. The JSON is the same data, zone-free.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import type { DayKind, HolidayCalendar, HolidayDayEntry } from './schedule.types';
import { isValidIsoDate, isoWeekday } from './schedule.time';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const data: ChineseDaysData = chineseDaysData;

/** Display name, Chinese first and English beside, or whichever the row has. */
function displayName(entry: HolidayDayEntry): string | null {
  const parts = [entry.nameZh, entry.nameEn].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : null;
}

export class ListHolidayCalendar implements HolidayCalendar {
  private readonly byDate = new Map<string, HolidayDayEntry>();

  /** Rejects bad rows up front: a silently ignored typo would open or close a whole city's zones on the wrong day. */
  constructor(entries: readonly HolidayDayEntry[]) {
    const problems: string[] = [];
    for (const entry of entries) {
      if (!isValidIsoDate(entry.date)) problems.push(`日期无效 / invalid date: ${JSON.stringify(entry.date)}`);
      else if (entry.kind !== 'HOLIDAY' && entry.kind !== 'ADJUSTED_WORKDAY') {
        problems.push(`类型无效 / invalid kind for ${entry.date}: ${JSON.stringify(entry.kind)}`);
      } else if (this.byDate.has(entry.date)) problems.push(`日期重复 / duplicate date: ${entry.date}`);
      else this.byDate.set(entry.date, entry);
    }
    if (problems.length > 0) throw new RangeError(`invalid holiday calendar: ${problems.join('; ')}`);
  }

  dayKind(localDate: string): DayKind {
    if (!isValidIsoDate(localDate)) throw new RangeError(`invalid local date: ${localDate}`);
    const entry = this.byDate.get(localDate);
    if (entry) return entry.kind;
    return isoWeekday(localDate) >= 6 ? 'RESTDAY' : 'WORKDAY';
  }

  holidayName(localDate: string): string | null {
    const entry = this.byDate.get(localDate);
    return entry ? displayName(entry) : null;
  }

  get size(): number {
    return this.byDate.size;
  }
}

/** 'National Day,国庆节,3' → English, Chinese (the number is the statutory day count, not needed here). */
function splitName(raw: string): { nameZh: string | null; nameEn: string | null } {
  const [en, zh] = raw.split(',').map((p) => p.trim());
  return { nameZh: zh || null, nameEn: en || null };
}

/**
 * Rows for fromYear..toYear inclusive, sorted by date: every public-holiday rest day (a Saturday
 * inside Golden Week included, since a CLOSED holiday policy must close it too) and every adjusted
 * working day falling on a weekend. Years the package has no data for yield no rows.
 */
export function chineseDaysEntries(fromYear: number, toYear: number): HolidayDayEntry[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`invalid year range: ${fromYear}–${toYear}`);
  }
  const inRange = (date: string): boolean => {
    const year = Number(date.slice(0, 4));
    return isValidIsoDate(date) && year >= fromYear && year <= toYear;
  };
  const entries: HolidayDayEntry[] = [];
  for (const [date, raw] of Object.entries(data.holidays)) {
    if (inRange(date)) entries.push({ date, kind: 'HOLIDAY', ...splitName(raw) });
  }
  for (const [date, raw] of Object.entries(data.workdays)) {
    // A weekday "workday" would be the plain pattern anyway; only weekend ones are adjusted (调休).
    if (inRange(date) && isoWeekday(date) >= 6) entries.push({ date, kind: 'ADJUSTED_WORKDAY', ...splitName(raw) });
  }
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Convenience for tests and seeding: a calendar straight from the package's data. */
export function chineseHolidayCalendar(fromYear: number, toYear: number): ListHolidayCalendar {
  return new ListHolidayCalendar(chineseDaysEntries(fromYear, toYear));
}
