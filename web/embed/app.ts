// The embed's state and what changes it: a filter change asks the service again (the published map's
// own search decides what is open, so the map, the list and the API never disagree), the answer narrows
// the map and redraws the list; a zone chosen on the map or in the list opens its popup; the live stream
// rewrites the stall counts in place. "M of N stalls active now" comes from the service's server-sent
// events for the city (/live/{city}/occupancy): every zone's counts whenever a vendor checks in or out.
// EventSource reconnects by itself (the server asks for 5 s), so a dropped phone connection heals.
import type { MapZone, Occupancy, PublishedMap, ZoneSearch } from './api';
import { searchZones, type BusinessType } from './api';
import { labelPoint, type Lnglat } from './geo';
import { activeWords, countWords, t, type Lang, type ZoneKind } from './i18n';
import { renderList, type SortBy } from './list';
import type { EmbedMap } from './map';
import { applyLang, pickedAt, renderLegend, renderTypes, type LegendInput } from './panel';
import { updateCounts, zonePopup } from './popup';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
/** A phone-sized embed (the CSS's breakpoint): the list covers the map and the controls fold away. */
export const narrow = () => window.matchMedia('(max-width: 640px)').matches;

export interface AppInit {
  lang: Lang;
  published: PublishedMap;
  kinds: ZoneKind[] | null;
  first: ZoneSearch;
  types: BusinessType[];
  legend: Omit<LegendInput, 'lang'>;
}

export class EmbedApp {
  lang: Lang;
  sortBy: SortBy = 'name';
  me: Lnglat | null = null;
  private search: ZoneSearch;
  private selected: MapZone | null = null;
  private live = new Map<string, Occupancy>();
  private asked = 0;

  constructor(private readonly map: EmbedMap, private readonly init: AppInit) {
    this.lang = init.lang;
    this.search = init.first;
  }

  /** Asks the service for the zones the controls describe; a slower earlier answer never wins. */
  async refresh(): Promise<void> {
    const ask = ++this.asked;
    const businessType = $<HTMLSelectElement>('business-type').value || null;
    const openNow = $<HTMLInputElement>('open-now').checked;
    const found = await searchZones(this.init.published.city, this.init.published.current.version,
      { kinds: this.init.kinds, businessType, openNow, at: pickedAt() });
    if (ask !== this.asked) return;
    this.search = found;
    // Unfiltered, the style draws every zone itself (a city may have more than one search returns).
    const ids = businessType || openNow ? found.zones.map((z) => z.id) : null;
    await this.map.showOnly(ids, this.init.kinds, ids ?? this.kindZoneIds());
    if (this.selected && !found.zones.some((z) => z.id === this.selected?.id)) this.map.closePopup();
    this.render();
  }

  /** The zones of the embed's `kinds` (their spots are shown); null when every kind is shown. */
  kindZoneIds(): string[] | null {
    return this.init.kinds ? this.init.first.zones.map((z) => z.id) : null;
  }

  render(): void {
    const s = this.search;
    const open = s.zones.filter((z) => z.open).length;
    $('status').textContent = countWords(this.lang, s.zones.length, s.totalCount, open);
    renderList($('zone-list'), {
      lang: this.lang, zones: s.zones, at: s.at, sortBy: this.sortBy, me: this.me,
      colours: this.init.legend.colours, live: this.live, selected: this.selected?.id ?? null,
    }, (zone) => this.pickFromList(zone));
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    applyLang(lang);
    this.map.relabel(lang);
    $('title').textContent = `${lang === 'zh' ? this.init.published.cityName : `${this.init.published.cityNameEn} · `}${t(lang, 'title')}`;
    renderLegend({ ...this.init.legend, lang });
    renderTypes(lang, this.init.types, $<HTMLSelectElement>('business-type').value || null);
    this.render();
    if (this.selected) this.openZone(this.selected, null, false);
  }

