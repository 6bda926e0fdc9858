// Error handling over HTTP: typed errors pass through with a request id; an unexpected failure is
// masked (no SQL, table names or stack reach the client) and logged with the same request id;
// query limits refuse abusive documents; /healthz reports the database.
import { startTestApp, login, type TestApp } from '../../test/helpers/app';
import { createAccount, createCity, PASSWORD, square, WEST } from '../../test/helpers/factories';
import { MASKED_MESSAGE } from './apollo';

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  const city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
});
afterAll(() => app.close());

it('/healthz checks the database and PostGIS', async () => {
  const res = await app.server.inject({ method: 'GET', url: '/healthz' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ status: 'ok', postgis: expect.stringMatching(/^3\./) });
  expect(res.headers['x-request-id']).toBeTruthy();
});

it('a missing token on a protected query is UNAUTHENTICATED; a bad token is refused with 401', async () => {
  const anon = await app.gql('{ zones { totalCount } }');
  expect(anon.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  const bad = await app.gql('{ me { id } }', {}, 'not-a-real-token');
  expect(bad.status).toBe(401);
  expect(bad.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: bad.requestId });
  const malformed = await app.gql('{ me { id } }', {}, null, { authorization: 'Basic abc' });
  expect(malformed.errors![0].extensions.code).toBe('UNAUTHENTICATED');
});

it('an unexpected database failure is masked for the client and logged with the request id', async () => {
  // This test file has a database of its own: break it on purpose.
  await app.db.exec('ALTER TABLE audit_log RENAME TO audit_log_gone');
  try {
    const res = await app.gql('mutation($g: GeoJSON!) { createZone(input: { name: "掩码", kind: STALL_CLUSTER, geometry: $g }) { id } }',
      { g: square(WEST.lon, WEST.lat, 20) }, admin, { 'x-request-id': 'req-mask-test-42' });
    expect(res.errors).toHaveLength(1);
    const [e] = res.errors!;
    expect(e.message).toBe(MASKED_MESSAGE);
    expect(e.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-mask-test-42' });
    expect(JSON.stringify(res)).not.toMatch(/audit_log|SELECT|INSERT|at .*\.ts|stack/i);
    const logged = app.logs.filter((l) => l.includes('req-mask-test-42') && l.includes('unexpected error'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).toMatch(/audit_log/);
    // The zone was not created either: its audit row could not be written.
    expect(await app.db.prisma.zone.count({ where: { name: '掩码' } })).toBe(0);
  } finally {
    await app.db.exec('ALTER TABLE audit_log_gone RENAME TO audit_log');
  }
});

it('tokens and passwords never reach the log', async () => {
  app.logs.length = 0;
  await app.gql('mutation { login(username: "nobody", password: "secret-password-123") { token } }');
  await app.gql('{ me { id } }', {}, admin);
  const all = app.logs.join('\n');
  expect(all).not.toContain('secret-password-123');
  expect(all).not.toContain(admin);
});

it('refuses documents over the alias and token limits', async () => {
  const ok = await app.gql('{ a: me { id } b: me { id } }', {}, admin);
  expect(ok.errors).toBeUndefined();
  const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
  expect((await app.gql(aliases, {}, admin)).errors![0].message).toMatch(/alias/i);
  const tokens = `{ me { ${'__typename '.repeat(3500)} } }`;
  expect((await app.gql(tokens, {}, admin)).errors![0].message).toMatch(/token/i);
});

it('an invalid page size is BAD_USER_INPUT', async () => {
  const res = await app.gql('{ zones(first: 1000) { totalCount } }', {}, admin);
  expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
});
