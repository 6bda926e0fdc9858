// Where the checkout is, found from this file whether it runs as TypeScript (src/, through tsx) or as
// the JavaScript `npm start` builds (.build/src/, see scripts/build.mjs): the first folder upwards
// holding package.json. Files read at run time (schema.graphql, the migrations, web/) are under it.
import fs from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const REPO_ROOT = findRoot(__dirname);
