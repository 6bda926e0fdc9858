// Removes what the test files left behind (each removes its own; this catches crashed workers).
import fs from 'node:fs';
import path from 'node:path';
import { TEST_ROOT } from './template';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(TEST_ROOT)) return;
  for (const entry of fs.readdirSync(TEST_ROOT)) {
    if (entry.startsWith('run-')) fs.rmSync(path.join(TEST_ROOT, entry), { recursive: true, force: true });
  }
}
