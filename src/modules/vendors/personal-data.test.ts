// Personal data never in logs or public output: plant one phone and one identity number, run every
// vendor operation with them — the successes, the refusals, a failing SMS gateway that quotes the
// number — then look for the clear values in every log line, the whole audit trail, every error, every
// answer given to anyone but the vendor and admins, and the tables that must hold them only encrypted.
import { createAccount, createCity, type TestCity } from '../../../test/helpers/factories';
import type { GqlResult } from '../../../test/helpers/app';
import {
  LOGIN_WITH_CODE, PROFILE_FIELDS, REQUEST_CODE, codeFromLogs, codeOf, randomIdNumber, randomPhone, startClockedApp, type ClockedApp,
} from '../../../test/helpers/vendors';
import { CODE_LOCK_SECONDS, RESEND_SECONDS } from './login-codes';
import { setSmsSender } from './sms';

let app: ClockedApp;
let city: TestCity;
const PHONE = randomPhone();
const ID = randomIdNumber();
const SPELLINGS = [PHONE, ID, ID.toLowerCase()];

/** Answers to callers who must never see the clear values (everyone but the vendor and admins). */
const restricted: (GqlResult & { body: string })[] = [];
/** Every answer: their errors must never hold the values, whoever asked. */
const all: (GqlResult & { body: string })[] = [];

async function call(query: string, variables: Record<string, unknown>, token: string | null, mayHoldPii = false) {
  const res = await app.gql(query, variables, token);
  all.push(res);
  if (!mayHoldPii) restricted.push(res);
  return res;
}

beforeAll(async () => {
  app = await startClockedApp();
  city = await createCity(app.db);
});
afterAll(async () => {
  setSmsSender(null);
  await app.close();
});

