// Vendor profiles through GraphQL: registration by officers, what each role sees of the personal data,
// exact look-up through the HMAC, the vendor's own edits, verified priorities, and refusals that
// change nothing.
import type { Account } from '@prisma/client';
import { WEST, createAccount, createCity, square, type TestCity } from '../../../test/helpers/factories';
import {
  PROFILE_FIELDS, codeOf, masked, randomIdNumber, randomPhone, reasonOf, startClockedApp, vendorTables, type ClockedApp,
} from '../../../test/helpers/vendors';
import type { Viewer } from '../../graphql/context';
import { fieldContext, piiFor } from './pii';
import { phoneFor } from './vendors.read';

let app: ClockedApp;
let city: TestCity;
let admin: string;
let officer: string;
let assistant: string;
let manager: string;
let officerAccount: Account;

const REGISTER = `mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { ${PROFILE_FIELDS} } }`;
const VENDOR = `query($id: ID!) { vendor(accountId: $id) { ${PROFILE_FIELDS} } }`;
const VENDORS = `query($name: String, $id: String, $phone: String, $first: Int, $after: String) {
  vendors(name: $name, idNumber: $id, phone: $phone, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { accountId name phone idNumber } } } }`;
const UPDATE = `mutation($i: UpdateVendorProfileInput!) { updateMyVendorProfile(input: $i) { ${PROFILE_FIELDS} } }`;
const VERIFY = `mutation($id: ID!, $c: PriorityCategory!, $e: String!) { verifyVendorPriority(accountId: $id, category: $c, evidenceRef: $e) { ${PROFILE_FIELDS} } }`;
const REMOVE = `mutation($id: ID!, $c: PriorityCategory!) { removeVendorPriority(accountId: $id, category: $c) { ${PROFILE_FIELDS} } }`;

type Profile = { accountId: string; name: string; phone: string; idNumber: string | null; priorityTier: number; businessTypes: string[] };

async function register(token: string, input: Record<string, unknown>) {
  return app.gql<{ registerVendor: Profile }>(REGISTER, { i: input }, token);
}

beforeAll(async () => {
  app = await startClockedApp();
  city = await createCity(app.db);
  officerAccount = await createAccount(app.db, city, 'OFFICER', { districts: [city.west] });
  admin = await app.tokenFor(await createAccount(app.db, city, 'ADMIN'));
  officer = await app.tokenFor(officerAccount);
  assistant = await app.tokenFor(await createAccount(app.db, city, 'ASSISTANT', { districts: [city.west] }));
  const zone = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "自治夜市", kind: NIGHT_MARKET, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 100) }, admin);
  manager = await app.tokenFor(await createAccount(app.db, city, 'ZONE_MANAGER', { zoneId: zone.data!.createZone.id }));
});
afterAll(async () => { await app.close(); });

