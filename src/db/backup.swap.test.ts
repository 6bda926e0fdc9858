// The swap that puts a restored data folder in place: the old content moves aside whole, the lock's
// files stay, and a rename that fails part-way is undone so both copies are as they were.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_ROOT } from '../../test/template';
import { LOCK_FILES } from './backup.embedded';
import { swapIntoPlace } from './backup.swap';

const root = path.join(TEST_ROOT, `run-swap-${process.pid}_${crypto.randomBytes(3).toString('hex')}`);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A folder from a map of relative path to content (a trailing slash makes an empty folder). */
function make(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(name.endsWith('/') ? p : path.dirname(p), { recursive: true });
    if (!name.endsWith('/')) fs.writeFileSync(p, text);
  }
  return dir;
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const p = path.join(dir, n);
    out[n] = fs.statSync(p).isDirectory() ? '/' : fs.readFileSync(p, 'utf8');
  }
  return out;
}

it('moves the old content aside, the new in, and keeps the lock where it is', () => {
  const target = make(path.join(root, 'a', 'data'), { PG_VERSION: 'old', 'base/1': 'old', 'bianmin.lock/': '', 'bianmin.lock.json': 'me' });
  const staging = make(path.join(root, 'a', 'staging'), { PG_VERSION: 'new', 'base/1': 'new', 'pg_wal/x': 'new' });
  const previous = path.join(root, 'a', 'data.before');
  swapIntoPlace({ target, staging, previous, keep: LOCK_FILES });
  expect(tree(target)).toEqual({ PG_VERSION: 'new', base: '/', 'base/1': 'new', 'bianmin.lock': '/', 'bianmin.lock.json': 'me', pg_wal: '/', 'pg_wal/x': 'new' });
  expect(tree(previous)).toEqual({ PG_VERSION: 'old', base: '/', 'base/1': 'old' });
  expect(fs.existsSync(staging)).toBe(false);
});

it('undoes a swap that fails part-way: both folders are as they were', () => {
  // The restored copy carries a non-empty folder where the target keeps its lock: that rename fails.
  const target = make(path.join(root, 'b', 'data'), { PG_VERSION: 'old', 'base/1': 'old', 'bianmin.lock/held': '' });
  const staging = make(path.join(root, 'b', 'staging'), { PG_VERSION: 'new', 'base/1': 'new', 'bianmin.lock/stale': '' });
  const [was, new_] = [tree(target), tree(staging)];
  const previous = path.join(root, 'b', 'data.before');
  expect(() => swapIntoPlace({ target, staging, previous, keep: LOCK_FILES })).toThrow(/the swap failed and was undone/);
  expect(tree(target)).toEqual(was);
  expect(tree(staging)).toEqual(new_);
  expect(fs.existsSync(previous)).toBe(false);
});
