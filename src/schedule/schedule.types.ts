/**
 * The "fixed time" part of a zone rule (定时间): weekly windows, a season, a public-holiday policy,
 * China's adjusted working days (调休) and temporary closures / openings. Plain data, so the same
 * shape can be stored in the database, sent over GraphQL and evaluated here without a database.
 */

/** ISO weekday, Monday = 1 … Sunday = 7 (luxon's numbering, not JavaScript's Sunday = 0). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A weekly opening window in local wall-clock time, 'HH:mm'. `end <= start` means the window runs
 * overnight into the next day (Fri 17:00–01:00 ends Sat 01:00) and still belongs to `day`; `end`
 * may be '24:00'; `start === end` is invalid (use 00:00–24:00 for a whole day).
 */
export interface WeeklyWindow {
  day: IsoWeekday;
  start: string;
  end: string;
}

/** A window without a weekday: public-holiday hours follow the same overnight rule. */
export interface DailyWindow {
  start: string;
  end: string;
}

export type HolidayPolicy = 'CLOSED' | 'OPEN_AS_USUAL' | 'SPECIAL_HOURS';

/**
 * A temporary closure or opening, half-open [from, to). ISO 8601 instants; a value without an
 * offset is read in the schedule's time zone, never the server's.
 */
export interface DateTimeRange {
  from: string;
  to: string;
  reason: string;
}

/** 'MM-DD' to 'MM-DD', both inclusive; from > to wraps the year end (11-01 to 02-28). */
export interface Season {
  from: string;
  to: string;
}

export interface RuleSchedule {
  /** IANA zone, e.g. 'Asia/Shanghai'; every wall-clock time above is read in it. */
  timeZone: string;
  /** Empty means never open by the weekly schedule (openings can still open it). */
  windows: WeeklyWindow[];
  /** null means all year. */
  season: Season | null;
  holidayPolicy: HolidayPolicy;
  /** Used on public holidays when holidayPolicy is SPECIAL_HOURS. */
  holidayWindows: DailyWindow[];
  /** An adjusted working day (调休, usually a weekend) uses this weekday's windows. */
  adjustedWorkdayAs: IsoWeekday;
  /** Override everything, including openings. */
  closures: DateTimeRange[];
  /** Open even outside windows, season and holidays, but never inside a closure. */
  openings: DateTimeRange[];
}

export type DayKind = 'WORKDAY' | 'RESTDAY' | 'HOLIDAY' | 'ADJUSTED_WORKDAY';

/** Answers for local calendar dates ('YYYY-MM-DD' in the schedule's zone). */
export interface HolidayCalendar {
  dayKind(localDate: string): DayKind;
  /** Display name, Chinese first ('国庆节 National Day'); for an adjusted working day, the holiday it makes up for. */
  holidayName(localDate: string): string | null;
}

/** One row of the stored calendar: only days that differ from plain Mon–Fri work, Sat–Sun rest. */
export interface HolidayDayEntry {
  date: string;
  kind: 'HOLIDAY' | 'ADJUSTED_WORKDAY';
  nameZh: string | null;
  nameEn: string | null;
}

export type ClosedReason = 'CLOSED_AT_THIS_TIME' | 'HOLIDAY_CLOSED' | 'TEMPORARILY_CLOSED' | 'OUT_OF_SEASON';

/** A half-open interval [from, to) as ISO instants with the schedule zone's offset. */
export interface OpenInterval {
  from: string;
  to: string;
}

export interface OpenState {
  open: boolean;
  /** Empty when open; at least one entry when closed. Messages: Chinese first, English beside. */
  reasons: { code: ClosedReason; message: string }[];
  /** When open: the whole continuous open interval containing the instant (not cut at it). */
  window?: OpenInterval;
}

export interface DaySummary {
  day: IsoWeekday;
  /** '周一 Mon' */
  dayName: string;
  /** '17:00–01:00 (次日 next day)', sorted by start; empty when closed all day. */
  windows: string[];
}

export interface WeeklySummary {
  days: DaySummary[];
  /** '营业季节 11月1日至次年2月28日 / season: 1 Nov – 28 Feb' or '全年营业 / open all year' */
  season: string;
  /** Public-holiday policy and which weekday an adjusted working day (调休) follows. */
  holidays: string;
}
