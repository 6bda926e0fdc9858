// Tests in a real browser: Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`; .ci/run
// installs it) driven by playwright-core, which never downloads a browser of its own. The demo city is
// seeded into a test database and served on a real port, as `npm start` serves it, so pages load their
// bundles, tiles and GraphQL over HTTP like they would in the field.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger } from '../../src/logger';
import { buildServer } from '../../src/server';
import { AuthService } from '../../src/modules/accounts/auth.service';
import { piiFor } from '../../src/modules/vendors/pii';
import { openTestDatabase, type TestDatabase } from './db';

export const CHROMIUM = process.env.BIANMIN_CHROMIUM ?? '/usr/bin/chromium';
export { TEST_DEMO_PASSWORD as DEMO_PASSWORD } from '../template';
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

/**
 * `describe` when Chromium is installed; otherwise the tests are skipped with a note — except in CI
 * (CI=true), where a missing browser must fail the run rather than pass it silently.
 */
export const describeInBrowser: jest.Describe = fs.existsSync(CHROMIUM) || process.env.CI === 'true'
  ? describe
  : (() => {
    process.stderr.write(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
    return describe.skip;
  })();

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export interface DemoServer {
  url: string;
  db: TestDatabase;
  server: FastifyInstance;
  /** Every log line so far (the demo SMS sender logs sign-in codes here). */
  logs: string[];
  close(): Promise<void>;
}

/** The demo city on a test database, served on 127.0.0.1 at a free port. */
export async function startDemoServer(): Promise<DemoServer> {
  const db = await openTestDatabase({ demo: true });
  const logs: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logs.push(chunk.toString()); done(); } });
  const log = createLogger('info', sink);
  const auth = await AuthService.create(db, { ttlHours: 1, bcryptCost: 4 });
  await piiFor(db);
  const server = await buildServer({ db, auth, log });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`, db, server, logs,
    async close() { await server.close(); await db.drop(); },
  };
}

/** A screenshot kept as a test artefact (test-artifacts/<name>.png), and its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Polls `f` every 100 ms until it gives something truthy, which is returned; fails after `ms`. */
export async function until<T>(what: string, f: () => T | null | false | Promise<T | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * The bundles of web apps (names under web/), rebuilt when a source is newer than the oldest bundle, so a
 * test run on its own after an edit tests the edit (`npm test` builds them first anyway).
 */
export function ensureBundles(apps: string[]): void {
  const built = (f: string) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
  const oldest = Math.min(...apps.map((a) => built(path.join(ROOT, `.build/web/${a}.js`))));
  const newest = Math.max(...apps.flatMap((a) => fs.readdirSync(path.join(ROOT, 'web', a)).map((f) => built(path.join(ROOT, 'web', a, f)))));
  if (newest > oldest) execFileSync('node', ['scripts/build-web.mjs'], { cwd: ROOT, stdio: 'pipe' });
}
