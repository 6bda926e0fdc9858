// The list view: the same zones the map shows, as buttons (Tab, Enter and Space work without a line of
// key handling), sorted by name or by distance from the viewer. It is the map for people who cannot use
// a map — a screen reader, a keyboard, a small screen — so nothing here depends on the map itself.
import type { MapZone, Occupancy } from './api';
import { distanceM, type Lnglat } from './geo';
import { activeWords, distanceWords, kindName, t, type Lang, type ZoneKind } from './i18n';
import { openingWords } from './popup';

export type SortBy = 'name' | 'distance';

export interface ListState {
  lang: Lang;
  zones: MapZone[];
  at: string;
  sortBy: SortBy;
  me: Lnglat | null;
  colours: Map<ZoneKind, string>;
  live: Map<string, Occupancy>;
  selected: string | null;
}

function sorted(s: ListState): { zone: MapZone; metres: number | null }[] {
  const rows = s.zones.map((zone) => ({ zone, metres: s.me ? distanceM(s.me, zone.geometry) : null }));
  const byName = new Intl.Collator(s.lang === 'zh' ? 'zh-CN' : 'en');
  if (s.sortBy === 'distance' && s.me) return rows.sort((a, b) => (a.metres ?? 0) - (b.metres ?? 0));
  return rows.sort((a, b) => byName.compare(a.zone.name, b.zone.name));
}

function line(text: string, className: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

export function renderList(ul: HTMLElement, s: ListState, onPick: (zone: MapZone) => void): void {
  const items = sorted(s).map(({ zone, metres }) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'zone-row';
    button.dataset.zoneId = zone.id;
    button.setAttribute('aria-current', String(zone.id === s.selected));
    const swatch = line('', 'swatch');
    swatch.style.background = s.colours.get(zone.kind) ?? '#64748b';
    swatch.setAttribute('aria-hidden', 'true');
    const kind = document.createElement('span');
    kind.className = 'row-meta';
    kind.append(swatch, `${kindName(s.lang, zone.kind)} · ${zone.district}${metres === null ? '' : ` · ${distanceWords(s.lang, metres)}`}`);
    button.append(line(zone.name, 'row-name'), kind);
    if (zone.kind !== 'NO_VENDING') {
      const state = `${zone.open ? t(s.lang, 'open') : t(s.lang, 'closed')} · ${openingWords(s.lang, zone.open, zone.nextOpenings, s.at)}`;
      const occ = s.live.get(zone.id) ?? zone.occupancy;
      button.append(line(state, zone.open ? 'row-state open' : 'row-state'));
      if (occ.spots > 0) button.append(line(activeWords(s.lang, occ.checkedInNow, occ.spots), 'row-live'));
    }
    button.addEventListener('click', () => onPick(zone));
    li.append(button);
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t(s.lang, 'noZones');
    items.push(li);
  }
  ul.replaceChildren(...items);
}

/** The viewer's position; rejects with the words to show (a refusal says what to do instead). */
export function locate(lang: Lang): Promise<Lnglat> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) { reject(new Error(t(lang, 'geoFailed'))); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve([p.coords.longitude, p.coords.latitude]),
      (e) => reject(new Error(t(lang, e.code === e.PERMISSION_DENIED ? 'geoDenied' : 'geoFailed'))),
      // Sorting by distance needs a street, not a doorstep: a quick network fix up to a minute old will do.
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}
