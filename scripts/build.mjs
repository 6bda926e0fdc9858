// `npm start` runs the service as JavaScript built here, not through tsx: tsx's module hooks run on a
// loader thread of their own, which costs every process ~40 MB of memory and the start a compile.
// esbuild (the compiler tsx itself uses) only strips the types, file by file, into .build/src, in well
// under a second; the type check is `npm run typecheck`. Tests, scripts and the bench's helpers keep
// running the TypeScript through tsx.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, '.build');

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const t0 = Date.now();
fs.rmSync(out, { recursive: true, force: true });
const entryPoints = sources(path.join(root, 'src'));
await build({
  entryPoints, outdir: path.join(out, 'src'), outbase: path.join(root, 'src'),
  // The maps are written beside the files; NODE_OPTIONS=--enable-source-maps shows TypeScript lines in stack
  // traces (it costs each process ~20 MB, so it is not the default).
  format: 'cjs', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning',
  // import() of a sibling file becomes require(), as tsc does for CommonJS (Node's import() wants extensions).
  supported: { 'dynamic-import': false },
});
process.stdout.write(`built ${entryPoints.length} files into .build/ in ${Date.now() - t0} ms\n`);
