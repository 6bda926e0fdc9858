// Phone sign-in through GraphQL, on the service's own clock (moved, never slept on): the code from the
// log sender, single use, expiry, one code a minute, the lock after five wrong codes, the first
// sign-in creating the vendor, the same answers for known and unknown phones, and the limit per address.
import { createAccount, createCity, type TestCity } from '../../../test/helpers/factories';
import {
  LOGIN_WITH_CODE, REQUEST_CODE, codeFromLogs, codeOf, masked, randomPhone, reasonOf, startClockedApp, vendorTables, type ClockedApp,
} from '../../../test/helpers/vendors';
import {
  ADDRESS_CODES_PER_WINDOW, CODE_LOCK_SECONDS, CODE_TTL_SECONDS, FAILURE_WINDOW_SECONDS, MAX_WRONG_CODES, RESEND_SECONDS, requestLoginCode,
} from './login-codes';
import { logSmsSender } from './sms';

let app: ClockedApp;
let city: TestCity;

type Login = { loginWithCode: { token: string; account: { id: string; username: string; role: string } } };
const request = (phone: string, c = city.code) => app.gql<{ requestLoginCode: { expiresAt: string; resendAfterSeconds: number } }>(REQUEST_CODE, { c, p: phone });
const signIn = (phone: string, code: string, c = city.code) => app.gql<Login>(LOGIN_WITH_CODE, { c, p: phone, code });
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

beforeAll(async () => {
  app = await startClockedApp();
  city = await createCity(app.db);
});
afterAll(async () => { await app.close(); });
// A fresh minute for each test: the one-a-minute limit is per phone, and phones are new per test anyway.
beforeEach(() => app.advance(RESEND_SECONDS));

it('sends a code (to the log, phone masked), signs in with it once, and creates the vendor at the first sign-in', async () => {
  const phone = randomPhone();
  const sent = await request(phone);
  expect(sent.data!.requestLoginCode).toEqual({ expiresAt: new Date(app.now().getTime() + CODE_TTL_SECONDS * 1000).toISOString(), resendAfterSeconds: 60 });
  const code = codeFromLogs(app.logs, phone);
  expect(app.logs.join('')).toContain(`SMS for ${masked(phone)}`);
  const stored = await app.db.prisma.loginCode.findMany({ where: { cityId: city.cityId } });
  expect(JSON.stringify(stored)).not.toContain(code);
  expect(JSON.stringify(stored)).not.toContain(phone);

  const accountsBefore = await app.db.prisma.account.count();
  const res = await signIn(phone, code);
  expect(codeOf(res)).toBe('OK');
  expect(res.data!.loginWithCode.account.role).toBe('VENDOR');
  expect(await app.db.prisma.account.count()).toBe(accountsBefore + 1);
  const me = await app.gql<{ myVendorProfile: { name: string; phone: string } }>('{ myVendorProfile { name phone } }', {}, res.data!.loginWithCode.token);
  expect(me.data!.myVendorProfile).toEqual({ name: `摊主${phone.slice(-4)}`, phone });
  const audit = await app.db.prisma.auditLog.findFirstOrThrow({ where: { operation: 'signUpWithCode', entityId: res.data!.loginWithCode.account.id } });
  expect(audit).toMatchObject({ role: 'VENDOR', accountId: res.data!.loginWithCode.account.id });

  const again = await signIn(phone, code);
  expect([codeOf(again), reasonOf(again)]).toEqual(['UNAUTHENTICATED', 'WRONG_CODE']);

  // The next sign-in of the same phone is the same account, not a new one.
  app.advance(RESEND_SECONDS);
  await request(phone);
  const second = await signIn(phone, codeFromLogs(app.logs, phone));
  expect(second.data!.loginWithCode.account.id).toBe(res.data!.loginWithCode.account.id);
  expect(await app.db.prisma.account.count()).toBe(accountsBefore + 1);
});

it('a phone registered by an officer signs in to its account', async () => {
  const phone = randomPhone();
  const officer = await app.tokenFor(await createAccount(app.db, city, 'OFFICER', { districts: [city.west] }));
  const reg = await app.gql<{ registerVendor: { accountId: string } }>(
    'mutation($p: String!) { registerVendor(input: { name: "刘大姐", phone: $p }) { accountId } }', { p: phone }, officer);
  await request(phone);
  const res = await signIn(phone, codeFromLogs(app.logs, phone));
  expect(res.data!.loginWithCode.account.id).toBe(reg.data!.registerVendor.accountId);
});

it('a code expires after 5 minutes', async () => {
  const phone = randomPhone();
  await request(phone);
  const code = codeFromLogs(app.logs, phone);
  app.advance(CODE_TTL_SECONDS);
  expect(reasonOf(await signIn(phone, code))).toBe('WRONG_CODE');
  app.advance(RESEND_SECONDS);
  await request(phone);
  app.advance(CODE_TTL_SECONDS - 1);
  expect(codeOf(await signIn(phone, codeFromLogs(app.logs, phone)))).toBe('OK');
});

it('sends at most one code a minute per phone', async () => {
  const phone = randomPhone();
  expect(codeOf(await request(phone))).toBe('OK');
  app.advance(20);
  const early = await request(phone);
  expect(early.status).toBe(429);
  expect(early.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'CODE_RESEND_TOO_SOON', retryAfterSeconds: 40 });
  expect(codeOf(await request(randomPhone()))).toBe('OK');
  app.advance(40);
  expect(codeOf(await request(phone))).toBe('OK');
});

