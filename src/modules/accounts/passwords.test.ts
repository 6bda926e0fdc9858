// Password hashes (scrypt off the event loop, bcrypt upgraded at sign-in), changePassword and
// resetPassword through GraphQL.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, type TestCity } from '../../../test/helpers/factories';
import { USERNAME_MAX_FAILURES } from './login-limits';
import { hashPassword, needsRehash, schemeOf, verifyNobody, verifyPassword } from './password-hash';

let app: TestApp;
let city: TestCity;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
});
afterAll(() => app.close());

const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token expiresAt account { username } } }';
const RESET = 'mutation($id: ID!, $n: String!) { resetPassword(accountId: $id, newPassword: $n) { id username } }';
const ME = '{ me { username } }';
const storedHash = async (id: string) => (await app.db.prisma.account.findFirstOrThrow({ where: { id } })).passwordHash;
const auditOf = (id: string) => app.db.prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { id: 'asc' } });

describe('password hashes', () => {
  it('are scrypt, self-describing, salted, and verify only the right password', async () => {
    const [a, b] = [await hashPassword('正确的马电池 horse'), await hashPassword('正确的马电池 horse')];
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('正确的马电池 horse', a)).toBe(true);
    expect(await verifyPassword('正确的马电池 horsE', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
    expect(await verifyNobody('anything')).toBe(false);
    expect(needsRehash(a)).toBe(false);
    // A damaged row must not make a sign-in allocate gigabytes: out-of-bounds parameters never verify.
    expect(await verifyPassword('x', a.replace('$32768$', '$1073741824$'))).toBe(false);
  });

  it('are computed off the event loop: it keeps turning while eight hashes run', async () => {
    const stored = await hashPassword(PASSWORD);
    let turns = 0;
    let running = true;
    const turn = () => { turns++; if (running) setImmediate(turn); };
    const all = Array.from({ length: 8 }, () => verifyPassword(PASSWORD, stored));
    setImmediate(turn);
    const results = await Promise.all(all);
    running = false;
    expect(results).toEqual(Array(8).fill(true));
    // On the event loop (bcryptjs, the former hasher, yields every 100 ms) the loop turns once per
    // round of 100 ms slices of all eight hashes: a handful of times for the whole batch. Off it, the
    // idle loop turns thousands of times: counted over the whole batch, so one scheduling hiccup of a
    // busy machine cannot make the count small.
    expect(turns).toBeGreaterThan(100);
  });

  it('a bcrypt account signs in and its hash becomes scrypt, audited without the hash', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    expect(schemeOf(await storedHash(v.id))).toBe('bcrypt');
    await login(app, v.username, PASSWORD);
    const upgraded = await storedHash(v.id);
    expect(schemeOf(upgraded)).toBe('scrypt');
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
    await login(app, v.username, PASSWORD);
    expect(await storedHash(v.id)).toBe(upgraded);
    const rows = await auditOf(v.id);
    expect(rows.map((r) => [r.operation, r.before, r.after])).toEqual([['rehashPassword', { passwordScheme: 'bcrypt' }, { passwordScheme: 'scrypt' }]]);
  });
});

