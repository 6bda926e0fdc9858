// Session tokens that end: required exp and iat, sessionsValidAfter on deactivation; a zone manager's
// retired zone; and the accounts domain's input bounds, through GraphQL and at the services.
import { SignJWT } from 'jose';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, snapshot, square, WEST, type TestCity } from '../../../test/helpers/factories';
import type { Viewer } from '../../graphql/context';
import { createAccount as createAccountService, createApiToken } from './accounts.service';
import { changePassword } from './passwords.service';

let app: TestApp;
let city: TestCity;
let admin: string;
let adminViewer: Viewer;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  const a = await createAccount(app.db, city, 'ADMIN');
  admin = await login(app, a.username, PASSWORD);
  adminViewer = { accountId: a.id, cityId: city.cityId, username: a.username, role: 'ADMIN', districtIds: [], zoneId: null, via: 'session' };
});
afterAll(() => app.close());

const ME = '{ me { id } }';
const SET_ACTIVE = 'mutation($id: ID!, $a: Boolean!) { setAccountActive(id: $id, active: $a) { active } }';
const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

async function signed(claims: { exp?: boolean; iat?: boolean }, accountId: string): Promise<string> {
  const secret = await app.db.prisma.serverSecret.findUniqueOrThrow({ where: { name: 'jwt' } });
  const jwt = new SignJWT({ city: city.cityId }).setProtectedHeader({ alg: 'HS256' }).setSubject(accountId).setIssuer('bianmin');
  if (claims.exp) jwt.setExpirationTime('1h');
  if (claims.iat) jwt.setIssuedAt();
  return jwt.sign(new TextEncoder().encode(secret.value));
}

describe('session tokens', () => {
  it('are refused without an expiry or an issue time, accepted with both', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    expect((await app.gql(ME, {}, await signed({ iat: true }, v.id))).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(ME, {}, await signed({ exp: true }, v.id))).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(ME, {}, await signed({ exp: true, iat: true }, v.id))).data).toEqual({ me: { id: v.id } });
  });

  it('do not come back when a deactivated account is reactivated; a new sign-in works at once', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const session = await login(app, v.username, PASSWORD);
    await app.gql(SET_ACTIVE, { id: v.id, a: false }, admin);
    await app.gql(SET_ACTIVE, { id: v.id, a: true }, admin);
    expect((await app.gql(ME, {}, session)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await app.gql(ME, {}, await login(app, v.username, PASSWORD))).data).toEqual({ me: { id: v.id } });
  });

  it('an API token works again after reactivation (documented: only a password reset revokes it)', async () => {
    const v = await createAccount(app.db, city, 'VENDOR');
    const made = await app.gql<{ createApiToken: { token: string } }>('mutation { createApiToken(name: "s") { token } }', {}, await login(app, v.username, PASSWORD));
    const token = made.data!.createApiToken.token;
    await app.gql(SET_ACTIVE, { id: v.id, a: false }, admin);
    expect((await app.gql(ME, {}, token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    await app.gql(SET_ACTIVE, { id: v.id, a: true }, admin);
    expect((await app.gql(ME, {}, token)).data).toEqual({ me: { id: v.id } });
  });
});

describe('a zone manager whose zone was retired', () => {
  it('still sees the zone, with status RETIRED, and no error', async () => {
    const z = await app.gql<{ createZone: { id: string } }>(
      'mutation($g: GeoJSON!) { createZone(input: { name: "自治夜市", kind: NIGHT_MARKET, geometry: $g }) { id } }',
      { g: square(WEST.lon, WEST.lat, 60) }, admin);
    const zoneId = z.data!.createZone.id;
    const manager = await login(app, (await createAccount(app.db, city, 'ZONE_MANAGER', { zoneId })).username, PASSWORD);
    await app.gql('mutation($id: ID!) { retireZone(id: $id, reason: "整治") { status } }', { id: zoneId }, admin);
    const me = await app.gql('{ me { role zone { id name status district { code } } } }', {}, manager);
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: { role: 'ZONE_MANAGER', zone: { id: zoneId, name: '自治夜市', status: 'RETIRED', district: { code: `${city.code}-W` } } } });
  });
});

describe('input bounds', () => {
  it.each([
    ['a username of 41 characters', { u: 'a'.repeat(41), p: PASSWORD }, 'username'],
    ['a NUL in the username', { u: 'admin\u0000', p: PASSWORD }, 'username'],
    ['a lone surrogate in the username', { u: 'admin\uD800', p: PASSWORD }, 'username'],
    ['a password of 201 characters', { u: 'someone', p: 'x'.repeat(201) }, 'password'],
  ])('login refuses %s with BAD_USER_INPUT, through GraphQL and at the service', async (_what, { u, p }, field) => {
    const res = await app.gql(LOGIN, { u, p });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    await expect(app.auth.login(u, p)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
  });

  it.each([
    ['input.username', { username: 'u'.repeat(41) }],
    ['input.displayName', { displayName: '名'.repeat(101) }],
    ['input.password', { password: 'p'.repeat(201) }],
    ['input.displayName', { displayName: 'bad\u0000name' }],
  ])('createAccount refuses a bad %s, naming it, and changes nothing', async (field, bad) => {
    const before = await snapshot(app.db);
    const input = { username: 'bounded-user', displayName: '某人', password: 'long-enough-pw', role: 'VENDOR' as const, ...bad };
    await expect(createAccountService(app.db.prisma, { viewer: adminViewer, requestId: null }, input))
      .rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
    const res = await app.gql('mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }', { i: input }, admin);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('an API token name is at most 100 characters; password inputs at most 200', async () => {
    await expect(createApiToken(app.db.prisma, { viewer: adminViewer, requestId: null }, 'n'.repeat(101)))
      .rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'name' } });
    const res = await app.gql('mutation($n: String!) { createApiToken(name: $n) { token } }', { n: 'n'.repeat(101) }, admin);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    await expect(changePassword(app.db.prisma, app.auth, { viewer: adminViewer, requestId: null }, 'unknown', 'c'.repeat(201), 'long-enough-pw'))
      .rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' } });
  });
});
