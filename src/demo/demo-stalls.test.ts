// The demo city's stalls as `npm start` seeds them: spots in every vending zone, vendors with priority
// categories, a drawn allocation round that anyone can verify from its published seed, and the demo
// vendor holding an assignment — all reachable through GraphQL as the README describes.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, login, type TestApp } from '../../test/helpers/app';
import { DEMO_CITY } from './demo-city.data';
import { DEMO_VENDORS } from './demo-stalls.data';
import { DEMO_ZONES } from './demo-zones.data';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(() => app.close());

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

it('puts spots in every vending zone and registers the vendors with their priority categories', async () => {
  const vending = DEMO_ZONES.filter((z) => z.kind !== 'NO_VENDING').length;
  const perZone = await app.db.prisma.spot.groupBy({ by: ['zoneId'], _count: true });
  expect(perZone).toHaveLength(vending);
  expect(Math.min(...perZone.map((z) => z._count))).toBeGreaterThan(0);
  expect(await app.db.prisma.vendorProfile.count()).toBe(DEMO_VENDORS.length);
  expect(await app.db.prisma.vendorPriority.count()).toBe(DEMO_VENDORS.filter((v) => v.priorities.length).length);
  const stored = JSON.stringify(await app.db.prisma.vendorProfile.findMany());
  for (const v of DEMO_VENDORS) expect(stored).not.toContain(v.phone);
});

it('publishes one drawn round that an independent recomputation from its seed confirms', async () => {
  const zone = await app.db.prisma.zone.findFirstOrThrow({ where: { name: { contains: '沂河' }, kind: 'NIGHT_MARKET' } });
  const res = await app.gql<{ allocationRounds: { id: string; status: string; seed: string; seedCommitment: string; spots: { number: number }[];
    results: { applicationId: string; priorityTier: number; drawKey: string; spotNumber: number | null; maskedName: string }[] }[] }>(
    `query($c: String!, $z: ID!) { allocationRounds(city: $c, zoneId: $z) { id status seed seedCommitment spots { number }
      results { applicationId priorityTier drawKey spotNumber maskedName } } }`, { c: DEMO_CITY.code, z: zone.id });
  expect(res.errors).toBeUndefined();
  const [round] = res.data!.allocationRounds;
  expect(round.status).toBe('DRAWN');
  expect(sha(round.seed)).toBe(round.seedCommitment);
  expect(round.results.length).toBeGreaterThan(round.spots.length);
  const order = round.results.map((e) => ({ ...e, key: sha(round.seed + e.applicationId.toLowerCase()) }))
    .sort((a, b) => a.priorityTier - b.priorityTier || (a.key < b.key ? -1 : 1));
  expect(order.map((e) => e.applicationId)).toEqual(round.results.map((e) => e.applicationId));
  const numbers = round.spots.map((s) => s.number).sort((a, b) => a - b);
  expect(round.results.slice(0, numbers.length).map((e) => e.spotNumber)).toEqual(numbers);
  for (const e of round.results) expect(e.maskedName).toMatch(/^.\*+$/u);
});

it('lets the demo vendor see their assignment and the officer find applications to review', async () => {
  const vendor = await app.db.prisma.account.findFirstOrThrow({ where: { username: 'vendor' } });
  const token = (await app.auth.issueSession(vendor, new Date())).token;
  const mine = await app.gql<{ myAssignments: { status: string; spot: { number: number } }[]; myVendorProfile: { name: string; phone: string } }>(
    '{ myAssignments { status spot { number } } myVendorProfile { name phone } }', {}, token);
  expect(mine.errors).toBeUndefined();
  expect(mine.data!.myAssignments).toEqual([{ status: 'ACTIVE', spot: { number: 1 } }]);
  expect(mine.data!.myVendorProfile).toEqual({ name: DEMO_VENDORS[0].name, phone: DEMO_VENDORS[0].phone });
  const officer = await login(app, 'officer', 'demo-password-1');
  const waiting = await app.gql<{ applications: { totalCount: number } }>('{ applications(status: SUBMITTED) { totalCount } }', {}, officer);
  expect(waiting.data!.applications.totalCount).toBeGreaterThan(0);
});

it('the README\'s verification script confirms the demo round over HTTP', async () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const script = /save this as\s+`verify-draw\.mjs`[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)![1];
  const round = await app.db.prisma.allocationRound.findFirstOrThrow({ select: { id: true } });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.server.address() as { port: number };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-')), 'verify-draw.mjs');
  fs.writeFileSync(file, script);
  const run = await promisify(execFile)(process.execPath, [file, DEMO_CITY.code, round.id, `http://127.0.0.1:${address.port}/graphql`]);
  expect(run.stdout.trim()).toBe('draw verified');
});

it('shows staff other than admins only masked numbers, the public none, and writes none to the log', async () => {
  const assistant = await login(app, 'assistant', 'demo-password-1');
  const seen = await app.gql<{ applications: { edges: { node: { vendor: { phone: string; idNumber: string | null } } }[] } }>(
    '{ applications(first: 100) { edges { node { vendor { phone idNumber } } } } }', {}, assistant);
  expect(seen.errors).toBeUndefined();
  const vendors = seen.data!.applications.edges.map((e) => e.node.vendor);
  expect(vendors.length).toBeGreaterThan(0);
  for (const v of vendors) {
    expect(v.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(v.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  }
  const market = await app.db.prisma.zone.findFirstOrThrow({ where: { name: { contains: '沂河' }, kind: 'NIGHT_MARKET' } });
  const round = await app.gql('query($z: ID!) { allocationRounds(city: "371300", zoneId: $z) { results { applicationId maskedName priorityTier } } }', { z: market.id });
  expect(round.errors).toBeUndefined();
  const everything = JSON.stringify([seen, round, app.logs, (await app.db.prisma.auditLog.findMany()).map((a) => ({ ...a, id: String(a.id) }))]);
  for (const v of DEMO_VENDORS) {
    expect(everything).not.toContain(v.phone);
    expect(everything).not.toContain(v.idFirst17);
  }
});
