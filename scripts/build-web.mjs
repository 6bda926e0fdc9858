// Builds what the service serves besides the API, with esbuild (no CDN, no network at run time):
//  - .vendor/tiles.cjs: the ES-module-only tile encoder and decoder as one CommonJS file (see
//    scripts/vendor/tiles.entry.mjs);
//  - .build/web/<app>.js (+ .css): each browser app web/<app>/main.ts (the map embed, the vendor
//    page, the GraphQL explorer), bundled with its libraries (maplibre-gl, GraphiQL) and minified.
// Runs after `npm ci` (postinstall), before `npm start` and before `npm test`; about a second.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const t0 = Date.now();

await build({
  entryPoints: [path.join(root, 'scripts/vendor/tiles.entry.mjs')],
  outfile: path.join(root, '.vendor/tiles.cjs'),
  bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning',
});

const webRoot = path.join(root, 'web');
const apps = fs.readdirSync(webRoot, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => ['main.ts', 'main.tsx'].map((f) => path.join(webRoot, e.name, f)).find((f) => fs.existsSync(f)))
  .filter(Boolean);
const outdir = path.join(root, '.build/web');
fs.mkdirSync(outdir, { recursive: true });
for (const entry of apps) {
  const name = path.basename(path.dirname(entry));
  await build({
    entryPoints: { [name]: entry }, outdir, bundle: true, format: 'iife', platform: 'browser',
    target: ['chrome90', 'safari14', 'firefox90'], minify: true, sourcemap: 'linked', logLevel: 'warning',
    loader: { '.svg': 'text', '.png': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
}
process.stdout.write(`built the tile encoder and ${apps.length} web app(s) in ${Date.now() - t0} ms\n`);
