// The vector-tile libraries the service uses on the server side. They are published as ES modules only,
// and the service is a CommonJS build (ts-jest and the per-file esbuild output of scripts/build.mjs
// cannot require an ES module under Jest), so scripts/build-web.mjs bundles them into one CommonJS
// file, .vendor/tiles.cjs, which src/modules/publication/tile-encoder.ts loads. Nothing here is ours.
export { geoJSONToTile } from '@maplibre/geojson-vt';
export { fromGeojsonVt } from '@maplibre/vt-pbf';
export { VectorTile } from '@mapbox/vector-tile';
export { PbfReader } from 'pbf';
