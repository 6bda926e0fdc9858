// The embeddable public map (/embed?city=371300&layers=zones,spots,features&lang=zh&kinds=NIGHT_MARKET):
// reads its parameters, asks for the city's published map and its style, and wires the controls to the
// app. Everything — bundle, style, tiles, data, live counts — comes from this service's own origin.
import 'maplibre-gl/dist/maplibre-gl.css';
import './embed.css';
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { businessTypesOf, fetchStyle, publishedMap, searchZones } from './api';
import { EmbedApp, listenOccupancy, narrow } from './app';
import { isZoneKind, t, type Lang, type ZoneKind } from './i18n';
import { locate } from './list';
import { EmbedMap } from './map';
import { applyLang, limitPicker, wirePanel } from './panel';
import { absolutise, DATA_LAYERS, fallbackStyle, kindColours, layerColour, type DataLayer } from './style';

declare global {
  /** Test and integration hook: the maplibre map, e.g. to project a zone's point to the screen. */
  interface Window { __bianminMap?: MapLibreMap }
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

interface Params { city: string; lang: Lang; layers: DataLayer[]; kinds: ZoneKind[] | null }

/** Unknown values are dropped rather than refused: a typo in a pasted snippet still shows a map. */
function readParams(): Params {
  const q = new URLSearchParams(location.search);
  const list = (name: string) => (q.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const layers = list('layers').filter((l): l is DataLayer => (DATA_LAYERS as readonly string[]).includes(l));
  const kinds = list('kinds').map((k) => k.toUpperCase()).filter(isZoneKind);
  return {
    city: (q.get('city') ?? '').trim(),
    lang: q.get('lang') === 'en' ? 'en' : 'zh',
    // The sign-permit register is shown when asked for (layers=…,signs): it is not what residents look for.
    layers: layers.length ? layers : ['zones', 'spots', 'features'],
    kinds: kinds.length ? kinds : null,
  };
}

const isStyle = (s: unknown): s is StyleSpecification => typeof s === 'object' && s !== null
  && (s as { version?: unknown }).version === 8 && Array.isArray((s as { layers?: unknown }).layers);

async function start(): Promise<void> {
  const p = readParams();
  applyLang(p.lang);
  const status = $('status');
  if (!p.city) { status.textContent = t(p.lang, 'noCity'); return; }
  const published = await publishedMap(p.city);
  if (!published) { status.textContent = t(p.lang, 'notPublished'); return; }
  const version = published.current.version;
  const [styleJson, first] = await Promise.all([
    fetchStyle(published.styleUrl),
    searchZones(published.city, version, { kinds: p.kinds, businessType: null, openNow: false, at: null }),
  ]);
  const style = isStyle(styleJson) ? absolutise(styleJson, new URL(published.styleUrl, location.href).href) : fallbackStyle(first.zones);
  const legend = {
    colours: kindColours(style), kinds: p.kinds,
    spots: p.layers.includes('spots') ? layerColour(style, 'spots') : null,
    features: p.layers.includes('features') ? layerColour(style, 'features') : null,
    signs: p.layers.includes('signs') ? layerColour(style, 'signs') : null,
  };

  let app: EmbedApp | null = null;
  const map = new EmbedMap($('map'), style, { center: published.center, zoom: published.zoom, bounds: published.current.bounds },
    p.layers, p.lang, (id, name, at) => { void app?.pickOnMap(id, name, at); });
  window.__bianminMap = map.map;
  app = new EmbedApp(map, { lang: p.lang, published, kinds: p.kinds, first, types: businessTypesOf(first.zones), legend });
  wire(app);
  app.setLang(p.lang);
  await map.showOnly(null, p.kinds, app.kindZoneIds());
  listenOccupancy(published.city, (counts) => app?.liveCounts(counts));
  document.body.dataset.ready = 'true'; // for tests and host-page integrations
}

function wire(app: EmbedApp): void {
  wirePanel(() => { if (narrow()) app.showList(false); });
  limitPicker();
  const refresh = () => { app.refresh().catch(() => { $('status').textContent = t(app.lang, 'failed'); }); };
  $('open-now').addEventListener('change', refresh);
  $('business-type').addEventListener('change', refresh);
  $('at').addEventListener('change', refresh);
  $('at-now').addEventListener('click', () => { $<HTMLInputElement>('at').value = ''; refresh(); });
  $('lang-toggle').addEventListener('click', () => app.setLang(app.lang === 'zh' ? 'en' : 'zh'));
  $('list-toggle').addEventListener('click', () => app.showList($('list-view').hidden));
  // Escape closes what is on top: the popup first, then the list.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (app.closeZone()) return;
    if (!$('list-view').hidden) { app.showList(false); $('list-toggle').focus(); }
  });
  const sort = $<HTMLSelectElement>('sort-by');
  const geo = $('geo-status');
  sort.addEventListener('change', () => {
    if (sort.value !== 'distance') { app.sortBy = 'name'; geo.textContent = ''; app.render(); return; }
    geo.textContent = t(app.lang, 'locating');
    locate(app.lang).then((me) => {
      app.me = me;
      app.sortBy = 'distance';
      geo.textContent = t(app.lang, 'located');
      geo.classList.remove('bad');
      app.render();
    }, (e: Error) => {
      sort.value = 'name';
      app.sortBy = 'name';
      geo.textContent = e.message;
      geo.classList.add('bad');
    });
  });
}

start().catch(() => {
  $('status').textContent = `${t('zh', 'failed')} / ${t('en', 'failed')}`;
});
