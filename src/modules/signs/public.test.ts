// What anyone may ask without signing in: the compliance check (creates nothing; the location picks the
// guide — an area that holds it, or the nearest line section within its reach; far from every guide it
// is refused naming the streets nearby), the guides, and the register with its GeoJSON and CSV exports,
// which never show a phone number, a contact's name or an address (a planted number is searched for).
import Fastify from 'fastify';
import gcoord from 'gcoord';
import { startTestApp, type TestApp } from '../../../test/helpers/app';
import { FAR, IN_AREA, NEAR_LINE, shopInput, signTables, signWorld, type SignWorld } from '../../../test/helpers/signs';
import { registerSignRegisterRoutes, csvField } from './register.routes';

let app: TestApp;
let world: SignWorld;
const CHECK = `query($p: GeoJSON!, $crs: Crs, $s: [SignSpecInput!]!) {
  signComplianceCheck(location: $p, crs: $crs, facade: { widthM: 6.5, heightM: 4 }, signs: $s) {
    compliant distanceM guide { streetName version } results { rule passed message } } }`;
const PHONE = '13987654321';

beforeAll(async () => {
  app = await startTestApp();
  world = await signWorld(app);
});
afterAll(() => app.close());

const check = (point: [number, number], crs = 'WGS84', signs: unknown[] = [{ type: 'FASCIA', widthM: 5.2, heightM: 1 }]) =>
  app.gql<{ signComplianceCheck: { compliant: boolean; distanceM: number; guide: { streetName: string } } }>(CHECK, { p: { type: 'Point', coordinates: point }, crs, s: signs });

