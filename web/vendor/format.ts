// Words for what the API answers in codes and instants: hours, distances, dates, statuses. Times are
// shown in the phone's own time zone, which for a vendor standing in the city is the city's.
import type { Interval, WeeklySchedule } from './queries';

export function distanceWords(m: number): string {
  return m < 1000 ? `${Math.round(m)} 米 m` : `${(m / 1000).toFixed(1)} 公里 km`;
}

const time = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });
const dayTime = new Intl.DateTimeFormat('zh-CN', { month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false });

export const clock = (iso: string): string => time.format(new Date(iso));
export const when = (iso: string): string => dayTime.format(new Date(iso));

/** 'Mon–Thu' from the English halves of dayName ('周一 Mon'), Chinese likewise. */
function dayRange(names: string[]): string {
  const zh = names.map((n) => n.split(' ')[0]);
  const en = names.map((n) => n.split(' ')[1] ?? '');
  if (names.length === 1) return `${zh[0]} ${en[0]}`;
  if (names.length === 7) return '每天 daily';
  return `${zh[0]}至${zh[zh.length - 1]} ${en[0]}–${en[en.length - 1]}`;
}

/**
 * The weekly hours as a few lines, consecutive days with the same windows run together:
 * "周一至周四 Mon–Thu 17:00–01:00 (次日 next day)". Days without windows are left out (closed).
 */
export function hoursLines(s: WeeklySchedule | null): string[] {
  if (!s) return ['未设营业时间 / no opening hours set'];
  const lines: string[] = [];
  let run: string[] = [];
  let key = '';
  const flush = () => {
    if (run.length && key) lines.push(`${dayRange(run)} ${key}`);
    run = [];
  };
  for (const d of [...s.days].sort((a, b) => a.day - b.day)) {
    const k = d.windows.join('，');
    if (k !== key) {
      flush();
      key = k;
    }
    run.push(d.dayName);
  }
  flush();
  return lines.length ? lines : ['本周无营业时段 / no opening hours this week'];
}

/** "开放中，至 23:00 / open until 23:00" or "下次开放 … / next opening …", as of `at` (now, or a chosen time). */
export function openingWords(openings: Interval[], at: Date, atIsNow: boolean): string {
  const [next] = openings;
  if (!next) return '近期不开放 / no opening soon';
  if (Date.parse(next.from) <= at.getTime()) {
    return atIsNow
      ? `开放中，至 ${clock(next.to)} / open now until ${clock(next.to)}`
      : `届时开放，至 ${clock(next.to)} / open then, until ${clock(next.to)}`;
  }
  return `下次开放 ${when(next.from)}–${clock(next.to)} / next opening ${when(next.from)}`;
}

const APPLICATION_STATUS: Record<string, string> = {
  SUBMITTED: '待审核 submitted, waiting for review',
  RETURNED: '退回补充 returned: more information needed',
  APPROVED: '已批准 approved',
  REJECTED: '已驳回 rejected',
  WITHDRAWN: '已撤回 withdrawn',
  WAITLISTED: '候补 on the waiting list',
  NOT_ALLOCATED: '未中签 not allocated in the draw',
};
const ASSIGNMENT_STATUS: Record<string, string> = {
  ACTIVE: '有效 active',
  SUSPENDED: '暂停 suspended',
  REVOKED: '已撤销 revoked',
  ENDED: '期满 ended',
};

export const applicationStatusWords = (s: string): string => APPLICATION_STATUS[s] ?? s;
export const assignmentStatusWords = (s: string): string => ASSIGNMENT_STATUS[s] ?? s;

/** 'YYYY-MM-DD' of a local date, in the phone's time zone. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return isoDay(new Date(y, m - 1, d + n));
}

/** A small DOM helper: an element with a class and text, or children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', ...content: (string | Node)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  e.append(...content);
  return e;
}
