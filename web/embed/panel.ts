// The controls around the map: the page's fixed words in either language, the legend, the business-type
// choices and the time picker. The picker speaks Beijing time (China's one clock, UTC+8 all year), the
// city's own, so a visitor abroad asking "20:00" means 20:00 at the market, not on their laptop.
import type { BusinessType } from './api';
import { typeName } from './api';
import { kindName, t, ZONE_KINDS, type Key, type Lang, type ZoneKind } from './i18n';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Rewrites every element marked data-t (its text) or data-t-label (its aria-label) in `lang`. */
export function applyLang(lang: Lang): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const e of document.querySelectorAll<HTMLElement>('[data-t]')) e.textContent = t(lang, e.dataset.t as Key);
  for (const e of document.querySelectorAll<HTMLElement>('[data-t-label]')) e.setAttribute('aria-label', t(lang, e.dataset.tLabel as Key));
  $('lang-toggle').lang = lang === 'zh' ? 'en' : 'zh-CN';
  document.title = `${t(lang, 'title')} — Bianmin`;
}

function legendItem(colour: string, text: string, shape: 'area' | 'dot'): HTMLLIElement {
  const li = document.createElement('li');
  const swatch = document.createElement('span');
  swatch.className = `swatch ${shape}`;
  swatch.style.background = colour;
  swatch.setAttribute('aria-hidden', 'true');
  li.append(swatch, text);
  return li;
}

export interface LegendInput {
  lang: Lang;
  colours: Map<ZoneKind, string>;
  kinds: ZoneKind[] | null;
  spots: string | null;
  features: string | null;
  signs: string | null;
}

/** One line per zone kind the map draws (in the style's colours), then spots and buffers if shown. */
export function renderLegend(l: LegendInput): void {
  const kinds = ZONE_KINDS.filter((k) => l.colours.has(k) && (!l.kinds || l.kinds.includes(k)));
  const items = kinds.map((k) => legendItem(l.colours.get(k) as string, kindName(l.lang, k), 'area'));
  if (l.spots) items.push(legendItem(l.spots, t(l.lang, 'spots'), 'dot'));
  if (l.features) items.push(legendItem(l.features, t(l.lang, 'features'), 'area'));
  if (l.signs) items.push(legendItem(l.signs, t(l.lang, 'signs'), 'dot'));
  $('legend').replaceChildren(...items);
}

/** The business-type choices: parents first, children indented under them (a parent allows its children). */
export function renderTypes(lang: Lang, types: BusinessType[], chosen: string | null): void {
  const select = $<HTMLSelectElement>('business-type');
  const all = document.createElement('option');
  all.value = '';
  all.textContent = t(lang, 'allTypes');
  const options = types.map((b) => {
    const o = document.createElement('option');
    o.value = b.code;
    o.textContent = `${'\u3000'.repeat(b.code.split('.').length - 1)}${typeName(lang, b)}`;
    return o;
  });
  select.replaceChildren(all, ...options);
  select.value = chosen ?? '';
}

const UTC8_MS = 8 * 3_600_000;
/** "YYYY-MM-DDTHH:mm" in Beijing time, the format of a datetime-local field. */
const localValue = (ms: number) => new Date(ms + UTC8_MS).toISOString().slice(0, 16);

/** The picker accepts the coming two weeks, the span the published openings cover. */
export function limitPicker(): void {
  const input = $<HTMLInputElement>('at');
  input.min = localValue(Date.now() - 5 * 60_000);
  input.max = localValue(Date.now() + 14 * 86_400_000);
}

/** The chosen instant as an ISO string with its +08:00 offset; null for "now" (an empty field). */
export function pickedAt(): string | null {
  const v = $<HTMLInputElement>('at').value;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+08:00` : null;
}

/** On a phone the controls fold behind one button; wider screens always show them. */
export function wirePanel(onOpen: () => void): void {
  const panel = $('panel');
  const toggle = $('panel-toggle');
  const set = (open: boolean) => {
    panel.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) onOpen();
  };
  toggle.addEventListener('click', () => set(!panel.classList.contains('open')));
  $('panel-close').addEventListener('click', () => { set(false); toggle.focus(); });
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && panel.classList.contains('open')) { set(false); toggle.focus(); }
  });
}