describe('changePassword', () => {
  it('checks the current password, ends other sessions, keeps API tokens, and returns a working session', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const [first, second] = [await login(app, v.username, PASSWORD), await login(app, v.username, PASSWORD)];
    const script = await app.gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "script") { token } }', {}, first);
    const res = await app.gql<{ changePassword: { token: string; account: { username: string } } }>(CHANGE, { c: PASSWORD, n: 'a-new-long-password' }, first);
    expect(res.errors).toBeUndefined();
    const fresh = res.data!.changePassword.token;
    expect((await app.gql(ME, {}, fresh)).data).toEqual({ me: { username: v.username } });
    for (const old of [first, second]) expect((await app.gql(ME, {}, old)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(ME, {}, script.data!.createApiToken.token)).data).toEqual({ me: { username: v.username } });
    expect(await login(app, v.username, 'a-new-long-password')).toBeTruthy();
    await expect(login(app, v.username, PASSWORD)).rejects.toThrow(/UNAUTHENTICATED/);
    const audit = (await auditOf(v.id)).filter((r) => r.operation === 'changePassword');
    expect(audit).toHaveLength(1);
    expect(JSON.stringify([audit[0].before, audit[0].after])).not.toMatch(/a-new-long-password|scrypt|passwordHash/);
  });

  it.each([
    ['a wrong current password', { c: 'not-the-password', n: 'a-new-long-password' }, 'currentPassword'],
    ['a new password under 8 characters', { c: PASSWORD, n: 'short' }, 'newPassword'],
    ['a new password over 200 characters', { c: PASSWORD, n: 'x'.repeat(201) }, 'newPassword'],
    ['the same password', { c: PASSWORD, n: PASSWORD }, 'newPassword'],
  ])('refuses %s with BAD_USER_INPUT naming the field, changing nothing', async (_what, vars, field) => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const session = await login(app, v.username, PASSWORD);
    const before = await storedHash(v.id);
    const res = await app.gql(CHANGE, vars, session);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await storedHash(v.id)).toBe(before);
    expect((await app.gql(ME, {}, session)).data).toEqual({ me: { username: v.username } });
  });

  it('is limited like sign-in: guessing the current password locks the username', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const session = await login(app, v.username, PASSWORD);
    for (let i = 0; i < USERNAME_MAX_FAILURES; i++) await app.gql(CHANGE, { c: `guess-${i}`, n: 'a-new-long-password' }, session);
    const res = await app.gql(CHANGE, { c: PASSWORD, n: 'a-new-long-password' }, session);
    expect(res.errors![0].extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(res.errors![0].extensions.retryAfterSeconds).toEqual(expect.any(Number));
  });

  it('needs a signed-in caller', async () => {
    expect((await app.gql(CHANGE, { c: PASSWORD, n: 'a-new-long-password' })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('resetPassword', () => {
  it('ends the sessions, revokes the API tokens, lifts a username lock, and is audited without secrets', async () => {
    const v = await createAccount(app.db, city, 'OFFICER', { districts: [city.west] });
    const session = await login(app, v.username, PASSWORD);
    const script = await app.gql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "script") { token apiToken { id } } }', {}, session);
    for (let i = 0; i <= USERNAME_MAX_FAILURES; i++) await app.gql('mutation { login(username: "' + v.username + '", password: "guess") { token } }');
    const res = await app.gql<{ resetPassword: { id: string } }>(RESET, { id: v.id, n: 'reset-by-the-admin' }, admin);
    expect(res.errors).toBeUndefined();
    expect((await app.gql(ME, {}, session)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(ME, {}, script.data!.createApiToken.token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const token = await app.db.prisma.apiToken.findFirstOrThrow({ where: { id: script.data!.createApiToken.apiToken.id } });
    expect(token.revokedAt).not.toBeNull();
    expect(await login(app, v.username, 'reset-by-the-admin')).toBeTruthy();
    const audit = await app.db.prisma.auditLog.findMany({ where: { operation: 'resetPassword' } });
    expect(audit.map((r) => r.entityType).sort()).toEqual(['Account', 'ApiToken']);
    expect(JSON.stringify(audit.map((r) => [r.before, r.after]))).not.toMatch(/reset-by-the-admin|scrypt|passwordHash|tokenHash/);
  });

  it.each([
    ['an officer', 'OFFICER', 'FORBIDDEN'],
    ['a vendor', 'VENDOR', 'FORBIDDEN'],
  ] as const)('refuses %s', async (_what, role, code) => {
    const caller = await createAccount(app.db, city, role, role === 'OFFICER' ? { districts: [city.west] } : {});
    const target = await createAccount(app.db, city, 'VENDOR');
    const res = await app.gql(RESET, { id: target.id, n: 'a-new-long-password' }, await login(app, caller.username, PASSWORD));
    expect(res.errors![0].extensions.code).toBe(code);
  });

  it('refuses an account of another city (NOT_FOUND), the admin\'s own (BAD_USER_INPUT) and a short password', async () => {
    const elsewhere = await createAccount(app.db, await createCity(app.db), 'VENDOR');
    expect((await app.gql(RESET, { id: elsewhere.id, n: 'a-new-long-password' }, admin)).errors![0].extensions.code).toBe('NOT_FOUND');
    const me = await app.gql<{ me: { id: string } }>('{ me { id } }', {}, admin);
    expect((await app.gql(RESET, { id: me.data!.me.id, n: 'a-new-long-password' }, admin)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
    const target = await createAccount(app.db, city, 'VENDOR');
    const before = await storedHash(target.id);
    expect((await app.gql(RESET, { id: target.id, n: 'short' }, admin)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect(await storedHash(target.id)).toBe(before);
  });
});
