// Reading the service's published style rather than keeping a second copy of it here: which style
// layers draw which data layer (zones, spots, features, signs), the colour each zone kind is drawn in (for the
// legend), and how to narrow a zone layer to the zones a search found without losing its own filter.
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { MapZone } from './api';
import { isZoneKind, type ZoneKind } from './i18n';

export type DataLayer = 'zones' | 'spots' | 'features' | 'signs';
export const DATA_LAYERS: readonly DataLayer[] = ['zones', 'spots', 'features', 'signs'];

/** The data layer a style layer draws: its vector source-layer, or the name of its GeoJSON source. */
export function dataLayerOf(layer: LayerSpecification): DataLayer | null {
  if (layer.type === 'background') return null;
  const name = 'source-layer' in layer && layer['source-layer'] ? layer['source-layer'] : layer.source;
  return (DATA_LAYERS as readonly string[]).includes(name) ? name as DataLayer : null;
}

/** Every kind a filter names: a layer "per kind" names one. */
function kindsIn(value: unknown, found: ZoneKind[] = []): ZoneKind[] {
  if (isZoneKind(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => kindsIn(v, found));
  return found;
}

/** Kind → colour from a paint value: a plain colour (with the layer's filter) or a match/case on kind. */
function coloursOf(paint: unknown, filter: unknown, into: Map<ZoneKind, string>): void {
  const set = (k: ZoneKind, c: unknown) => { if (typeof c === 'string' && !into.has(k)) into.set(k, c); };
  if (typeof paint === 'string') {
    for (const k of kindsIn(filter)) set(k, paint);
  } else if (Array.isArray(paint) && paint[0] === 'match') {
    for (let i = 2; i + 1 < paint.length; i += 2) {
      for (const k of kindsIn(paint[i])) set(k, paint[i + 1]);
    }
  } else if (Array.isArray(paint) && paint[0] === 'case') {
    for (let i = 1; i + 1 < paint.length; i += 2) {
      const kinds = kindsIn(paint[i]);
      if (kinds.length === 1) set(kinds[0], paint[i + 1]);
    }
  }
}

/** The colour of each zone kind as the style draws it (fills first, then outlines for kinds drawn only so). */
export function kindColours(style: StyleSpecification): Map<ZoneKind, string> {
  const colours = new Map<ZoneKind, string>();
  const zoneLayers = style.layers.filter((l) => dataLayerOf(l) === 'zones');
  for (const l of zoneLayers) if (l.type === 'fill') coloursOf(l.paint?.['fill-color'], l.filter, colours);
  for (const l of zoneLayers) if (l.type === 'line') coloursOf(l.paint?.['line-color'], l.filter, colours);
  // The service also states its table in the style's metadata: used only for kinds no layer told us.
  const declared = (style.metadata as Record<string, unknown> | undefined)?.['bianmin:kindColours'];
  if (declared && typeof declared === 'object') {
    for (const [k, c] of Object.entries(declared)) if (isZoneKind(k) && typeof c === 'string' && !colours.has(k)) colours.set(k, c);
  }
  return colours;
}

/** The first colour the style draws a data layer in (the legend's swatch for spots and features). */
export function layerColour(style: StyleSpecification, data: DataLayer): string | null {
  for (const l of style.layers) {
    if (dataLayerOf(l) !== data) continue;
    const c = l.type === 'fill' ? l.paint?.['fill-color'] : l.type === 'line' ? l.paint?.['line-color'] : l.type === 'circle' ? l.paint?.['circle-color'] : null;
    if (typeof c === 'string') return c;
  }
  return null;
}

// Legacy filters (["==", "kind", "X"]) and expressions cannot be mixed in one filter: the id test is
// written in whichever form the layer's own filter uses.
const LEGACY_OPS = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', '!in', 'has', '!has']);
function isLegacy(f: unknown): boolean {
  if (!Array.isArray(f)) return false;
  if (f[0] === 'all' || f[0] === 'any' || f[0] === 'none') return f.slice(1).some(isLegacy);
  return LEGACY_OPS.has(f[0]) && typeof f[1] === 'string' && f[0] !== 'has';
}

/** The layer's own filter narrowed to features whose attribute holds one of the values, per test
 * (a test with null values does not narrow). */
export function narrowed(own: FilterSpecification | undefined, tests: [string, string[] | null][]): FilterSpecification | null {
  const legacy = isLegacy(own);
  const parts: unknown[] = own ? [own] : [];
  for (const [attr, values] of tests) {
    if (values) parts.push(legacy ? ['in', attr, ...values] : ['in', ['get', attr], ['literal', values]]);
  }
  if (parts.length === 0) return null;
  return (parts.length === 1 ? parts[0] : ['all', ...parts]) as FilterSpecification;
}

/** Resolves the style's relative source URLs against the style's own address (the map's worker, started
 * from a blob: URL, has no page address to resolve them against). */
export function absolutise(style: StyleSpecification, base: string): StyleSpecification {
  // Not new URL(u, base).href: that would percent-encode the {z}/{x}/{y} of a tile template.
  const abs = (u: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return u;
    if (u.startsWith('/')) return new URL(base).origin + u;
    return base.slice(0, base.lastIndexOf('/') + 1) + u;
  };
  for (const source of Object.values(style.sources)) {
    if ('url' in source && typeof source.url === 'string') source.url = abs(source.url);
    if ('tiles' in source && Array.isArray(source.tiles)) source.tiles = source.tiles.map(abs);
    if (source.type === 'geojson' && typeof source.data === 'string') source.data = abs(source.data);
  }
  if (style.glyphs) style.glyphs = abs(style.glyphs);
  return style;
}

// The style the page draws with only when the service gives none for the published version (an older
// service, or a style request that failed): the zones the search returned, as GeoJSON, one colour per
// kind. Whenever the service's style loads it is used instead, and the legend reads its colours from it.
const PALETTE: Record<ZoneKind, string> = {
  FEATURE_STREET: '#d97706', STALL_CLUSTER: '#2563eb', SERVICE_POINT: '#0d9488', MORNING_MARKET: '#65a30d',
  NIGHT_MARKET: '#7c3aed', TEMPORARY_MARKET: '#db2777', GUIDED_STALL_POINT: '#0891b2',
  FARMERS_PRODUCE_POINT: '#16a34a', REPAIR_AND_KEY_POINT: '#9333ea', RURAL_REVITALISATION_POINT: '#ca8a04',
  NO_VENDING: '#dc2626',
};

const byKind = (): ExpressionSpecification =>
  ['match', ['get', 'kind'], ...Object.entries(PALETTE).flat(), '#64748b'] as unknown as ExpressionSpecification;

export function fallbackStyle(zones: MapZone[]): StyleSpecification {
  return {
    version: 8,
    sources: {
      zones: {
        type: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: zones.map((z) => ({
            type: 'Feature', geometry: z.geometry,
            properties: { id: z.id, name: z.name, kind: z.kind, district: z.district, capacity: z.capacity, spots: z.spots },
          })),
        },
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef1ea' } },
      { id: 'zones-fill', type: 'fill', source: 'zones', paint: { 'fill-color': byKind(), 'fill-opacity': 0.45 } },
      { id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': byKind(), 'line-width': 2 } },
    ],
  };
}
