// The embedded data folder becomes read-only under a running service (issue #7, hardening item 9).
// What a bureau needs: a write is either refused with a clean masked error (and leaves nothing behind)
// or acknowledged and then durable; the process keeps answering; after the disk is fixed the service
// works again. Root ignores file permissions, so the service runs without that power (./users.ts) and
// the test takes the write bits away. A read-only remount is no alternative: Linux refuses it while
// PGlite holds files open for writing ("mount point is busy").
//
// What PGlite does (found by this test): files it already holds open keep taking writes, so
// a write touching only those is acknowledged (and durable: it is in the WAL); a write that must open
// or create a file is refused. Its in-memory file system caches each file's mode (and keeps a file whose
// creation failed as existing), so a refused file stays refused after the folder is writable again.
// A stop while read-only exits 1: PGlite closes, but the lock's owner file cannot be removed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readLockOwner } from '../../src/db/lock';
import { startAndWait, stopService, type Service } from '../helpers/service';
import { TEST_ROOT } from '../template';
import { DEMO_ENV, FREE_LAND, HANG_MS, auditRows, expectMasked, gql, login, square, type Answer } from './http';
import { confinement } from './users';

const how = process.env.DATABASE_URL ? 'server pass: the read-only data folder concerns the embedded database' : confinement();
if (typeof how === 'string') console.warn(`skipped: ${how}`);
const run = typeof how === 'string' ? describe.skip : describe;

// Three service starts: room for a machine busy with other work (a ceiling, not a goal).
jest.setTimeout(120_000);
const dir = path.join(TEST_ROOT, `run-readonly-${process.pid}`);
const writable = (on: boolean) => execFileSync('chmod', ['-R', on ? 'u+w' : 'a-w', dir]);
const CREATE_ZONE = 'mutation($g: GeoJSON!, $n: String!) { createZone(input: { name: $n, kind: STALL_CLUSTER, geometry: $g }) { id } }';
const RENAME = 'mutation($id: ID!, $n: String!) { updateZone(id: $id, input: { name: $n }) { id } }';
const CREATE_TOKEN = 'mutation($n: String!) { createApiToken(name: $n) { apiToken { id } } }';
const CREATE_TYPE = 'mutation($c: String!) { createBusinessType(input: { code: $c, name: "测试", nameEn: "Test" }) { code } }';

let service: Service;
let base = '';
let token = '';

interface Write { requestId: string; operation: string; acknowledged: boolean }
const writes: Write[] = [];

/** Sends a write during the fault: it must be acknowledged or refused cleanly, nothing else. */
async function attempt(operation: string, query: string, variables: Record<string, unknown>, requestId: string): Promise<Write> {
  const res: Answer<Record<string, unknown>> = await gql(base, query, variables, { token, requestId });
  const w = { requestId, operation, acknowledged: Boolean(res.data && !res.errors) };
  if (!w.acknowledged) expectMasked(res, requestId);
  writes.push(w);
  return w;
}

async function health(): Promise<number> {
  const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(HANG_MS) });
  return res.status;
}

async function start(): Promise<void> {
  if (typeof how === 'string') throw new Error(how);
  ({ service, base } = await startAndWait({ dataDir: dir, env: DEMO_ENV, confine: how.confine }));
  token = await login(base);
}

