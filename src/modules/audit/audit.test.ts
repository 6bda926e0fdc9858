// The audit trail is written in the same transaction as the change: present with the change, absent
// with a refused or rolled-back one, and readable by admins with filters and pages.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, square, WEST, type TestCity } from '../../../test/helpers/factories';
import { insertZone } from '../zones/zones.sql';
import { recordAudit } from './audit.service';

let app: TestApp;
let city: TestCity;
let admin: string;
let adminId: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  const a = await createAccount(app.db, city, 'ADMIN');
  adminId = a.id;
  admin = await login(app, a.username, PASSWORD);
});
afterAll(() => app.close());

type Entry = { operation: string; entityId: string; role: string; username: string; accountId: string; requestId: string; before: unknown; after: Record<string, unknown> };
const AUDIT = `query($type: String, $id: ID, $first: Int, $after: String) { auditLog(entityType: $type, entityId: $id, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { operation entityId role username accountId requestId before after } } } }`;

it('records who changed what, with before and after and the request id the client saw', async () => {
  const created = await app.gql<{ createZone: { id: string } }>(
    'mutation($g: GeoJSON!) { createZone(input: { name: "审计摊点", kind: STALL_CLUSTER, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 20) }, admin, { 'x-request-id': 'req-audit-test-0001' });
  const id = created.data!.createZone.id;
  expect(created.requestId).toBe('req-audit-test-0001');
  await app.gql('mutation($id: ID!) { updateZone(id: $id, input: { name: "审计摊点（改）" }) { id } }', { id }, admin);
  const log = await app.gql<{ auditLog: { totalCount: number; edges: { node: Entry }[] } }>(AUDIT, { type: 'Zone', id }, admin);
  const entries = log.data!.auditLog.edges.map((e) => e.node);
  expect(entries.map((e) => e.operation)).toEqual(['updateZone', 'createZone']);
  expect(entries[1]).toMatchObject({ role: 'ADMIN', accountId: adminId, requestId: 'req-audit-test-0001', before: null });
  expect(entries[1].after.name).toBe('审计摊点');
  expect(entries[0].after.name).toBe('审计摊点（改）');
  expect((entries[0].before as { name: string }).name).toBe('审计摊点');
});

it('a refused mutation writes no audit row', async () => {
  const before = await app.db.prisma.auditLog.count();
  const res = await app.gql('mutation($g: GeoJSON!) { createZone(input: { name: "城外", kind: STALL_CLUSTER, geometry: $g }) { id } }',
    { g: square(100, 30, 20) }, admin);
  expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  expect(await app.db.prisma.auditLog.count()).toBe(before);
});

it('a transaction that fails after writing its change and audit row keeps neither', async () => {
  const [zones, audits] = [await app.db.prisma.zone.count(), await app.db.prisma.auditLog.count()];
  await expect(app.db.prisma.$transaction(async (tx) => {
    const z = await insertZone(tx, { cityId: city.cityId, districtId: city.west, name: '回滚', kind: 'STALL_CLUSTER', geojson: JSON.stringify(square(WEST.lon, WEST.lat + 0.02, 10)) });
    await recordAudit(tx, { viewer: null, requestId: 'rollback' }, { cityId: city.cityId, operation: 'createZone', entityType: 'Zone', entityId: z.id, after: z });
    expect(await tx.auditLog.count()).toBe(audits + 1);
    throw new Error('fail after the writes');
  })).rejects.toThrow('fail after the writes');
  expect(await app.db.prisma.zone.count()).toBe(zones);
  expect(await app.db.prisma.auditLog.count()).toBe(audits);
});

it('never stores password or token hashes', async () => {
  await app.gql('mutation { createAccount(input: { username: "audited-vendor", displayName: "摊主", password: "a-long-password", role: VENDOR }) { id } }', {}, admin);
  await app.gql('mutation { createApiToken(name: "nightly export") { token } }', {}, admin);
  const rows = await app.db.prisma.auditLog.findMany({ where: { operation: { in: ['createAccount', 'createApiToken'] } } });
  expect(rows).toHaveLength(2);
  const text = JSON.stringify(rows.map((r) => r.after));
  expect(text).not.toMatch(/passwordHash|tokenHash|\$2[aby]\$/);
});

it('pages through the log with cursors, newest first, and filters', async () => {
  for (let i = 0; i < 5; i++) await app.gql('mutation($n: String!) { createApiToken(name: $n) { token } }', { n: `t${i}` }, admin);
  const seen: string[] = [];
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const page: Awaited<ReturnType<typeof app.gql<{ auditLog: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Entry }[] } }>>> =
      await app.gql(AUDIT, { type: 'ApiToken', first: 2, after }, admin);
    total = page.data!.auditLog.totalCount;
    seen.push(...page.data!.auditLog.edges.map((e) => e.node.entityId));
    if (!page.data!.auditLog.pageInfo.hasNextPage) break;
    after = page.data!.auditLog.pageInfo.endCursor;
  }
  expect(total).toBe(6);
  expect(new Set(seen).size).toBe(6);
  const bad = await app.gql(AUDIT, { after: 'not-a-cursor' }, admin);
  expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
});
