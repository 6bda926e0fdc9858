// The map: the service's published style (or the page's own when there is none), showing only the data
// layers the embedding site asked for. Searches narrow the zone layers with setFilter by id, a click
// names the zone under the finger, and the selected zone gets an outline of its own on top.
import {
  LngLatBounds, Map as MapLibreMap, NavigationControl, Popup, setWorkerUrl,
  type FilterSpecification, type LngLatLike, type MapMouseEvent, type PointLike, type StyleSpecification,
} from 'maplibre-gl';
import workerSource from 'maplibre-gl/dist/maplibre-gl-worker.mjs' with { type: 'text' };
import type { Geometry } from './api';
import { bbox, type Lnglat } from './geo';
import type { Lang } from './i18n';
import { signPopup } from './popup';
import { dataLayerOf, narrowed, type DataLayer } from './style';

// maplibre starts its tile worker from a URL beside its own module file, which an IIFE bundle does not
// have: the worker's source is bundled as text and started from a blob: URL. Its source-map comment
// goes, so nothing ever asks for a .map file the service does not serve.
setWorkerUrl(URL.createObjectURL(new Blob(
  [workerSource.replace(/\/\/# sourceMappingURL=\S+\s*$/, '')], { type: 'text/javascript' },
)));

const SELECTED = 'embed-selected';

const LOCALES: Record<Lang, Record<string, string>> = {
  zh: {
    'Popup.Close': '关闭', 'NavigationControl.ZoomIn': '放大', 'NavigationControl.ZoomOut': '缩小',
    'CooperativeGesturesHandler.WindowsHelpText': '按住 Ctrl 键并滚动鼠标以缩放地图',
    'CooperativeGesturesHandler.MacHelpText': '按住 ⌘ 键并滚动以缩放地图',
    'CooperativeGesturesHandler.MobileHelpText': '请用两根手指移动地图',
  },
  en: { 'Popup.Close': 'Close popup', 'NavigationControl.ZoomIn': 'Zoom in', 'NavigationControl.ZoomOut': 'Zoom out' },
};

export interface MapView { center: Lnglat; zoom: number; bounds: number[] | null }

export class EmbedMap {
  readonly map: MapLibreMap;
  readonly ready: Promise<void>;
  /** The zone layers and their own filters (per kind, usually), kept to combine with a search's ids. */
  private readonly zoneLayers: { id: string; filter: FilterSpecification | undefined }[];
  private readonly spotLayers: { id: string; filter: FilterSpecification | undefined }[];
  private popup: Popup | null = null;
  private lang: Lang;

  constructor(container: HTMLElement, style: StyleSpecification, view: MapView, show: DataLayer[], lang: Lang,
    onZone: (id: string, name: unknown, at: Lnglat) => void) {
    this.lang = lang;
    for (const layer of style.layers) {
      const data = dataLayerOf(layer);
      if (data && !show.includes(data)) layer.layout = { ...layer.layout, visibility: 'none' };
    }
    const drawing = (data: DataLayer) => style.layers.filter((l) => dataLayerOf(l) === data && l.type !== 'background')
      .map((l) => ({ id: l.id, filter: 'filter' in l ? l.filter : undefined }));
    this.zoneLayers = drawing('zones');
    this.spotLayers = drawing('spots');
    this.map = new MapLibreMap({
      container, style, center: view.center, zoom: view.zoom, locale: LOCALES[lang],
      attributionControl: { compact: true }, dragRotate: false, pitchWithRotate: false,
      // An embed sits inside someone else's page: scrolling that page must not zoom the map by surprise.
      cooperativeGestures: true,
    });
    if (view.bounds) this.map.fitBounds(view.bounds as [number, number, number, number], { padding: 24, duration: 0, maxZoom: view.zoom + 2 });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
    this.map.touchZoomRotate.disableRotation();
    this.ready = new Promise((resolve) => this.map.once('load', () => { this.addOutline(style); resolve(); }));
    const signLayers = drawing('signs').map((l) => l.id);
    const visible = (ids: string[]) => ids.filter((id) => this.map.getLayoutProperty(id, 'visibility') !== 'none');
    this.map.on('click', (e: MapMouseEvent) => {
      const box: [PointLike, PointLike] = [[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]];
      // A permitted sign stands on top of its street's zone: it is what a click on its dot means.
      const sign = this.map.queryRenderedFeatures(box, { layers: visible(signLayers) }).find((f) => f.geometry.type === 'Point');
      if (sign && sign.geometry.type === 'Point') {
        this.showPopup(sign.geometry.coordinates as [number, number], signPopup(this.lang, sign.properties ?? {}), false, () => undefined);
        return;
      }
      const hit = this.map.queryRenderedFeatures(box, { layers: visible(this.zoneLayers.map((l) => l.id)) }).find((f) => typeof f.properties?.id === 'string');
      if (hit) onZone(String(hit.properties.id), hit.properties.name, [e.lngLat.lng, e.lngLat.lat]);
    });
    for (const id of [...this.zoneLayers.map((l) => l.id), ...signLayers]) {
      this.map.on('mouseenter', id, () => { this.map.getCanvas().style.cursor = 'pointer'; });
      this.map.on('mouseleave', id, () => { this.map.getCanvas().style.cursor = ''; });
    }
  }

  /** A line layer of our own over the zones' source, filtered to the selected zone. */
  private addOutline(style: StyleSpecification): void {
    const base = style.layers.find((l) => dataLayerOf(l) === 'zones' && 'source' in l);
    if (!base || !('source' in base)) return;
    this.map.addLayer({
      id: SELECTED, type: 'line', source: base.source,
      ...('source-layer' in base && base['source-layer'] ? { 'source-layer': base['source-layer'] } : {}),
      filter: ['==', ['get', 'id'], ''],
      paint: { 'line-color': '#111827', 'line-width': 3 },
    });
  }

  /** Only these zones and kinds on the map, and the spots of `spotZones` (null: no narrowing by it).
   * Kinds go as a kind test rather than ids: a kind of a large city can hold more zones than one search
   * returns. Spots carry their zone's id (zone_id), not its kind. */
  async showOnly(ids: string[] | null, kinds: string[] | null, spotZones: string[] | null): Promise<void> {
    await this.ready;
    for (const l of this.zoneLayers) this.map.setFilter(l.id, narrowed(l.filter, [['id', ids], ['kind', kinds]]));
    for (const l of this.spotLayers) this.map.setFilter(l.id, narrowed(l.filter, [['zone_id', spotZones]]));
    this.map.getContainer().dataset.shownZones = ids === null ? 'all' : String(ids.length);
  }

  async select(id: string | null): Promise<void> {
    await this.ready;
    if (this.map.getLayer(SELECTED)) this.map.setFilter(SELECTED, ['==', ['get', 'id'], id ?? '']);
    this.map.getContainer().dataset.selectedZone = id ?? '';
  }

  /** Brings a zone into view (list rows and keyboard users have no point on the map to start from). */
  fit(geometry: Geometry): void {
    const [sw, ne] = bbox(geometry);
    this.map.fitBounds(new LngLatBounds(sw, ne), { padding: 60, maxZoom: 17, duration: 0 });
  }

  /** Shows one popup (closing any other); `focus` moves keyboard focus into it. */
  showPopup(at: LngLatLike, content: HTMLElement, focus: boolean, onClose: () => void): void {
    this.popup?.remove();
    // Always above its point, so the map can be panned to fit it without the popup flipping sides.
    const popup = new Popup({ maxWidth: '320px', focusAfterOpen: false, className: 'zone-popup', anchor: 'bottom' })
      .setLngLat(at).setDOMContent(content).addTo(this.map);
    popup.on('close', () => { if (this.popup === popup) { this.popup = null; onClose(); } });
    this.popup = popup;
    popup.getElement().querySelector('.maplibregl-popup-close-button')?.setAttribute('aria-label', LOCALES[this.lang]['Popup.Close']);
    this.fitPopup(popup);
    if (focus) content.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
  }

  /** A popup taller than a small embed scrolls inside, and the map pans until all of it shows. */
  private fitPopup(popup: Popup): void {
    const box = this.map.getContainer().getBoundingClientRect();
    const inner = popup.getElement().querySelector<HTMLElement>('.maplibregl-popup-content');
    if (inner) inner.style.maxHeight = `${Math.max(140, box.height - 48)}px`;
    const r = popup.getElement().getBoundingClientRect();
    const m = 8;
    const dx = r.left < box.left + m ? r.left - box.left - m : r.right > box.right - m ? r.right - box.right + m : 0;
    const dy = r.top < box.top + m ? r.top - box.top - m : r.bottom > box.bottom - m ? r.bottom - box.bottom + m : 0;
    if (dx || dy) this.map.panBy([dx, dy], { duration: 0 });
  }

  /** maplibre takes its words once, at creation: the language switch relabels its buttons here. */
  relabel(lang: Lang): void {
    this.lang = lang;
    const words = LOCALES[lang];
    const label = (selector: string, key: string) => {
      for (const b of this.map.getContainer().querySelectorAll(selector)) {
        b.setAttribute('aria-label', words[key]);
        b.setAttribute('title', words[key]);
      }
    };
    label('.maplibregl-ctrl-zoom-in', 'NavigationControl.ZoomIn');
    label('.maplibregl-ctrl-zoom-out', 'NavigationControl.ZoomOut');
    label('.maplibregl-popup-close-button', 'Popup.Close');
  }

  get popupOpen(): boolean {
    return this.popup !== null;
  }

  closePopup(): void {
    this.popup?.remove();
  }
}
