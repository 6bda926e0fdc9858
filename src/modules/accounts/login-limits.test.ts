// Sign-in throttling, through GraphQL (the server takes the client address from the request; inject
// sets it with remoteAddress) and through the limiter itself. The clock is the service's own, moved
// forward instead of sleeping.
import type { FastifyInstance } from 'fastify';
import { startTestApp, type GqlResult, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, type TestCity } from '../../../test/helpers/factories';
import { createLogger } from '../../logger';
import { buildServer } from '../../server';
import { AuthService } from './auth.service';
import {
  ADDRESS_MAX_FAILURES, FAILURE_WINDOW_SECONDS, LOCK_SECONDS, LoginLimiter, USERNAME_MAX_FAILURES, addressKey,
} from './login-limits';

let app: TestApp;
let city: TestCity;
let server: FastifyInstance;
let clock = new Date('2026-11-24T09:00:00Z');
const advance = (seconds: number) => { clock = new Date(clock.getTime() + seconds * 1000); };

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  const auth = await AuthService.create(app.db, { ttlHours: 1, clock: () => clock });
  server = await buildServer({ db: app.db, auth, log: createLogger('silent') });
});
afterAll(async () => {
  await server.close();
  await app.close();
});

type LoginResult = GqlResult<{ login: { token: string } }>;
async function signIn(u: string, p: string, remoteAddress = '127.0.0.1'): Promise<LoginResult> {
  const res = await server.inject({
    method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, remoteAddress,
    payload: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u, p } }),
  });
  return { status: res.statusCode, requestId: String(res.headers['x-request-id']), ...JSON.parse(res.body) } as LoginResult;
}
const code = (r: LoginResult) => r.errors?.[0]?.extensions.code ?? 'OK';

describe('per username', () => {
  // These requests all come from one address: a fresh window per test keeps the address limit out of the way.
  beforeEach(() => advance(FAILURE_WINDOW_SECONDS + LOCK_SECONDS));

  it(`locks after ${USERNAME_MAX_FAILURES} failures, even for the right password, and lifts after the lock`, async () => {
    const { username } = await createAccount(app.db, city, 'VENDOR');
    for (let i = 0; i < USERNAME_MAX_FAILURES; i++) expect(code(await signIn(username, `wrong-${i}`))).toBe('UNAUTHENTICATED');
    const locked = await signIn(username, PASSWORD);
    expect(code(locked)).toBe('TOO_MANY_REQUESTS');
    expect(locked.errors![0].extensions.retryAfterSeconds).toBe(LOCK_SECONDS);
    expect(locked.errors![0].message).toMatch(/登录尝试过多.*too many sign-in attempts/);
    advance(LOCK_SECONDS - 60);
    expect(code(await signIn(username, PASSWORD))).toBe('TOO_MANY_REQUESTS');
    expect((await signIn(username, PASSWORD)).errors![0].extensions.retryAfterSeconds).toBe(60);
    advance(61);
    expect(code(await signIn(username, PASSWORD))).toBe('OK');
  });

  it('answers an unknown username exactly as an existing one', async () => {
    const { username } = await createAccount(app.db, city, 'VENDOR');
    const ghost = 'no-such-user-here';
    const answers = async (u: string) => {
      const seen: unknown[] = [];
      for (let i = 0; i <= USERNAME_MAX_FAILURES; i++) {
        const r = await signIn(u, `wrong-${i}`);
        seen.push([r.status, r.errors![0].message, r.errors![0].extensions.code, r.errors![0].extensions.retryAfterSeconds]);
      }
      return seen;
    };
    expect(await answers(ghost)).toEqual(await answers(username));
  });

  it('a successful sign-in clears the username count', async () => {
    const { username } = await createAccount(app.db, city, 'VENDOR');
    for (let i = 0; i < USERNAME_MAX_FAILURES - 1; i++) await signIn(username, 'wrong-password');
    expect(code(await signIn(username, PASSWORD))).toBe('OK');
    for (let i = 0; i < USERNAME_MAX_FAILURES - 1; i++) await signIn(username, 'wrong-password');
    expect(code(await signIn(username, PASSWORD))).toBe('OK');
  });

  it('another username from the same address still signs in', async () => {
    const victim = await createAccount(app.db, city, 'VENDOR');
    const other = await createAccount(app.db, city, 'VENDOR');
    for (let i = 0; i <= USERNAME_MAX_FAILURES; i++) await signIn(victim.username, 'wrong-password');
    expect(code(await signIn(victim.username, PASSWORD))).toBe('TOO_MANY_REQUESTS');
    expect(code(await signIn(other.username, PASSWORD))).toBe('OK');
  });

  it('parallel guesses cannot slip past the limit: at most the allowed number are checked', async () => {
    const { username } = await createAccount(app.db, city, 'VENDOR');
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => signIn(username, `guess-${i}`)));
    expect(answers.filter((r) => code(r) === 'UNAUTHENTICATED')).toHaveLength(USERNAME_MAX_FAILURES);
    expect(answers.filter((r) => code(r) === 'TOO_MANY_REQUESTS')).toHaveLength(16 - USERNAME_MAX_FAILURES);
  });
});

