// A zone's details in words, as a resident asks them: what it is, when it opens (every weekday, the
// season, public holidays), who may sell what, and how many stalls are busy now. The last line is kept
// addressable so the live stream can change it in place while the popup stays open.
import type { Interval, MapZone, Occupancy } from './api';
import { typeName } from './api';
import { activeWords, kindName, side, t, type Lang } from './i18n';

const DAYS: Record<Lang, string[]> = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');

/** China keeps one clock (UTC+8, no summer time): times read in the city's time, wherever the viewer is. */
export function when(lang: Lang, iso: string, withDay: boolean): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false,
    ...(withDay ? { weekday: 'short', month: lang === 'zh' ? 'long' : 'short', day: 'numeric' } : {}),
  }).format(new Date(iso));
}

/** "open until 23:00" when the search's instant is inside the first interval, else the next one. */
export function openingWords(lang: Lang, open: boolean, next: Interval[], at: string): string {
  const first = next[0];
  if (!first) return t(lang, 'noOpening');
  if (open && Date.parse(first.from) <= Date.parse(at)) return `${t(lang, 'openUntil')} ${when(lang, first.to, true)}`;
  const upcoming = next.find((i) => Date.parse(i.from) > Date.parse(at)) ?? first;
  return `${t(lang, 'nextOpening')}${colon(lang)}${when(lang, upcoming.from, true)}–${when(lang, upcoming.to, false)}`;
}

/** The week in as few lines as it takes: days with the same windows share a line ("周一至周四 17:00–01:00（次日）"). */
export function weekWords(lang: Lang, days: { day: number; windows: string[] }[]): string[] {
  const groups = new Map<string, number[]>();
  for (const d of days) {
    const hours = d.windows.map((w) => w.replace(/ \(次日 next day\)/, lang === 'zh' ? '（次日）' : ' (next day)')).join(', ');
    const key = hours || t(lang, 'dayOff');
    groups.set(key, [...(groups.get(key) ?? []), d.day]);
  }
  return [...groups.entries()].map(([hours, list]) => `${dayRuns(lang, list)} ${hours}`);
}

function dayRuns(lang: Lang, days: number[]): string {
  const runs: number[][] = [];
  for (const d of [...days].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && d === last[last.length - 1] + 1) last.push(d);
    else runs.push([d]);
  }
  const name = (d: number) => DAYS[lang][d - 1];
  const words = runs.map((r) => (r.length > 2 ? `${name(r[0])}${lang === 'zh' ? '至' : '–'}${name(r[r.length - 1])}` : r.map(name).join(lang === 'zh' ? '、' : ', ')));
  return words.join(lang === 'zh' ? '、' : ', ');
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.textContent = text;
  if (className) e.className = className;
  return e;
}

export function zonePopup(lang: Lang, z: MapZone, at: string, live: Occupancy): HTMLElement {
  const box = document.createElement('div');
  box.className = 'zone-detail';
  box.dataset.zoneId = z.id;
  box.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const title = el('h2', z.name);
  title.tabIndex = -1; // focus lands here when the zone is chosen from the list
  box.append(title, el('p', `${kindName(lang, z.kind)} · ${z.district}`, 'meta'));
  if (z.kind === 'NO_VENDING') {
    box.append(el('p', t(lang, 'noVending'), 'warn'));
    return box;
  }
  box.append(el('p', `${z.open ? t(lang, 'open') : t(lang, 'closed')} · ${openingWords(lang, z.open, z.nextOpenings, at)}`, z.open ? 'state open' : 'state'));
  if (z.weeklySchedule) {
    box.append(el('h3', t(lang, 'hours')));
    const ul = document.createElement('ul');
    for (const line of weekWords(lang, z.weeklySchedule.days)) ul.append(el('li', line));
    ul.append(el('li', side(lang, z.weeklySchedule.season)), el('li', side(lang, z.weeklySchedule.holidays)));
    box.append(ul);
    if (z.scheduleFrom && z.scheduleFrom > at.slice(0, 10)) box.append(el('p', `${t(lang, 'scheduleFrom')} ${z.scheduleFrom}`, 'meta'));
  }
  const types = z.allowedBusinessTypes;
  const typeText = types === null ? t(lang, 'anyType') : types.length ? types.map((b) => typeName(lang, b)).join(lang === 'zh' ? '、' : ', ') : t(lang, 'noType');
  box.append(el('h3', t(lang, 'allowedTypes')), el('p', typeText));
  const counts = el('p', '', 'live');
  counts.setAttribute('aria-live', 'polite');
  box.append(counts);
  updateCounts(lang, box, live);
  return box;
}

/** Rewrites the stall counts of an open popup (a message of the live stream). */
export function updateCounts(lang: Lang, box: HTMLElement, live: Occupancy): void {
  const counts = box.querySelector<HTMLElement>('.live');
  if (!counts) return;
  counts.textContent = `${t(lang, 'freeSpots')}${colon(lang)}${live.free} · ${activeWords(lang, live.checkedInNow, live.spots)}`;
  counts.dataset.active = String(live.checkedInNow);
}

/** The public register's line of a permitted sign, from the tile's attributes (no one's personal data is in them). */
export function signPopup(lang: Lang, p: Record<string, unknown>): HTMLElement {
  const text = (k: string) => (typeof p[k] === 'string' ? p[k] as string : '');
  const box = document.createElement('div');
  box.className = 'sign-detail';
  box.dataset.permitId = text('id');
  box.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const title = el('h2', text('shop_name'));
  title.tabIndex = -1;
  const types = text('sign_types').split(',').filter(Boolean)
    .map((code) => (isSignKey(code) ? t(lang, `sign_${code}`) : code)).join(lang === 'zh' ? '、' : ', ');
  box.append(title, el('p', `${t(lang, 'signPermit')} · ${text('street_name')}`, 'meta'),
    el('h3', t(lang, 'permitNumber')), el('p', text('permit_number')),
    el('h3', t(lang, 'signTypes')), el('p', types),
    el('h3', t(lang, 'validUntil')), el('p', text('valid_until')));
  return box;
}

const SIGN_CODES = ['FASCIA', 'PROJECTING', 'CANOPY', 'WINDOW_LETTERING', 'ROOFTOP'] as const;
const isSignKey = (c: string): c is (typeof SIGN_CODES)[number] => (SIGN_CODES as readonly string[]).includes(c);
