// Periods of applications, assignments and rounds: local calendar dates ('YYYY-MM-DD') of the city,
// inclusive at both ends, as the daterange(starts_on, ends_on, '[]') of the exclusion constraints
// reads them. Pure: "today" is always given by the caller (the service's clock), never read here.
import { badInput } from '../../graphql/errors';
import { inSeason } from '../../schedule/schedule.plan';
import { addDays, isValidIsoDate } from '../../schedule/schedule.time';
import type { Season } from '../../schedule/schedule.types';

/** The longest period one application or round may cover: a year, leap day included. */
export const MAX_PERIOD_DAYS = 366;

export interface Period {
  startsOn: string;
  endsOn: string;
}

export function parseDay(text: string, field: string): string {
  if (!isValidIsoDate(text)) {
    throw badInput(`${field} 须为 YYYY-MM-DD 格式的日期 / ${field} must be a date YYYY-MM-DD`, { field, reason: 'INVALID_DATE' });
  }
  return text;
}

/** Days from a to b (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A well-formed period that has not begun before today and is no longer than a year. */
export function checkPeriod(startsOn: string, endsOn: string, today: string): Period {
  const p = { startsOn: parseDay(startsOn, 'startsOn'), endsOn: parseDay(endsOn, 'endsOn') };
  if (p.startsOn > p.endsOn) {
    throw badInput('开始日期晚于结束日期 / startsOn is after endsOn', { field: 'endsOn', reason: 'INVALID_PERIOD' });
  }
  if (p.startsOn < today) {
    throw badInput(`开始日期不能早于今天（${today}）/ startsOn cannot be before today (${today})`, { field: 'startsOn', reason: 'PERIOD_IN_PAST' });
  }
  checkLength(p);
  return p;
}

export function checkLength(p: Period): void {
  const days = daysBetween(p.startsOn, p.endsOn) + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw badInput(`期限最长 ${MAX_PERIOD_DAYS} 天（现为 ${days} 天）/ a period covers at most ${MAX_PERIOD_DAYS} days (this one ${days})`, {
      field: 'endsOn', reason: 'PERIOD_TOO_LONG',
    });
  }
}

/** The first day of the period outside the season (which may wrap the year end), or null. */
export function firstDayOutOfSeason(season: Season | null, p: Period): string | null {
  if (season === null) return null;
  // Counted, not compared: the day after 9999-12-31 is no longer a YYYY-MM-DD string.
  const days = daysBetween(p.startsOn, p.endsOn) + 1;
  let d = p.startsOn;
  for (let i = 0; i < days; i++) {
    if (!inSeason(season, d)) return d;
    if (i + 1 < days) d = addDays(d, 1);
  }
  return null;
}

/** A DATE column's value as Prisma hands it over (UTC midnight) and back. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function dbDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

/** Whether two inclusive periods share a day. */
export function overlaps(a: Period, b: Period): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}