describe('guide selection by location', () => {
  it('an area guide holds the point; a line guide reaches 30 m; nothing is written', async () => {
    const before = await signTables(app.db);
    const inArea = await check(IN_AREA);
    expect(inArea.data!.signComplianceCheck).toMatchObject({ compliant: true, distanceM: 0, guide: { streetName: '测试特色街' } });
    const nearLine = await check(NEAR_LINE);
    expect(nearLine.data!.signComplianceCheck.guide.streetName).toBe('测试大道');
    expect(nearLine.data!.signComplianceCheck.distanceM).toBeCloseTo(10, 0);
    expect(await signTables(app.db)).toEqual(before);
  });

  it('a GCJ-02 location is converted before the guide is chosen', async () => {
    const gcj = await check(gcoord.transform(IN_AREA, gcoord.WGS84, gcoord.GCJ02) as [number, number], 'GCJ02');
    expect((await check([IN_AREA[0], IN_AREA[1] + 0.0009], 'GCJ02')).errors?.[0].extensions.reason).toBe('NO_GUIDE_HERE');
    expect(gcj.data?.signComplianceCheck.guide.streetName).toBe('测试特色街');
  });

  it('beyond a line section\'s reach, or far from every guide: refused, naming the streets nearby', async () => {
    const beyond = await check([118.365, 35.0306]); // ~67 m from the line, which reaches 30 m
    expect(beyond.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_GUIDE_HERE', nearbyStreets: [{ streetName: '测试大道', distanceM: 67 }] });
    expect(beyond.errors?.[0].message).toContain('测试大道（67 米）');
    const far = await check(FAR);
    expect(far.errors?.[0].extensions).toMatchObject({ reason: 'NO_GUIDE_HERE', nearbyStreets: [] });
    const outside = await check([100, 30]);
    expect(outside.errors?.[0].extensions).toMatchObject({ reason: 'OUTSIDE_CITY' });
  });

  it('a newer version applies from its date; one in the future does not yet', async () => {
    const admin = world.tokens.get('admin');
    const next = (effectiveFrom: string, share: number) => app.gql('mutation($i: SignGuideInput!) { setSignGuide(input: $i) { version } }', { i: {
      streetName: '测试大道', effectiveFrom, geometry: { type: 'LineString', coordinates: [[118.36, 35.03], [118.37, 35.03]] },
      rules: [{ signType: 'FASCIA', allowed: true, maxWidthShare: share }] } }, admin);
    expect((await next('2021-01-01', 0.5)).data).toEqual({ setSignGuide: { version: 2 } });
    await next('2999-01-01', 1);
    const r = await check(NEAR_LINE);
    expect(r.data!.signComplianceCheck).toMatchObject({ compliant: false, guide: { streetName: '测试大道', version: 2 } });
  });
});

it('the register and its exports show permits without any personal data', async () => {
  const vendor = world.tokens.get('vendor');
  const officer = world.tokens.get('officerHere');
  const step = (q: string, vars: Record<string, unknown>, token: string | null | undefined) => app.gql<Record<string, { id: string }>>(q, vars, token);
  const created = await step('mutation($i: SignApplicationInput!) { createSignApplication(input: $i) { id } }',
    { i: shopInput(IN_AREA, { shopName: '公开小店', contactName: '秘密联系人', contactPhone: PHONE, address: '隐藏路 99 号' }) }, vendor);
  const id = created.data!.createSignApplication.id;
  await step('mutation($id: ID!) { submitSignApplication(id: $id) { id } }', { id }, vendor);
  await step('mutation($id: ID!) { startSignReview(id: $id) { id } }', { id }, officer);
  const approved = await step('mutation($id: ID!) { approveSignApplication(id: $id) { id } }', { id }, officer);
  expect(approved.errors).toBeUndefined();

  const gql = await app.gql(`query($c: String!) { signRegister(city: $c) { permitNumber shopName streetName location validFrom validUntil status
    signs { type widthM heightM areaM2 lighting } } signGuides(city: $c) { streetName rules { signType } } }`, { c: world.city.code });
  const server = Fastify();
  await registerSignRegisterRoutes(server, { db: app.db });
  const geojson = await server.inject({ url: `/signs/${world.city.code}/register.geojson` });
  const csv = await server.inject({ url: `/signs/${world.city.code}/register.csv` });
  expect(geojson.statusCode).toBe(200);
  expect(JSON.parse(geojson.body)).toMatchObject({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point' }, properties: { shopName: '公开小店' } }] });
  expect(csv.headers['content-type']).toContain('text/csv');
  expect(csv.body.split('\r\n')[1]).toContain('公开小店,测试特色街');
  for (const out of [JSON.stringify(gql), geojson.body, csv.body, JSON.stringify(await check(IN_AREA))]) {
    expect(out).toMatch(/公开小店|测试特色街/);
    for (const secret of [PHONE, PHONE.slice(-4) + '"', '秘密联系人', '隐藏路']) expect(out).not.toContain(secret);
  }
  const nope = await server.inject({ url: '/signs/nope/register.csv' });
  expect(nope.statusCode).toBe(404);
  expect(nope.json()).toEqual({ error: 'NOT_FOUND', message: '未找到该城市 / no such city', requestId: expect.any(String) });
  await server.close();

  // Staff see the contact (masked phone for officers, whole for admins); the audit trail never holds it.
  const read = (token: string | null | undefined) => app.gql<{ signApplication: { contactPhone: string } }>('query($id: ID!) { signApplication(id: $id) { contactPhone } }', { id }, token);
  expect((await read(officer)).data!.signApplication.contactPhone).toBe('139****4321');
  expect((await read(world.tokens.get('admin'))).data!.signApplication.contactPhone).toBe(PHONE);
  const audit = JSON.stringify(await app.db.prisma.auditLog.findMany({ where: { entityId: id }, select: { before: true, after: true } }));
  expect(audit).toContain('公开小店');
  expect(audit).not.toContain('秘密联系人');
  expect(audit).not.toContain(PHONE);
});

it('a shop name or address holding a phone number is refused (it would be public)', async () => {
  const r = await app.gql('mutation($i: SignApplicationInput!) { createSignApplication(input: $i) { id } }',
    { i: shopInput(IN_AREA, { shopName: `小店 ${PHONE}` }) }, world.tokens.get('vendor'));
  expect(r.errors?.[0].extensions).toMatchObject({ reason: 'PERSONAL_DATA_IN_PUBLIC_TEXT' });
  expect(r.errors?.[0].message).not.toContain(PHONE);
});

it('writes CSV fields as RFC 4180 wants, and never as a spreadsheet formula', () => {
  expect([csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField('=SUM(A1)'), csvField(-1.5)]).toEqual(
    ['"a,b"', '"say ""hi"""', '"two\nlines"', "'=SUM(A1)", '-1.5']);
});