  /** A zone the map says was clicked: found in the last answer, or (a city larger than one answer) asked for by name. */
  async pickOnMap(id: string, name: unknown, at: Lnglat): Promise<void> {
    let zone = this.search.zones.find((z) => z.id === id);
    if (!zone && typeof name === 'string') {
      const byName = await searchZones(this.init.published.city, this.init.published.current.version,
        { kinds: null, businessType: null, openNow: false, at: this.search.at, text: name });
      zone = byName.zones.find((z) => z.id === id);
    }
    if (zone) this.openZone(zone, at, false);
  }

  private pickFromList(zone: MapZone): void {
    if (narrow()) this.showList(false); // the list covers the map on a phone
    this.map.fit(zone.geometry);
    this.openZone(zone, null, true);
  }

  openZone(zone: MapZone, at: Lnglat | null, focus: boolean): void {
    const content = zonePopup(this.lang, zone, this.search.at, this.live.get(zone.id) ?? zone.occupancy);
    this.map.showPopup(at ?? labelPoint(zone.geometry), content, focus, () => {
      this.selected = null;
      void this.map.select(null);
      this.markRows();
    });
    this.selected = zone;
    void this.map.select(zone.id);
    this.markRows();
  }

  /** Closes the popup, giving focus back to the list row it came from if that is still shown. */
  closeZone(): boolean {
    if (!this.map.popupOpen) return false;
    const id = this.selected?.id;
    this.map.closePopup();
    const row = id ? document.querySelector<HTMLElement>(`#zone-list .zone-row[data-zone-id="${id}"]`) : null;
    if (row && row.offsetParent !== null) row.focus();
    return true;
  }

  private markRows(): void {
    for (const b of document.querySelectorAll<HTMLElement>('#zone-list .zone-row')) {
      b.setAttribute('aria-current', String(b.dataset.zoneId === this.selected?.id));
    }
  }

  showList(show: boolean): void {
    $('list-view').hidden = !show;
    $('list-toggle').setAttribute('aria-pressed', String(show));
    if (show && narrow()) {
      $('panel').classList.remove('open');
      $('panel-toggle').setAttribute('aria-expanded', 'false');
    }
    this.map.map.resize(); // the list takes width from the map on a wide screen
  }

  /** New counts from the live stream: rewritten where they show, without redrawing (focus stays put). */
  liveCounts(counts: Map<string, Occupancy>): void {
    this.live = counts;
    const popup = document.querySelector<HTMLElement>('.zone-detail');
    const c = popup?.dataset.zoneId ? counts.get(popup.dataset.zoneId) : undefined;
    if (popup && c) updateCounts(this.lang, popup, c);
    for (const row of document.querySelectorAll<HTMLElement>('#zone-list .zone-row')) {
      const n = row.dataset.zoneId ? counts.get(row.dataset.zoneId) : undefined;
      const span = row.querySelector('.row-live');
      if (n && span) span.textContent = activeWords(this.lang, n.checkedInNow, n.spots);
    }
  }
}

interface Message { at: string; zones: ({ zoneId: string } & Occupancy)[] }

function parse(data: string): Message | null {
  try {
    const m = JSON.parse(data) as Partial<Message>;
    return Array.isArray(m.zones) ? { at: String(m.at), zones: m.zones } : null;
  } catch {
    return null; // a damaged message is skipped; the next one carries every count again
  }
}

/** Listens for the city's counts and hands each full set to `onCounts`; returns a stop function. */
export function listenOccupancy(city: string, onCounts: (counts: Map<string, Occupancy>) => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  const source = new EventSource(`/live/${encodeURIComponent(city)}/occupancy`);
  source.addEventListener('occupancy', (e: MessageEvent<string>) => {
    const m = parse(e.data);
    if (!m) return;
    onCounts(new Map(m.zones.map((z) => [z.zoneId, { spots: z.spots, checkedInNow: z.checkedInNow, free: z.free }])));
  });
  // A page in the back/forward cache must not keep a connection (and a server stream slot) open.
  const stop = () => source.close();
  window.addEventListener('pagehide', stop, { once: true });
  return stop;
}
