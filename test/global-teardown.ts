// Removes what the test files left behind (each removes its own; this catches crashed workers). A
// folder named after a process that still runs belongs to another test run going on at the same time.
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from '../src/db/lock';
import { TEST_ROOT } from './template';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(TEST_ROOT)) return;
  for (const entry of fs.readdirSync(TEST_ROOT)) {
    if (!entry.startsWith('run-') && !entry.startsWith('demo-')) continue;
    const pid = Number(/(\d+)/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    fs.rmSync(path.join(TEST_ROOT, entry), { recursive: true, force: true });
  }
}
