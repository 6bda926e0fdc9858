// The URL paths of a published version's map resources, in one place for GraphQL answers, TileJSON,
// the style and the routes that serve them. `version` is a number, or 'latest' (answered with a 302).
import type { LayerName } from './publication.models';

export function mapPaths(city: string, version: number | 'latest') {
  const c = encodeURIComponent(city);
  return {
    tiles: `/tiles/${c}/${version}/{z}/{x}/{y}.mvt`,
    tileJson: `/tiles/${c}/${version}/tiles.json`,
    style: `/maps/${c}/${version}/style.json`,
    geojson: (layer: LayerName) => `/maps/${c}/${version}/${layer}.geojson`,
  };
}