it(`locks the phone for 15 minutes after ${MAX_WRONG_CODES} wrong codes, even for the right code`, async () => {
  const phone = randomPhone();
  await request(phone);
  const code = codeFromLogs(app.logs, phone);
  for (let i = 0; i < MAX_WRONG_CODES; i++) expect(reasonOf(await signIn(phone, wrong(code)))).toBe('WRONG_CODE');
  const locked = await signIn(phone, code);
  expect(locked.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'CODE_LOCKED', retryAfterSeconds: CODE_LOCK_SECONDS });
  app.advance(RESEND_SECONDS);
  expect(reasonOf(await request(phone))).toBe('CODE_LOCKED');
  app.advance(CODE_LOCK_SECONDS - RESEND_SECONDS - 1);
  expect(reasonOf(await signIn(phone, code))).toBe('CODE_LOCKED');
  app.advance(1);
  // The lock is over and the old code void; a new one works.
  expect(reasonOf(await signIn(phone, code))).toBe('WRONG_CODE');
  expect(codeOf(await request(phone))).toBe('OK');
  expect(codeOf(await signIn(phone, codeFromLogs(app.logs, phone)))).toBe('OK');
});

it('a new code does not buy new guesses', async () => {
  const phone = randomPhone();
  await request(phone);
  const first = codeFromLogs(app.logs, phone);
  for (let i = 0; i < MAX_WRONG_CODES - 1; i++) await signIn(phone, wrong(first));
  app.advance(RESEND_SECONDS);
  await request(phone);
  expect(reasonOf(await signIn(phone, wrong(codeFromLogs(app.logs, phone))))).toBe('WRONG_CODE');
  expect(reasonOf(await signIn(phone, codeFromLogs(app.logs, phone)))).toBe('CODE_LOCKED');
});

it('answers a known and an unknown phone alike', async () => {
  const known = randomPhone();
  await request(known);
  expect(codeOf(await signIn(known, codeFromLogs(app.logs, known)))).toBe('OK');
  app.advance(RESEND_SECONDS);
  const answers = async (phone: string) => {
    const seen: unknown[] = [];
    const r = await request(phone);
    seen.push(r.status, r.data, r.errors);
    const code = codeFromLogs(app.logs, phone);
    for (let i = 0; i <= MAX_WRONG_CODES; i++) {
      const s = await signIn(phone, wrong(code));
      seen.push(s.status, s.errors!.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: null } })));
    }
    const again = await request(phone);
    seen.push(again.status, again.errors!.map((e) => e.message));
    return seen;
  };
  expect(await answers(randomPhone())).toEqual(await answers(known));
});

it('refuses an unknown city, a bad phone, a malformed code and a deactivated account', async () => {
  const phone = randomPhone();
  const before = await vendorTables(app.db);
  expect([codeOf(await request(phone, 'NO-SUCH-CITY')), reasonOf(await request(phone, 'NO-SUCH-CITY'))]).toEqual(['BAD_USER_INPUT', 'UNKNOWN_CITY']);
  expect(reasonOf(await signIn(phone, '123456', 'NO-SUCH-CITY'))).toBe('UNKNOWN_CITY');
  expect(reasonOf(await request('1234'))).toBe('INVALID_PHONE');
  expect(reasonOf(await signIn(phone, '12a456'))).toBe('INVALID_CODE_FORMAT');
  expect(reasonOf(await signIn(phone, '123456'))).toBe('WRONG_CODE');
  expect(await vendorTables(app.db)).toEqual(before);

  await request(phone);
  const first = await signIn(phone, codeFromLogs(app.logs, phone));
  await app.db.prisma.account.update({ where: { cityId_id: { cityId: city.cityId, id: first.data!.loginWithCode.account.id } }, data: { active: false } });
  app.advance(RESEND_SECONDS);
  await request(phone);
  expect(reasonOf(await signIn(phone, codeFromLogs(app.logs, phone)))).toBe('ACCOUNT_INACTIVE');
});

it('uses a code once under concurrency: one of ten parallel sign-ins wins', async () => {
  const phone = randomPhone();
  await request(phone);
  const code = codeFromLogs(app.logs, phone);
  const results = await Promise.all(Array.from({ length: 10 }, () => signIn(phone, code)));
  expect(results.map(codeOf).sort()).toEqual(['OK', ...Array<string>(9).fill('UNAUTHENTICATED')]);
  expect(await app.db.prisma.vendorProfile.count({ where: { cityId: city.cityId, name: `摊主${phone.slice(-4)}` } })).toBe(1);
});

it('limits the codes one client address may ask for, whatever the phones, and not other addresses', async () => {
  app.advance(FAILURE_WINDOW_SECONDS); // a window of its own: the tests above asked from this address too
  const ask = (phone: string, ip: string) => requestLoginCode(app.db, app.now(), logSmsSender({ info: () => undefined }), city.code, phone, ip)
    .then(() => 'OK', (e: { extensions: { code: string; reason?: string } }) => e.extensions.reason ?? e.extensions.code);
  for (let i = 0; i < ADDRESS_CODES_PER_WINDOW; i++) expect(await ask(randomPhone(), '203.0.113.7')).toBe('OK');
  const before = await app.db.prisma.loginCode.count();
  expect(await ask(randomPhone(), '203.0.113.7')).toBe('CODE_ADDRESS_LIMIT');
  expect(await app.db.prisma.loginCode.count()).toBe(before); // no code issued, no text sent
  expect(await ask(randomPhone(), '198.51.100.9')).toBe('OK');
  app.advance(FAILURE_WINDOW_SECONDS + 1);
  expect(await ask(randomPhone(), '203.0.113.7')).toBe('OK');
});
