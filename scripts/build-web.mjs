// Builds what the service serves besides the API, with esbuild (no CDN, no network at run time):
//  - .vendor/<name>.cjs: ES-module-only libraries the service uses (the tile encoder and decoder,
//    file-type's content sniffing), each as one CommonJS file (see scripts/vendor/*.entry.mjs);
//  - .build/web/<app>.js (+ .css): each browser app web/<app>/main.ts (the map embed, the vendor
//    page, the GraphQL explorer), bundled with its libraries (maplibre-gl, GraphiQL) and minified.
// Runs after `npm ci` (postinstall), before `npm start` and before `npm test`; about a second.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const t0 = Date.now();

const vendorDir = path.join(root, 'scripts/vendor');
for (const file of fs.readdirSync(vendorDir).filter((f) => f.endsWith('.entry.mjs'))) {
  await build({
    entryPoints: [path.join(vendorDir, file)],
    outfile: path.join(root, '.vendor', file.replace('.entry.mjs', '.cjs')),
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning',
  });
}

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
    // safari14.1, not 14: esbuild counts Safari 14.0's destructuring as broken and refuses to bundle it.
    target: ['chrome90', 'safari14.1', 'firefox90'], minify: true, sourcemap: 'linked', logLevel: 'warning',
    loader: { '.svg': 'text', '.png': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
}
process.stdout.write(`built the tile encoder and ${apps.length} web app(s) in ${Date.now() - t0} ms\n`);
