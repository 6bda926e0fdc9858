/**
 * A printable form of a schedule for the public map popup: every weekday with its windows (an
 * overnight window stays on the day it starts, marked 次日 next day), plus one line for the season
 * and one for public holidays and adjusted working days (调休).
 */
import type { RuleSchedule, WeeklySummary } from './schedule.types';
import { compileSchedule, type Hours } from './schedule.plan';
import { DAY_EN, DAY_ZH, MINUTES_PER_DAY, WEEKDAYS, hm, monthDayLabel } from './schedule.time';

/** '17:00–01:00 (次日 next day)'; a window ending at midnight reads '–24:00' whichever way it was typed. */
export function formatHours(h: Hours): string {
  const endsAtMidnight = h.end === MINUTES_PER_DAY || (h.endDay === 1 && h.end === 0);
  if (endsAtMidnight) return `${hm(h.start)}–24:00`;
  return h.endDay === 1 ? `${hm(h.start)}–${hm(h.end)} (次日 next day)` : `${hm(h.start)}–${hm(h.end)}`;
}

function dayLabel(day: number): { zh: string; en: string } {
  return { zh: DAY_ZH[day - 1], en: DAY_EN[day - 1] };
}

function seasonLine(season: RuleSchedule['season']): string {
  if (season === null) return '全年营业 / open all year';
  const from = monthDayLabel(season.from);
  const to = monthDayLabel(season.to);
  const nextYear = season.from > season.to ? '次年' : '';
  return `营业季节 ${from.zh}至${nextYear}${to.zh} / season: ${from.en} – ${to.en}`;
}

function holidayLine(s: RuleSchedule, holidayHours: Hours[]): string {
  const as = dayLabel(s.adjustedWorkdayAs);
  const hours = holidayHours.map(formatHours).join(', ');
  const policy = {
    CLOSED: { zh: '法定节假日休市', en: 'closed on public holidays' },
    OPEN_AS_USUAL: { zh: '法定节假日照常营业', en: 'open as usual on public holidays' },
    SPECIAL_HOURS: { zh: `法定节假日营业时间 ${hours}`, en: `public holidays ${hours}` },
  }[s.holidayPolicy];
  return `${policy.zh}；调休上班日按${as.zh}时段营业 / ${policy.en}; adjusted working days (调休) follow ${as.en} hours`;
}

export function weeklySummary(s: RuleSchedule): WeeklySummary {
  const c = compileSchedule(s);
  return {
    days: WEEKDAYS.map((day) => {
      const label = dayLabel(day);
      return { day, dayName: `${label.zh} ${label.en}`, windows: (c.weekly.get(day) ?? []).map(formatHours) };
    }),
    season: seasonLine(s.season),
    holidays: holidayLine(s, c.holidayHours),
  };
}