describe('registerVendor', () => {
  it('creates a VENDOR account and a profile with the personal data encrypted, audited masked', async () => {
    const phone = randomPhone();
    const idNumber = randomIdNumber();
    const res = await register(officer, { name: '王秀英', phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`, idNumber, businessTypes: ['food.snacks'] });
    expect(codeOf(res)).toBe('OK');
    const v = res.data!.registerVendor;
    expect(v).toMatchObject({ name: '王秀英', phone: masked(phone), idNumber: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`, priorityTier: 9 });
    const account = await app.db.prisma.account.findFirstOrThrow({ where: { cityId: city.cityId, id: v.accountId } });
    expect(account.role).toBe('VENDOR');
    expect(account.username).toMatch(/^v[0-9a-f]{16}$/);
    const row = await app.db.prisma.vendorProfile.findFirstOrThrow({ where: { cityId: city.cityId, accountId: v.accountId } });
    expect(JSON.stringify(row)).not.toContain(phone);
    expect(JSON.stringify(row)).not.toContain(idNumber);
    const pii = await piiFor(app.db);
    expect(pii.decrypt(row.phoneEnc, fieldContext(city.cityId, v.accountId, 'phone'))).toBe(phone);
    expect(pii.decrypt(row.idNumberEnc!, fieldContext(city.cityId, v.accountId, 'idNumber'))).toBe(idNumber);
    const audit = await app.db.prisma.auditLog.findFirstOrThrow({ where: { operation: 'registerVendor', entityId: v.accountId } });
    expect(audit.username).toBe(officerAccount.username);
    expect(audit.after).toMatchObject({ phoneMasked: masked(phone), name: '王秀英' });
    const trail = JSON.stringify([audit.before, audit.after]);
    expect(trail).not.toContain(phone);
    expect(trail).not.toContain(idNumber);
  });

  it('refuses a taken phone or identity number, bad input, and other roles, changing nothing', async () => {
    const phone = randomPhone();
    const idNumber = randomIdNumber();
    expect(codeOf(await register(admin, { name: '李四', phone, idNumber }))).toBe('OK');
    const before = await vendorTables(app.db);
    const refusals: [string | null, Record<string, unknown>, string, string | undefined][] = [
      [officer, { name: '李四二', phone }, 'CONFLICT', 'PHONE_TAKEN'],
      [officer, { name: '李四三', phone: randomPhone(), idNumber }, 'CONFLICT', 'ID_NUMBER_TAKEN'],
      [officer, { name: '坏号码', phone: '12345678901' }, 'BAD_USER_INPUT', 'INVALID_PHONE'],
      [officer, { name: '坏证件', phone: randomPhone(), idNumber: `${idNumber.slice(0, 17)}${idNumber[17] === '1' ? '2' : '1'}` }, 'BAD_USER_INPUT', 'INVALID_ID_NUMBER'],
      [officer, { name: '  ', phone: randomPhone() }, 'BAD_USER_INPUT', 'BLANK_NAME'],
      [officer, { name: '业态', phone: randomPhone(), businessTypes: ['NO_SUCH_TYPE'] }, 'BAD_USER_INPUT', 'UNKNOWN_BUSINESS_TYPE'],
      [assistant, { name: '协管', phone: randomPhone() }, 'FORBIDDEN', undefined],
      [manager, { name: '负责人', phone: randomPhone() }, 'FORBIDDEN', undefined],
      [null, { name: '匿名', phone: randomPhone() }, 'UNAUTHENTICATED', undefined],
    ];
    for (const [token, input, code, reason] of refusals) {
      const res = await app.gql(REGISTER, { i: input }, token);
      expect([input.name, codeOf(res), reasonOf(res)]).toEqual([input.name, code, reason]);
    }
    expect(await vendorTables(app.db)).toEqual(before);
  });
});