run('a read-only data folder (embedded)', () => {
  beforeAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(process.env.BIANMIN_TEST_DEMO_DIR!, dir, { recursive: true });
    // An unprivileged user must own the folder, as the service's user does in production.
    const owner = typeof how === 'string' ? null : how.owner;
    if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
    await start();
  });

  afterAll(async () => {
    if (service) await stopService(service);
    if (fs.existsSync(dir)) writable(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let zoneId = '';

  it('each write is refused with a masked error quoting its request id, or acknowledged; the process keeps answering', async () => {
    // Open the files a zone write touches, so that both outcomes occur below.
    const made = await gql<{ createZone: { id: string } }>(base, CREATE_ZONE, { g: square(FREE_LAND.lon, FREE_LAND.lat), n: 'ro-warm' }, { token });
    zoneId = made.data!.createZone.id;
    await gql(base, RENAME, { id: zoneId, n: 'ro-warm-1' }, { token });
    writable(false);

    await attempt('updateZone', RENAME, { id: zoneId, n: 'ro-rename' }, 'ro-rename-1');
    await attempt('createZone', CREATE_ZONE, { g: square(FREE_LAND.lon + 0.001, FREE_LAND.lat), n: 'ro-zone' }, 'ro-zone-1');
    // No API token was touched since start: its table's file must be opened, which the disk refuses.
    const refused = await attempt('createApiToken', CREATE_TOKEN, { n: 'ro-token' }, 'ro-token-1');
    expect(refused.acknowledged).toBe(false);
    // Reads may still work (their files are open) or be refused; either way cleanly, by a live process.
    const read = await gql(base, '{ zones(first: 1) { totalCount } }', {}, { token, requestId: 'ro-read-1' });
    if (!read.data) expectMasked(read, 'ro-read-1');
    expect(service.child.exitCode).toBeNull();
    expect([200, 503]).toContain(await health());
    const outcomes = writes.map((w) => `${w.operation} ${w.acknowledged ? 'acknowledged' : 'refused'}`);
    console.log(`read-only folder: ${outcomes.join(', ')}; a read ${read.data ? 'answered' : 'refused'}`);
  });

  it('after a stop on the read-only folder and a restart on the restored one, acknowledged writes are there and refused ones left nothing', async () => {
    // The process must end by itself (not hang), and leaves its lock behind: the folder cannot lose it.
    const code = await stopService(service);
    console.log(`read-only folder: SIGTERM exit code ${code}`);
    expect(service.child.signalCode).toBeNull();
    expect(readLockOwner(dir)?.pid).toBe(service.child.pid);
    writable(true);
    await start();

    const audits = await Promise.all(['updateZone', 'createZone', 'createApiToken'].map((op) => auditRows(base, token, op)));
    for (const w of writes) {
      const rows = audits.flat().filter((r) => r.requestId === w.requestId);
      expect({ write: w.requestId, auditRows: rows.length }).toEqual({ write: w.requestId, auditRows: w.acknowledged ? 1 : 0 });
    }
    const zone = await gql<{ zone: { name: string } }>(base, 'query($id: ID!) { zone(id: $id) { name } }', { id: zoneId }, { token });
    const acknowledged = (requestId: string) => writes.find((w) => w.requestId === requestId)!.acknowledged;
    expect(zone.data?.zone.name).toBe(acknowledged('ro-rename-1') ? 'ro-rename' : 'ro-warm-1');
    const zones = await gql<{ zones: { edges: { node: { name: string } }[] } }>(base, 'query($p: GeoJSON) { zones(containsPoint: $p) { edges { node { name } } } }',
      { p: { type: 'Point', coordinates: [FREE_LAND.lon + 0.001, FREE_LAND.lat] } }, { token });
    expect(zones.data?.zones.edges.map((e) => e.node.name)).toEqual(acknowledged('ro-zone-1') ? ['ro-zone'] : []);
    const tokens = await gql<{ apiTokens: { name: string }[] }>(base, '{ apiTokens { name } }', {}, { token });
    expect(tokens.data?.apiTokens.map((t) => t.name)).not.toContain('ro-token');
  });

  // Fails until the embedded backend recovers from, or reports, a storage error: PGlite's cached view of
  // the folder outlives the fault (see the top of this file).
  it('once the folder is writable again the running service accepts writes again, or reports itself unhealthy', async () => {
    // A clean restart, so that no crash recovery opens files before the fault: the business types table
    // is then first opened while the folder is read-only, and refused.
    expect(await stopService(service)).toBe(0);
    await start();
    // One signed-in request first, so that the refusal below is the write's and not the sign-in check's.
    expect((await gql(base, '{ me { username } }', {}, { token })).data).toEqual({ me: { username: 'admin' } });
    writable(false);
    await attempt('createBusinessType', CREATE_TYPE, { c: 'ro-type-a' }, 'ro-type-1');
    expect(writes[writes.length - 1].acknowledged).toBe(false);
    writable(true);
    const retry = await gql(base, CREATE_TYPE, { c: 'ro-type-b' }, { token, requestId: 'ro-type-2' });
    const accepted = Boolean(retry.data && !retry.errors);
    expect({ retryAccepted: accepted, healthz: accepted ? 'not checked' : await health() })
      .toEqual(accepted ? { retryAccepted: true, healthz: 'not checked' } : { retryAccepted: false, healthz: 503 });
  });
});
