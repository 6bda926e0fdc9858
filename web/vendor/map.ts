// The map: no basemap (the page must work with no internet, and the service serves no base tiles), so
// the style is built here — a plain background, the zones and spots the page fetched as GeoJSON, and
// "my point". No glyphs or sprites: nothing is drawn as text or icon by maplibre; the selected spot's
// number is an HTML marker instead.
import type { FeatureCollection } from 'geojson';
import {
  LngLatBounds, Map as MapLibreMap, Marker, NavigationControl, setWorkerUrl,
  type GeoJSONSource, type LngLatLike, type MapMouseEvent, type PointLike, type StyleSpecification,
} from 'maplibre-gl';
import workerSource from 'maplibre-gl/dist/maplibre-gl-worker.mjs' with { type: 'text' };
import type { OpenSpot } from './queries';

type Lnglat = [number, number];
type FC = FeatureCollection;
const empty = (): FC => ({ type: 'FeatureCollection', features: [] });

// The worker from a blob: URL (see worker-source.d.ts). Its source-map comment is dropped so nothing
// ever asks for a .map file that is not served.
setWorkerUrl(URL.createObjectURL(new Blob(
  [workerSource.replace(/\/\/# sourceMappingURL=\S+\s*$/, '')], { type: 'text/javascript' },
)));

const SELECTED = '#c2410c';
const style: StyleSpecification = {
  version: 8,
  sources: {
    zones: { type: 'geojson', data: empty() },
    footprints: { type: 'geojson', data: empty() },
    dots: { type: 'geojson', data: empty() },
    me: { type: 'geojson', data: empty() },
  },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#eef1ea' } },
    { id: 'zones-fill', type: 'fill', source: 'zones', paint: { 'fill-color': '#f6c453', 'fill-opacity': 0.35 } },
    { id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#b7791f', 'line-width': 1.5 } },
    { id: 'footprints', type: 'fill', source: 'footprints', minzoom: 16, paint: { 'fill-color': '#1d4ed8', 'fill-opacity': 0.45 } },
    {
      id: 'dots', type: 'circle', source: 'dots',
      // Small when zoomed out (spots 3 m apart would merge into a blot), finger-sized up close.
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 3, 17, 5, 19, 9], 'circle-color': '#1d4ed8', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
    {
      id: 'dot-selected', type: 'circle', source: 'dots', filter: ['==', ['get', 'id'], ''],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 7, 19, 12], 'circle-color': SELECTED, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
    },
    {
      id: 'me', type: 'circle', source: 'me',
      paint: { 'circle-radius': 8, 'circle-color': '#16a34a', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
    },
  ],
};

/** The centre of a footprint's outer ring (spots are small convex polygons: the vertex mean is inside). */
export function centreOf(ring: number[][]): Lnglat {
  const pts = ring.slice(0, -1);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

export class SpotMap {
  readonly map: MapLibreMap;
  private label: Marker | null = null;
  private ready: Promise<void>;

  constructor(container: HTMLElement, centre: Lnglat, zoom: number, handlers: { onPoint(p: Lnglat): void; onSpot(id: string): void }) {
    this.map = new MapLibreMap({ container, style, center: centre, zoom, attributionControl: false, dragRotate: false, pitchWithRotate: false });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.touchZoomRotate.disableRotation();
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.on('click', (e: MapMouseEvent) => {
      // A tap near a spot's dot picks the spot; anywhere else it sets "my point". The box is a fingertip.
      const box: [PointLike, PointLike] = [[e.point.x - 12, e.point.y - 12], [e.point.x + 12, e.point.y + 12]];
      const hit = this.map.queryRenderedFeatures(box, { layers: ['dots'] })[0];
      const id = hit?.properties?.id;
      if (typeof id === 'string') handlers.onSpot(id);
      else handlers.onPoint([e.lngLat.lng, e.lngLat.lat]);
    });
    this.map.on('mouseenter', 'dots', () => { this.map.getCanvas().style.cursor = 'pointer'; });
    this.map.on('mouseleave', 'dots', () => { this.map.getCanvas().style.cursor = ''; });
  }

  private async source(name: string): Promise<GeoJSONSource> {
    await this.ready;
    return this.map.getSource(name) as GeoJSONSource;
  }

  async setMe(p: Lnglat | null): Promise<void> {
    const features: FC['features'] = p ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }] : [];
    (await this.source('me')).setData({ type: 'FeatureCollection', features });
  }

  /** The answer of a search on the map; the view fits it and my point. */
  async setSpots(spots: OpenSpot[], me: Lnglat | null): Promise<void> {
    const zones = new Map(spots.map((s) => [s.zone.id, s.zone]));
    (await this.source('zones')).setData({
      type: 'FeatureCollection',
      features: [...zones.values()].map((z) => ({ type: 'Feature', properties: { id: z.id }, geometry: z.geometry })),
    });
    (await this.source('footprints')).setData({
      type: 'FeatureCollection',
      features: spots.map((s) => ({ type: 'Feature', properties: { id: s.spot.id }, geometry: s.spot.footprint })),
    });
    (await this.source('dots')).setData({
      type: 'FeatureCollection',
      features: spots.map((s) => ({ type: 'Feature', properties: { id: s.spot.id }, geometry: { type: 'Point', coordinates: centreOf(s.spot.footprint.coordinates[0]) } })),
    });
    const points = spots.map((s) => centreOf(s.spot.footprint.coordinates[0])).concat(me ? [me] : []);
    if (points.length > 1) {
      const bounds = points.reduce((b, p) => b.extend(p), new LngLatBounds(points[0], points[0]));
      this.map.fitBounds(bounds, { padding: 40, maxZoom: 18, duration: 0 });
    } else if (points.length === 1) {
      this.map.jumpTo({ center: points[0], zoom: Math.max(this.map.getZoom(), 16) });
    }
  }

  /** Highlights one spot (null: none), with its number beside it, and brings it into view. */
  async select(spot: OpenSpot | null): Promise<void> {
    await this.ready;
    this.map.setFilter('dot-selected', ['==', ['get', 'id'], spot?.spot.id ?? '']);
    this.map.getContainer().dataset.selectedSpot = spot?.spot.id ?? '';
    this.label?.remove();
    this.label = null;
    if (!spot) return;
    const at: LngLatLike = centreOf(spot.spot.footprint.coordinates[0]);
    const tag = document.createElement('div');
    tag.className = 'spot-tag';
    tag.textContent = `${spot.spot.number} 号`;
    this.label = new Marker({ element: tag, anchor: 'bottom', offset: [0, -12] }).setLngLat(at).addTo(this.map);
    if (!this.map.getBounds().contains(at)) this.map.easeTo({ center: at, duration: 300 });
  }

  centre(): Lnglat {
    const c = this.map.getCenter();
    return [c.lng, c.lat];
  }
}