describe('what each viewer sees', () => {
  let v: Profile;
  let phone: string;
  let idNumber: string;
  let vendorToken: string;
  beforeAll(async () => {
    phone = randomPhone();
    idNumber = randomIdNumber();
    v = (await register(officer, { name: '张三丰', phone, idNumber })).data!.registerVendor;
    vendorToken = await app.tokenFor(await app.db.prisma.account.findFirstOrThrow({ where: { cityId: city.cityId, id: v.accountId } }));
  });

  it('the vendor themself and admins in full; officers and assistants masked; others nothing', async () => {
    const mine = await app.gql<{ myVendorProfile: Profile }>(`{ myVendorProfile { ${PROFILE_FIELDS} } }`, {}, vendorToken);
    expect(mine.data!.myVendorProfile).toMatchObject({ phone, idNumber, name: '张三丰' });
    expect((await app.gql<{ vendor: Profile }>(VENDOR, { id: v.accountId }, admin)).data!.vendor).toMatchObject({ phone, idNumber });
    for (const token of [officer, assistant]) {
      const seen = (await app.gql<{ vendor: Profile }>(VENDOR, { id: v.accountId }, token)).data!.vendor;
      expect(seen).toMatchObject({ phone: masked(phone), idNumber: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}` });
    }
    for (const [token, code] of [[manager, 'FORBIDDEN'], [vendorToken, 'FORBIDDEN'], [null, 'UNAUTHENTICATED']] as const) {
      const res = await app.gql(VENDOR, { id: v.accountId }, token);
      expect(codeOf(res)).toBe(code);
      expect(res.body).not.toContain(phone.slice(-4) + '"');
    }
    expect(codeOf(await app.gql(`{ myVendorProfile { phone } }`))).toBe('UNAUTHENTICATED');
    expect((await app.gql(`{ myVendorProfile { phone } }`, {}, officer)).data).toEqual({ myVendorProfile: null });
  });

  it('a zone manager reaching a vendor (through an application) sees it masked', async () => {
    const row = (await app.db.prisma.vendorProfile.findFirstOrThrow({ where: { cityId: city.cityId, accountId: v.accountId } }));
    const asRole = (role: Viewer['role'], accountId = 'someone-else'): Viewer =>
      ({ accountId, cityId: city.cityId, username: 'x', role, districtIds: [], zoneId: null, via: 'session' });
    const vendorRow = { ...row, priorities: [] };
    expect(await phoneFor(app.db, asRole('ZONE_MANAGER'), vendorRow)).toBe(masked(phone));
    expect(await phoneFor(app.db, asRole('OFFICER'), vendorRow)).toBe(masked(phone));
    expect(await phoneFor(app.db, null, vendorRow)).toBe(masked(phone));
    expect(await phoneFor(app.db, { ...asRole('ADMIN'), cityId: 'another-city' }, vendorRow)).toBe(masked(phone));
    expect(await phoneFor(app.db, asRole('VENDOR', v.accountId), vendorRow)).toBe(phone);
  });

  it('finds a vendor by exact identity number or phone (admins, officers), by name (staff)', async () => {
    for (const token of [admin, officer]) {
      const byId = await app.gql<{ vendors: { totalCount: number; edges: { node: Profile }[] } }>(VENDORS, { id: idNumber.toLowerCase() }, token);
      expect(byId.data!.vendors.totalCount).toBe(1);
      expect(byId.data!.vendors.edges[0].node.accountId).toBe(v.accountId);
      const byPhone = await app.gql<{ vendors: { totalCount: number } }>(VENDORS, { phone: `${phone.slice(0, 3)}-${phone.slice(3)}` }, token);
      expect(byPhone.data!.vendors.totalCount).toBe(1);
    }
    expect((await app.gql<{ vendors: { totalCount: number } }>(VENDORS, { id: randomIdNumber() }, admin)).data!.vendors.totalCount).toBe(0);
    const byName = await app.gql<{ vendors: { totalCount: number; edges: { node: Profile }[] } }>(VENDORS, { name: '三丰' }, assistant);
    expect(byName.data!.vendors.edges.map((e) => e.node)).toEqual([expect.objectContaining({ accountId: v.accountId, phone: masked(phone) })]);
    expect((await app.gql<{ vendors: { totalCount: number } }>(VENDORS, { name: '%' }, assistant)).data!.vendors.totalCount).toBe(0);
    for (const args of [{ id: idNumber }, { phone }]) expect(codeOf(await app.gql(VENDORS, args, assistant))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(VENDORS, {}, manager))).toBe('FORBIDDEN');
    expect(reasonOf(await app.gql(VENDORS, { phone: '123' }, admin))).toBe('INVALID_PHONE');
  });

  it('pages newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    type Page = { vendors: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Profile }[] } };
    for (let i = 0; i < 20; i++) {
      const page: Page = (await app.gql<Page>(VENDORS, { first: 2, after }, officer)).data!;
      seen.push(...page.vendors.edges.map((e) => e.node.accountId));
      if (!page.vendors.pageInfo.hasNextPage) break;
      after = page.vendors.pageInfo.endCursor;
    }
    const all = await app.db.prisma.vendorProfile.findMany({ where: { cityId: city.cityId }, orderBy: [{ createdAt: 'desc' }, { accountId: 'desc' }] });
    expect(seen).toEqual(all.map((r) => r.accountId));
    expect(codeOf(await app.gql(VENDORS, { after: 'bm90LWEtY3Vyc29y' }, officer))).toBe('BAD_USER_INPUT');
  });

  it('the vendor edits their profile; a taken identity number or nothing to change is refused unchanged', async () => {
    const other = randomIdNumber();
    expect(codeOf(await register(officer, { name: '赵六', phone: randomPhone(), idNumber: other }))).toBe('OK');
    const newId = randomIdNumber();
    const res = await app.gql<{ updateMyVendorProfile: Profile }>(UPDATE, { i: { name: '张三', idNumber: newId, businessTypes: ['food.snacks'] } }, vendorToken);
    expect(res.data!.updateMyVendorProfile).toMatchObject({ name: '张三', idNumber: newId, phone, businessTypes: ['food.snacks'] });
    idNumber = newId;
    const before = await vendorTables(app.db);
    for (const [token, input, code] of [
      [vendorToken, { idNumber: other }, 'CONFLICT'], [vendorToken, {}, 'BAD_USER_INPUT'], [vendorToken, { idNumber: '123' }, 'BAD_USER_INPUT'],
      [vendorToken, { businessTypes: ['NOPE'] }, 'BAD_USER_INPUT'], [officer, { name: '官' }, 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await app.gql(UPDATE, { i: input }, token))).toBe(code);
    }
    expect(await vendorTables(app.db)).toEqual(before);
  });

  it('officers verify and remove priority categories; others may not; the tier follows', async () => {
    const res = await app.gql<{ verifyVendorPriority: Profile & { priorities: { verifiedBy: string; evidenceRef: string }[] } }>(
      VERIFY, { id: v.accountId, c: 'VETERAN', e: '退役证 No. 12' }, officer);
    expect(res.data!.verifyVendorPriority.priorityTier).toBe(1);
    expect(res.data!.verifyVendorPriority.priorities).toEqual([expect.objectContaining({ verifiedBy: officerAccount.username, evidenceRef: '退役证 No. 12' })]);
    const low = await app.gql<{ verifyVendorPriority: Profile }>(VERIFY, { id: v.accountId, c: 'LOW_INCOME', e: '低保证 A-1' }, admin);
    expect(low.data!.verifyVendorPriority.priorityTier).toBe(0);
    const before = await vendorTables(app.db);
    for (const [q, vars, token, code] of [
      [VERIFY, { id: v.accountId, c: 'DISABLED', e: 'x' }, assistant, 'FORBIDDEN'],
      [VERIFY, { id: v.accountId, c: 'DISABLED', e: 'x' }, vendorToken, 'FORBIDDEN'],
      [VERIFY, { id: v.accountId, c: 'DISABLED', e: '   ' }, officer, 'BAD_USER_INPUT'],
      [VERIFY, { id: v.accountId, c: 'DISABLED', e: `残疾人证 ${idNumber}42` }, officer, 'BAD_USER_INPUT'],
      [VERIFY, { id: v.accountId, c: 'DISABLED', e: `电话 ${phone.slice(0, 3)}-${phone.slice(3)}` }, officer, 'BAD_USER_INPUT'],
      [VERIFY, { id: '00000000-0000-0000-0000-000000000000', c: 'DISABLED', e: 'x' }, officer, 'NOT_FOUND'],
      [REMOVE, { id: v.accountId, c: 'ELDERLY' }, officer, 'NOT_FOUND'],
      [REMOVE, { id: v.accountId, c: 'VETERAN' }, manager, 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await app.gql(q, vars, token))).toBe(code);
    }
    expect(await vendorTables(app.db)).toEqual(before);
    const removed = await app.gql<{ removeVendorPriority: Profile }>(REMOVE, { id: v.accountId, c: 'LOW_INCOME' }, officer);
    expect(removed.data!.removeVendorPriority.priorityTier).toBe(1);
    const audits = await app.db.prisma.auditLog.findMany({ where: { entityId: v.accountId }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.operation)).toEqual(['registerVendor', 'updateMyVendorProfile', 'verifyVendorPriority', 'verifyVendorPriority', 'removeVendorPriority']);
  });
});
