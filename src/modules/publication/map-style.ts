// The documents that describe a published version's tiles: TileJSON 3.0.0 and a MapLibre style (spec
// version 8). The style has no symbol layer, glyphs or sprite, so with the default basemap (`none`)
// nothing at all is fetched from another site. Zone colours per kind are one `match` expression on
// `kind` in the `zones-fill` layer (and the same table in the style's metadata "bianmin:kindColours"),
// which the web embed reads to draw its legend.
import type { ZoneKind } from '@prisma/client';
import type { BasemapConfig } from '../../config';
import type { LayerName } from './publication.models';
import { TILE_FIELDS } from './tiles.sql';

/** One distinct colour per zone kind; no-vending areas are red, drawn translucent with a dashed edge. */
export const kindColours: Record<ZoneKind, string> = {
  FEATURE_STREET: '#9467bd',
  STALL_CLUSTER: '#1f77b4',
  SERVICE_POINT: '#17becf',
  MORNING_MARKET: '#ff7f0e',
  NIGHT_MARKET: '#393b79',
  TEMPORARY_MARKET: '#bcbd22',
  GUIDED_STALL_POINT: '#2ca02c',
  FARMERS_PRODUCE_POINT: '#8c564b',
  REPAIR_AND_KEY_POINT: '#7f7f7f',
  RURAL_REVITALISATION_POINT: '#e377c2',
  NO_VENDING: '#d62728',
};

const FALLBACK_COLOUR = '#555555';
const FEATURE_COLOUR = '#e6550d';
export const SIGN_COLOUR = '#31a354';

export interface MapDocumentInput {
  /** absolute URL template of the version's tiles, with its query string (crs) */
  tilesUrl: string;
  cityName: string;
  cityNameEn: string;
  version: number;
  /** [minLon, minLat, maxLon, maxLat], already in the output crs; null: nothing published */
  bounds: number[] | null;
  center: [number, number];
  zoom: number;
}

const WORLD = [-180, -85.051129, 180, 85.051129];
const DESCRIPTIONS: Record<LayerName, string> = {
  zones: '便民区域与禁设区域 / vending zones and no-vending areas',
  spots: '摊位 / stall spots',
  features: '距离规则的禁设范围 / no-vending buffers around schools, hydrants, …',
  signs: '已许可的店招（公示）/ permitted shop signs (the public register)',
};

export function attribution(cityName: string): string {
  return `${cityName}城市管理局 便民服务地图 / Bianmin`;
}

export function tileJson(m: MapDocumentInput) {
  return {
    tilejson: '3.0.0',
    name: `${m.cityName} 便民服务地图 v${m.version}`,
    description: `${m.cityNameEn} convenience service map, published version ${m.version}`,
    version: `${m.version}.0.0`,
    attribution: attribution(m.cityName),
    scheme: 'xyz',
    tiles: [m.tilesUrl],
    minzoom: 0,
    maxzoom: 22,
    bounds: m.bounds ?? WORLD,
    center: [m.center[0], m.center[1], m.zoom],
    vector_layers: (Object.keys(TILE_FIELDS) as LayerName[]).map((id) => ({
      id, description: DESCRIPTIONS[id], minzoom: 0, maxzoom: 22, fields: TILE_FIELDS[id],
    })),
  };
}

const TIANDITU = (layer: 'vec' | 'cva', key: string) => [0, 1, 2, 3, 4, 5, 6, 7].map((s) =>
  `https://t${s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default`
  + `&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`);

