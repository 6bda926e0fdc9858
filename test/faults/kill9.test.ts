// kill -9 of the service in the middle of a stream of writes (issue #7, hardening item 9): after a
// restart on the same data folder (embedded) or database (server), every write that was answered with
// success is there with exactly its audit row, and nothing is there by halves (a write whose answer was
// lost may or may not have committed, but never without its audit row). On the embedded database the
// dead holder's lock must not block the restart.
import fs from 'node:fs';
import path from 'node:path';
import { readLockOwner } from '../../src/db/lock';
import { startAndWait, startService, stopService, waitForUrl, type Service, type ServiceOptions } from '../helpers/service';
import { SERVER_DEMO_TEMPLATE, TEST_ROOT, adminQuery, withDatabase } from '../template';
import { DEMO_ENV, FREE_LAND, allNodes, auditRows, gql, login, square } from './http';

const serverUrl = process.env.DATABASE_URL;
// Two service starts and a stream of requests: room for a machine busy with other work (a ceiling, not a goal).
jest.setTimeout(120_000);
const WRITERS = 4;
/** The kill comes once this many writes are acknowledged, so some are surely in flight. */
const KILL_AFTER = 24;
/** Zones per writer's row before it starts over on the same squares (overlaps are allowed). */
const STRIP = 100;
const CREATE = 'mutation($g: GeoJSON!, $n: String!) { createZone(input: { name: $n, kind: STALL_CLUSTER, geometry: $g }) { id name } }';

let target: ServiceOptions;
let dir = '';
let dbName = '';
/** Every child started, so that a failed test leaves none running. */
const started: Service[] = [];

beforeAll(async () => {
  if (serverUrl) {
    dbName = `bianmin_t_kill9_${process.pid}`;
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await adminQuery(serverUrl, `CREATE DATABASE ${dbName} TEMPLATE ${SERVER_DEMO_TEMPLATE}`);
    target = { databaseUrl: withDatabase(serverUrl, dbName), env: DEMO_ENV };
  } else {
    // The PID comes first: the global teardown of a concurrent run spares folders of live processes.
    dir = path.join(TEST_ROOT, `run-${process.pid}-kill`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(process.env.BIANMIN_TEST_DEMO_DIR!, dir, { recursive: true });
    target = { dataDir: dir, env: DEMO_ENV };
  }
});

afterAll(async () => {
  await Promise.all(started.map((s) => stopService(s)));
  if (dbName) await adminQuery(serverUrl!, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Attempt { name: string; requestId: string; id: string | null }

it(`every acknowledged write survives kill -9 with exactly its audit row (${serverUrl ? 'server' : 'embedded'})`, async () => {
  const { service, base } = await startAndWait(target);
  started.push(service);
  const token = await login(base);
  const tag = `k9-${Date.now().toString(36)}`;
  const attempts: Attempt[] = [];
  const answeredBadly: string[] = [];
  let acked = 0;
  let killed = false;

  // Each writer sends one createZone after another until the process is gone; the request id names
  // the write, so its audit row can be found after the restart whether or not the answer arrived.
  const writer = async (w: number) => {
    for (let i = 0; ; i++) {
      const a: Attempt = { name: `${tag}-${w}-${i}`, requestId: `${tag}-${w}-${i}`, id: null };
      attempts.push(a);
      try {
        const lon = FREE_LAND.lon + (i % STRIP) * 0.0003;
        const lat = FREE_LAND.lat + w * 0.0003;
        const res = await gql<{ createZone: { id: string; name: string } }>(base, CREATE, { g: square(lon, lat), n: a.name }, { token, requestId: a.requestId });
        if (res.data?.createZone.name === a.name) a.id = res.data.createZone.id;
        else answeredBadly.push(JSON.stringify(res.errors));
      } catch {
        // The connection died with the process: this write is unacknowledged, and the stream ends.
        if (killed) return;
        throw new Error(`a write failed before the kill: ${service.out()}`);
      }
      if (a.id && ++acked >= KILL_AFTER && !killed) {
        killed = true;
        service.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  expect(await service.exited).toBeNull();
  expect(service.child.signalCode).toBe('SIGKILL');
  // Answers that arrived were successes: the stream was healthy up to the kill.
  expect(answeredBadly).toEqual([]);
  const ackedAttempts = attempts.filter((a) => a.id);
  expect(ackedAttempts.length).toBeGreaterThanOrEqual(KILL_AFTER);
  // The dead holder left its lock behind; the restart must take the folder over at once.
  if (dir) expect(readLockOwner(dir)?.pid).toBe(service.child.pid);

  const next = startService(target);
  started.push(next);
  let code: number | null = null;
  try {
    const nextBase = `http://127.0.0.1:${new URL(await waitForUrl(next)).port}`;
    const admin = await login(nextBase);
    const audits = (await auditRows(nextBase, admin, 'createZone')).filter((r) => r.requestId?.startsWith(`${tag}-`));
    const zones = await zonesOfStream(nextBase, admin, tag);

    // Exactly one audit row per write, naming the zone that write created.
    const byRequest = new Map(attempts.map((a) => [a.requestId, a]));
    expect(new Set(audits.map((r) => r.requestId)).size).toBe(audits.length);
    for (const r of audits) {
      const a = byRequest.get(r.requestId!);
      expect(a).toBeDefined();
      expect(zones.get(a!.name)).toBe(r.entityId);
    }
    // Every zone of the stream has its audit row: none committed without it.
    const audited = new Set(audits.map((r) => r.entityId));
    expect([...zones.values()].filter((id) => !audited.has(id))).toEqual([]);
    console.log(`kill -9: ${attempts.length} writes sent, ${ackedAttempts.length} acknowledged, ${zones.size} present after restart`);
    // Every acknowledged write is present, with the id it was acknowledged with and its one audit row.
    const lost = ackedAttempts.filter((a) => zones.get(a.name) !== a.id || audits.filter((r) => r.requestId === a.requestId && r.entityId === a.id).length !== 1);
    expect(lost.map((a) => a.name)).toEqual([]);
  } finally {
    code = await stopService(next);
  }
  expect(code).toBe(0);
}, 180_000); // the service starts twice on a loaded machine

/** The stream's zones (name → id), read through the restarted service's API. */
async function zonesOfStream(base: string, token: string, tag: string): Promise<Map<string, string>> {
  const b = [FREE_LAND.lon - 0.001, FREE_LAND.lat - 0.001, FREE_LAND.lon + STRIP * 0.0003 + 0.001, FREE_LAND.lat + WRITERS * 0.0003 + 0.001];
  const nodes = await allNodes<{ id: string; name: string }>(base, token,
    'query($b: [Float!], $after: String) { zones(bbox: $b, first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }',
    'zones', { b });
  return new Map(nodes.filter((z) => z.name.startsWith(`${tag}-`)).map((z) => [z.name, z.id]));
}
