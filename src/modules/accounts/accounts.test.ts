// Sign-in, session tokens, API tokens and account administration, through GraphQL.
import { SignJWT } from 'jose';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, snapshot, type TestCity } from '../../../test/helpers/factories';

let app: TestApp;
let city: TestCity;
let admin: string;
let officerName: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  officerName = (await createAccount(app.db, city, 'OFFICER', { districts: [city.west, city.east] })).username;
});
afterAll(() => app.close());

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt account { username role districts { code } } } }';

describe('login and me', () => {
  it('returns a token that identifies the account, with expiry', async () => {
    const res = await app.gql<{ login: { token: string; expiresAt: string; account: { role: string; districts: { code: string }[] } } }>(LOGIN, { u: officerName, p: PASSWORD });
    expect(res.data!.login.account.role).toBe('OFFICER');
    expect(res.data!.login.account.districts.map((d) => d.code).sort()).toEqual([`${city.code}-E`, `${city.code}-W`]);
    expect(new Date(res.data!.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await app.gql<{ me: { username: string } }>('{ me { username } }', {}, res.data!.login.token);
    expect(me.data!.me.username).toBe(officerName);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await app.gql(LOGIN, { u: officerName, p: 'wrong-password' });
    const unknown = await app.gql(LOGIN, { u: 'no-such-user', p: PASSWORD });
    expect(wrong.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
  });

  it('the public sees me = null', async () => {
    expect((await app.gql('{ me { id } }')).data).toEqual({ me: null });
  });

  it('refuses an expired token and one signed with another secret', async () => {
    const account = await app.db.prisma.account.findFirstOrThrow({ where: { username: officerName } });
    const forged = await new SignJWT({ city: city.cityId }).setProtectedHeader({ alg: 'HS256' }).setSubject(account.id)
      .setIssuer('bianmin').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(48)));
    expect((await app.gql('{ me { id } }', {}, forged)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const secret = await app.db.prisma.serverSecret.findUniqueOrThrow({ where: { name: 'jwt' } });
    const expired = await new SignJWT({ city: city.cityId }).setProtectedHeader({ alg: 'HS256' }).setSubject(account.id)
      .setIssuer('bianmin').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(secret.value));
    expect((await app.gql('{ me { id } }', {}, expired)).errors![0].message).toMatch(/expired/);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, usable, and revocable', async () => {
    const made = await app.gql<{ createApiToken: { token: string; apiToken: { id: string; prefix: string } } }>(
      'mutation { createApiToken(name: "每晚导出 nightly export", expiresInDays: 30) { token apiToken { id prefix } } }', {}, admin);
    const { token, apiToken } = made.data!.createApiToken;
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const stored = await app.db.prisma.apiToken.findFirstOrThrow({ where: { id: apiToken.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect((await app.gql<{ me: { role: string } }>('{ me { role } }', {}, token)).data!.me.role).toBe('ADMIN');
    await app.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id }, admin);
    expect((await app.gql('{ me { id } }', {}, token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('cannot be revoked by another account', async () => {
    const officer = await login(app, officerName, PASSWORD);
    const made = await app.gql<{ createApiToken: { apiToken: { id: string } } }>('mutation { createApiToken(name: "mine") { apiToken { id } } }', {}, admin);
    const res = await app.gql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: made.data!.createApiToken.apiToken.id }, officer);
    expect(res.errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('bad expiry is BAD_USER_INPUT', async () => {
    const res = await app.gql('mutation { createApiToken(name: "x", expiresInDays: 0) { token } }', {}, admin);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('account administration', () => {
  it('creates an officer with districts, who can then sign in', async () => {
    const res = await app.gql<{ createAccount: { role: string } }>(
      'mutation($d: [ID!]) { createAccount(input: { username: "officer-new", displayName: "新警官", password: "long-enough-pw", role: OFFICER, districtIds: $d }) { role } }',
      { d: [city.west] }, admin);
    expect(res.errors).toBeUndefined();
    expect(await login(app, 'officer-new', 'long-enough-pw')).toBeTruthy();
  });

  it.each([
    ['a short password', { username: 'v-short', password: 'short', role: 'VENDOR' }, 'BAD_USER_INPUT'],
    ['an officer without districts', { username: 'o-nodist', password: 'long-enough-pw', role: 'OFFICER' }, 'BAD_USER_INPUT'],
    ['a zone manager without a zone', { username: 'zm-nozone', password: 'long-enough-pw', role: 'ZONE_MANAGER' }, 'BAD_USER_INPUT'],
    ['a taken username', { username: 'officer-new', password: 'long-enough-pw', role: 'VENDOR' }, 'CONFLICT'],
    ['a district of no city', { username: 'o-ghost', password: 'long-enough-pw', role: 'OFFICER', districtIds: ['00000000-0000-4000-8000-000000000000'] }, 'BAD_USER_INPUT'],
  ])('refuses %s and changes nothing', async (_what, input, code) => {
    const before = await snapshot(app.db);
    const res = await app.gql('mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }', { i: { displayName: '某人', ...input } }, admin);
    expect(res.errors![0].extensions.code).toBe(code);
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('a deactivated account can neither sign in nor use an existing session', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const session = await login(app, v.username, PASSWORD);
    await app.gql('mutation($id: ID!) { setAccountActive(id: $id, active: false) { active } }', { id: v.id }, admin);
    expect((await app.gql('{ me { id } }', {}, session)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(LOGIN, { u: v.username, p: PASSWORD })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
