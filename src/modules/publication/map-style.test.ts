// The basemap under the published map's style, from the environment: none by default, a raster XYZ
// template, or Tianditu with its key; checked at start.
import { validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { basemapConfig } from '../../config';
import { mapStyle } from './map-style';

it('puts the configured basemap under the layers: an XYZ template or Tianditu with its key', () => {
  const input = { tilesUrl: 'http://h/t/{z}/{x}/{y}.mvt', cityName: '临沂市', cityNameEn: 'Linyi', version: 1, bounds: null, center: [118.36, 35.05] as [number, number], zoom: 13 };
  const osm = mapStyle(input, { BIANMIN_BASEMAP: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' });
  expect(osm.sources).toMatchObject({ basemap: { type: 'raster', tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'], attribution: expect.stringContaining('OpenStreetMap') } });
  expect(osm.layers.map((l) => l.id).slice(0, 3)).toEqual(['background', 'basemap', 'zones-fill']);
  const tdt = mapStyle(input, { BIANMIN_BASEMAP: 'tianditu', BIANMIN_TIANDITU_KEY: 'abc123def456' });
  for (const s of [osm, tdt]) expect(validateStyleMin(s as unknown as StyleSpecification)).toEqual([]);
  const urls = Object.values(tdt.sources).flatMap((s) => (s as { tiles: string[] }).tiles);
  expect(urls.some((u) => u.includes('/vec_w/wmts') && u.includes('tk=abc123def456'))).toBe(true);
  expect(urls.some((u) => u.includes('/cva_w/wmts') && u.includes('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}'))).toBe(true);
  // The environment is checked at start: Tianditu needs its key, a template needs {z}.
  expect(basemapConfig({}).BIANMIN_BASEMAP).toBe('none');
  expect(() => basemapConfig({ BIANMIN_BASEMAP: 'tianditu' })).toThrow(/BIANMIN_TIANDITU_KEY/);
  expect(() => basemapConfig({ BIANMIN_BASEMAP: 'https://example.org/tiles.png' })).toThrow(/BIANMIN_BASEMAP/);
  expect(basemapConfig({ BIANMIN_BASEMAP: 'tianditu', BIANMIN_TIANDITU_KEY: 'abc123def456' }).BIANMIN_TIANDITU_KEY).toBe('abc123def456');
});
