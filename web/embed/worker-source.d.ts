// maplibre-gl 6 runs its tile work in a module worker it loads from a URL next to its own module file
// (import.meta.url). In the page's single IIFE bundle there is no such URL, and the service serves only
// the bundles under /assets/, so the worker's source is bundled as text (esbuild's import attribute
// `with { type: 'text' }`) and started from a blob: URL (see map.ts). This tells TypeScript
// what that import gives.
declare module 'maplibre-gl/dist/maplibre-gl-worker.mjs' {
  const source: string;
  export default source;
}
