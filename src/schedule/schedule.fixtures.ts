/**
 * Shared test fixtures for the schedule tests (not a test itself). Everything is built from fixed
 * instants; the real clock is never read.
 */
import { chineseHolidayCalendar, ListHolidayCalendar } from './holidays';
import type { IsoWeekday, RuleSchedule, WeeklyWindow } from './schedule.types';

/** China's real 2025–2027 calendar from chinese-days (2026-10-01…07 National Day, 2026-10-10 调休 …). */
export const china = chineseHolidayCalendar(2025, 2027);

/** Plain Mon–Fri work, Sat–Sun rest: isolates weekly logic from holidays. */
export const plain = new ListHolidayCalendar([]);

export const WORKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
export const ALL_DAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export function schedule(overrides: Partial<RuleSchedule> = {}): RuleSchedule {
  return {
    timeZone: 'Asia/Shanghai',
    windows: [],
    season: null,
    holidayPolicy: 'CLOSED',
    holidayWindows: [],
    adjustedWorkdayAs: 1,
    closures: [],
    openings: [],
    ...overrides,
  };
}

/** The same hours on each of the given days. */
export function daily(days: IsoWeekday[], start: string, end: string): WeeklyWindow[] {
  return days.map((day) => ({ day, start, end }));
}

/** A Shanghai wall-clock time as an instant: sh('2026-10-01 01:00'). */
export function sh(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

/** The ISO form the evaluator returns for a Shanghai wall-clock time. */
export function shIso(local: string): string {
  return `${local.replace(' ', 'T')}:00+08:00`;
}

/** Interval list in compact Shanghai wall-clock form, for readable expectations. */
export function compact(intervals: { from: string; to: string }[]): string[] {
  const short = (iso: string): string => {
    if (!iso.endsWith('+08:00')) return iso;
    return iso.slice(0, 16).replace('T', ' ');
  };
  return intervals.map((i) => `${short(i.from)} – ${short(i.to)}`);
}
