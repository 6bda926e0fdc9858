// Who runs the child processes when the tests run as root: `postgres` for a private cluster (initdb and
// the server refuse to run as root), and a service bound by file permissions (root ignores them).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, type Confinement } from '../helpers/service';
import { TEST_ROOT } from '../template';

export interface User { uid: number; gid: number }

export const isRoot = (): boolean => process.getuid?.() === 0;

/** A user of this machine by name, or null. */
export function systemUser(name: string): User | null {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Root without the capabilities that override file permissions (util-linux's setpriv). */
const SETPRIV = ['setpriv', '--bounding-set=-dac_override,-fowner,-linux_immutable', '--'];

/** What the service reads to start: its sources, tsx, the generated Prisma client, PGlite. */
const NEEDED = [
  'src/main.ts', 'node_modules/tsx/package.json', 'node_modules/.prisma/client/index.js',
  'node_modules/@electric-sql/pglite/dist/pglite.wasm', 'node_modules/@electric-sql/pglite-postgis/package.json',
];

/** Runs a check in a child confined as asked; returns its complaint, or null when it passed. */
function probe(c: Confinement, script: string): string | null {
  const [cmd, ...args] = 'wrapper' in c ? [...c.wrapper, process.execPath, '-e', script] : [process.execPath, '-e', script];
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...('uid' in c ? { uid: c.uid, gid: c.gid } : {}) });
  return r.status === 0 ? null : (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0];
}

/**
 * How to run the service so that the kernel refuses it writes to a read-only folder of root's, or why
 * that cannot be done here. setpriv first (it needs nothing of the checkout); else `nobody`, which must
 * be able to read the project (not so for a checkout under /root) and must own the data folder.
 */
export function confinement(): { confine: Confinement; owner: User | null } | string {
  if (!isRoot()) return 'needs root, to run the service under file permissions it cannot override';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-ro-'));
  try {
    const file = path.join(tmp, 'f');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o444);
    const refused = `try { require('fs').appendFileSync(${JSON.stringify(file)}, 'x'); process.exit(3); } catch (e) { if (e.code !== 'EACCES') throw e; }`;
    const viaSetpriv = probe({ wrapper: SETPRIV }, refused);
    if (viaSetpriv === null) return { confine: { wrapper: SETPRIV }, owner: null };
    const nobody = systemUser('nobody');
    if (!nobody) return `setpriv cannot drop root's file capabilities (${viaSetpriv}) and there is no user nobody`;
    fs.mkdirSync(TEST_ROOT, { recursive: true });
    const reads = `const fs = require('fs'); for (const f of ${JSON.stringify(NEEDED.map((f) => path.join(ROOT, f)))}) fs.accessSync(f, fs.constants.R_OK);
      fs.accessSync(${JSON.stringify(TEST_ROOT)}, fs.constants.X_OK);`;
    const viaNobody = probe(nobody, reads);
    if (viaNobody === null) return { confine: nobody, owner: nobody };
    return `setpriv cannot drop root's file capabilities (${viaSetpriv}), and user nobody cannot read the project (${viaNobody})`;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