it('keeps the phone and identity number out of logs, the audit trail, errors and restricted answers', async () => {
  const admin = await app.tokenFor(await createAccount(app.db, city, 'ADMIN'));
  const officer = await app.tokenFor(await createAccount(app.db, city, 'OFFICER', { districts: [city.west] }));
  const assistant = await app.tokenFor(await createAccount(app.db, city, 'ASSISTANT', { districts: [city.west] }));
  const otherVendor = await app.tokenFor(await createAccount(app.db, city, 'VENDOR'));
  const spaced = `+86 ${PHONE.slice(0, 3)} ${PHONE.slice(3, 7)} ${PHONE.slice(7)}`;
  const wrongCheck = `${ID.slice(0, 17)}${ID[17] === '1' ? '2' : '1'}`;

  // Sign-in by code: unknown city, bad phone, the code, too soon, five wrong codes, the lock, then in.
  await call(REQUEST_CODE, { c: 'NOWHERE', p: PHONE }, null);
  await call(REQUEST_CODE, { c: city.code, p: PHONE.slice(0, 10) }, null);
  await call(REQUEST_CODE, { c: city.code, p: spaced }, null);
  await call(REQUEST_CODE, { c: city.code, p: PHONE }, null);
  const code = codeFromLogs(app.logs, PHONE);
  for (let i = 0; i < 6; i++) await call(LOGIN_WITH_CODE, { c: city.code, p: PHONE, code: String((Number(code) + 1 + i) % 1e6).padStart(6, '0') }, null);
  await call(LOGIN_WITH_CODE, { c: city.code, p: PHONE, code }, null);
  app.advance(CODE_LOCK_SECONDS + RESEND_SECONDS);
  await call(REQUEST_CODE, { c: city.code, p: PHONE }, null);
  const login = await call(LOGIN_WITH_CODE, { c: city.code, p: PHONE, code: codeFromLogs(app.logs, PHONE) }, null);
  const vendor = (login.data as { loginWithCode: { token: string; account: { id: string } } }).loginWithCode;
  const vendorId = vendor.account.id;

  // The vendor's own edits, with refusals; then staff registering the same person again.
  const UPDATE = `mutation($i: UpdateVendorProfileInput!) { updateMyVendorProfile(input: $i) { ${PROFILE_FIELDS} } }`;
  await call(UPDATE, { i: { idNumber: wrongCheck } }, vendor.token);
  await call(UPDATE, { i: { idNumber: ID, name: '钱七' } }, vendor.token, true);
  await call(`{ myVendorProfile { ${PROFILE_FIELDS} } }`, {}, vendor.token, true);
  const REGISTER = `mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { ${PROFILE_FIELDS} } }`;
  await call(REGISTER, { i: { name: '重复', phone: PHONE } }, officer);
  await call(REGISTER, { i: { name: '重复', phone: randomPhone(), idNumber: ID } }, officer);
  await call(REGISTER, { i: { name: '坏', phone: `${PHONE}9` } }, officer);
  await call(REGISTER, { i: { name: '坏', phone: randomPhone(), idNumber: wrongCheck } }, admin);
  await call(REGISTER, { i: { name: '越权', phone: PHONE, idNumber: ID } }, assistant);

  // Reading: each role, each way in.
  const VENDOR = `query($id: ID!) { vendor(accountId: $id) { ${PROFILE_FIELDS} } }`;
  const VENDORS = `query($p: String, $i: String) { vendors(phone: $p, idNumber: $i) { totalCount edges { node { ${PROFILE_FIELDS} } } } }`;
  await call(VENDOR, { id: vendorId }, admin, true);
  await call(VENDORS, { p: PHONE }, admin, true);
  for (const token of [officer, assistant, otherVendor, null]) {
    await call(VENDOR, { id: vendorId }, token);
    await call(VENDORS, { p: PHONE }, token);
    await call(VENDORS, { i: ID }, token);
    await call(`{ myVendorProfile { ${PROFILE_FIELDS} } }`, {}, token);
  }
  await call(VENDORS, { p: spaced }, officer);
  const VERIFY = `mutation($id: ID!) { verifyVendorPriority(accountId: $id, category: DISABLED, evidenceRef: "残疾证 1") { ${PROFILE_FIELDS} } }`;
  await call(VERIFY, { id: vendorId }, officer);
  await call(VERIFY, { id: vendorId }, assistant);
  await call(`mutation($id: ID!) { removeVendorPriority(accountId: $id, category: DISABLED) { ${PROFILE_FIELDS} } }`, { id: vendorId }, officer);

  // A gateway that fails quoting the number: the client gets the masked server error, the log no number.
  setSmsSender({ async send(phone) { throw new Error(`gateway refused +86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)} and ${phone}`); } });
  app.advance(RESEND_SECONDS);
  const failed = await call(REQUEST_CODE, { c: city.code, p: PHONE }, null);
  setSmsSender(null);
  expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
  expect(app.logs.some((l) => l.includes('gateway refused'))).toBe(true);

  // The vendor and admins did see the values (the test exercised real output), nobody else did.
  expect(all.filter((r) => SPELLINGS.some((s) => r.body.includes(s))).length).toBeGreaterThanOrEqual(3);
  const found = (text: string) => SPELLINGS.filter((s) => text.includes(s));
  expect(restricted.length).toBeGreaterThan(25);
  expect(restricted.flatMap((r) => found(r.body))).toEqual([]);
  expect(all.flatMap((r) => found(JSON.stringify(r.errors ?? [])))).toEqual([]);
  expect(all.filter((r) => r.errors).length).toBeGreaterThan(20);
  expect(found(app.logs.join('\n'))).toEqual([]);
  const audit = await app.db.prisma.auditLog.findMany();
  expect(audit.length).toBeGreaterThan(3);
  expect(found(JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))).toEqual([]);
  const stored = await Promise.all([
    app.db.prisma.vendorProfile.findMany(), app.db.prisma.loginCode.findMany(), app.db.prisma.account.findMany(), app.db.prisma.vendorPriority.findMany(),
  ]);
  expect(found(JSON.stringify(stored))).toEqual([]);
});