describe('per client address', () => {
  it(`through GraphQL: ${ADDRESS_MAX_FAILURES} failures from one address across usernames lock that address only`, async () => {
    advance(FAILURE_WINDOW_SECONDS + LOCK_SECONDS);
    const { username } = await createAccount(app.db, city, 'VENDOR');
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) {
      expect(code(await signIn(`spray-${Math.floor(i / USERNAME_MAX_FAILURES)}`, 'guess', '198.51.100.23'))).toBe('UNAUTHENTICATED');
    }
    const locked = await signIn(username, PASSWORD, '198.51.100.23');
    expect(locked.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: LOCK_SECONDS });
    expect(code(await signIn(username, PASSWORD, '198.51.100.24'))).toBe('OK');
  });

  it(`locks an address after ${ADDRESS_MAX_FAILURES} failures across usernames; other addresses are unaffected`, async () => {
    const limiter = new LoginLimiter(app.db.prisma, () => clock);
    // Six names, five failures each: no username is locked, the address reaches its limit.
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) await limiter.begin(`sprayed-${Math.floor(i / USERNAME_MAX_FAILURES)}`, '203.0.113.7');
    await expect(limiter.begin('fresh-name', '203.0.113.7')).rejects.toMatchObject({
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: LOCK_SECONDS },
    });
    // The refused attempt was not charged to the username: it can still be tried from elsewhere.
    const row = await app.db.prisma.loginThrottle.findUnique({ where: { key: 'u:fresh-name' } });
    expect(row?.failures ?? 0).toBe(0);
    await expect(limiter.begin('fresh-name', '198.51.100.1')).resolves.toBeTruthy();
    advance(LOCK_SECONDS + 1);
    await expect(limiter.begin('fresh-name', '203.0.113.7')).resolves.toBeTruthy();
  });

  it('gives a succeeded attempt back to the address, so an office behind one address is not locked by its own sign-ins', async () => {
    const limiter = new LoginLimiter(app.db.prisma, () => clock);
    for (let i = 0; i < ADDRESS_MAX_FAILURES + 5; i++) await limiter.succeeded(await limiter.begin(`clerk-${i}`, '192.0.2.10'));
    await expect(limiter.begin('clerk-x', '192.0.2.10')).resolves.toBeTruthy();
  });

  it('counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('2001:0db8:0001:0002::')).toBe('ip:2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(addressKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
  });

  it('forgets rows whose window has passed', async () => {
    const limiter = new LoginLimiter(app.db.prisma, () => clock);
    await limiter.begin('short-lived', '192.0.2.99');
    advance(FAILURE_WINDOW_SECONDS + 1);
    await limiter.begin('someone-else', '192.0.2.98');
    expect(await app.db.prisma.loginThrottle.findUnique({ where: { key: 'u:short-lived' } })).toBeNull();
  });
});