/** The basemap's raster sources and layers (none by default). */
function basemap(c: BasemapConfig): { sources: Record<string, unknown>; layers: Record<string, unknown>[] } {
  const raster = (tiles: string[], attributionText: string) => ({ type: 'raster', tiles, tileSize: 256, maxzoom: 18, attribution: c.BIANMIN_BASEMAP_ATTRIBUTION || attributionText });
  if (c.BIANMIN_BASEMAP === 'tianditu' && c.BIANMIN_TIANDITU_KEY) {
    return {
      sources: { 'basemap-vec': raster(TIANDITU('vec', c.BIANMIN_TIANDITU_KEY), '© 天地图 Tianditu'), 'basemap-cva': raster(TIANDITU('cva', c.BIANMIN_TIANDITU_KEY), '© 天地图 Tianditu') },
      layers: [{ id: 'basemap-vec', type: 'raster', source: 'basemap-vec' }, { id: 'basemap-cva', type: 'raster', source: 'basemap-cva' }],
    };
  }
  if (c.BIANMIN_BASEMAP !== 'none' && c.BIANMIN_BASEMAP !== 'tianditu') {
    const osm = /openstreetmap\.org/.test(c.BIANMIN_BASEMAP) ? '© OpenStreetMap contributors' : '';
    return { sources: { basemap: raster([c.BIANMIN_BASEMAP], osm) }, layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }] };
  }
  return { sources: {}, layers: [] };
}

const KIND = ['get', 'kind'];
const byKind = (colours: Record<string, string>) => ['match', KIND, ...Object.entries(colours).flat(), FALLBACK_COLOUR];
const isNoVending = ['==', KIND, 'NO_VENDING'];

export function mapStyle(m: MapDocumentInput, c: BasemapConfig) {
  const base = basemap(c);
  return {
    version: 8,
    name: `${m.cityName} 便民服务地图 v${m.version}`,
    metadata: { 'bianmin:version': m.version, 'bianmin:kindColours': kindColours, 'bianmin:legendLayer': 'zones-fill' },
    center: m.center,
    zoom: m.zoom,
    sources: {
      ...base.sources,
      bianmin: { type: 'vector', tiles: [m.tilesUrl], minzoom: 0, maxzoom: 22, bounds: m.bounds ?? WORLD, attribution: attribution(m.cityName) },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f2efe9' } },
      ...base.layers,
      {
        id: 'zones-fill', type: 'fill', source: 'bianmin', 'source-layer': 'zones', metadata: { 'bianmin:legend': 'kind' },
        paint: { 'fill-color': byKind(kindColours), 'fill-opacity': ['case', isNoVending, 0.25, 0.45] },
      },
      {
        id: 'zones-line', type: 'line', source: 'bianmin', 'source-layer': 'zones', filter: ['!', isNoVending],
        paint: { 'line-color': byKind(kindColours), 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 16, 2] },
      },
      {
        // No sprite means no fill-pattern: a dashed red edge over the translucent red reads as hatched.
        id: 'zones-no-vending-line', type: 'line', source: 'bianmin', 'source-layer': 'zones', filter: isNoVending,
        paint: { 'line-color': kindColours.NO_VENDING, 'line-width': 2, 'line-dasharray': [2, 1.5] },
      },
      {
        id: 'features-fill', type: 'fill', source: 'bianmin', 'source-layer': 'features',
        paint: { 'fill-color': FEATURE_COLOUR, 'fill-opacity': 0.2 },
      },
      {
        id: 'features-line', type: 'line', source: 'bianmin', 'source-layer': 'features',
        paint: { 'line-color': FEATURE_COLOUR, 'line-width': 1, 'line-dasharray': [1, 1] },
      },
      {
        id: 'spots-fill', type: 'fill', source: 'bianmin', 'source-layer': 'spots', minzoom: 15,
        paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.85 },
      },
      {
        id: 'spots-line', type: 'line', source: 'bianmin', 'source-layer': 'spots', minzoom: 15,
        paint: { 'line-color': '#333333', 'line-width': 1 },
      },
      {
        // A permitted sign is a point at its shop: a green dot with a white ring, from street zoom.
        id: 'signs-circle', type: 'circle', source: 'bianmin', 'source-layer': 'signs', minzoom: 14,
        paint: {
          'circle-color': SIGN_COLOUR, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 3, 18, 7],
          'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
        },
      },
    ],
  };
}
