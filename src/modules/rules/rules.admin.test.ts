// Setting the rules through GraphQL: versions that start on a later day, history never rewritten,
// every bad input a typed error that changes nothing, the holiday calendar editable by admins.
import { DateTime } from 'luxon';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, snapshot, square, week, WEST, type TestCity } from '../../../test/helpers/factories';

let app: TestApp;
let city: TestCity;
let admin: string;
let officerElsewhere: string;
let assistant: string;
let zoneId: string;

const now = DateTime.now().setZone('Asia/Shanghai');
const today = now.toISODate()!;
const tomorrow = now.plus({ days: 1 }).toISODate()!;
const at = (date: string, hm: string) => DateTime.fromISO(`${date}T${hm}`, { zone: 'Asia/Shanghai' }).toISO()!;

const SET = `mutation($id: ID!, $i: ZoneRuleInput!) { setZoneRule(zoneId: $id, input: $i) {
  id effectiveFrom allowedBusinessTypes windows { day start end } holidayPolicy capacity } }`;
const rule = (effectiveFrom: string, start: string, end: string, extra: Record<string, unknown> = {}) =>
  ({ effectiveFrom, windows: week(start, end), holidayPolicy: 'OPEN_AS_USUAL', ...extra });

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  officerElsewhere = await login(app, (await createAccount(app.db, city, 'OFFICER', { districts: [city.east] })).username, PASSWORD);
  assistant = await login(app, (await createAccount(app.db, city, 'ASSISTANT', { districts: [city.west] })).username, PASSWORD);
  const r = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "规则摊点群", kind: STALL_CLUSTER, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 50) }, admin);
  zoneId = r.data!.createZone.id;
});
afterAll(() => app.close());

it('a version that starts tomorrow leaves today to the current one', async () => {
  const a = await app.gql(SET, { id: zoneId, i: rule(today, '08:00', '18:00', { allowedBusinessTypes: ['food'], capacity: 20 }) }, admin);
  expect(a.errors).toBeUndefined();
  const b = await app.gql(SET, { id: zoneId, i: rule(tomorrow, '20:00', '22:00') }, admin);
  expect(b.errors).toBeUndefined();
  const q = `query($id: ID!, $a: DateTime, $b: DateTime, $c: DateTime) { zone(id: $id) {
    todayAt10: isOpen(at: $a) tomorrowAt10: isOpen(at: $b) tomorrowAt21: isOpen(at: $c)
    rules { effectiveFrom allowedBusinessTypes } rule(at: $b) { effectiveFrom }
    nextOpenings(from: $b, count: 2) { from to } weeklySchedule { days { dayName windows } } } }`;
  const r = await app.gql<{ zone: Record<string, unknown> & { rules: { effectiveFrom: string }[]; nextOpenings: { from: string }[] } }>(
    q, { id: zoneId, a: at(today, '10:00'), b: at(tomorrow, '10:00'), c: at(tomorrow, '21:00') }, admin);
  expect(r.data!.zone).toMatchObject({ todayAt10: true, tomorrowAt10: false, tomorrowAt21: true, rule: { effectiveFrom: tomorrow } });
  expect(r.data!.zone.rules.map((x) => x.effectiveFrom)).toEqual([today, tomorrow]);
  expect(r.data!.zone.nextOpenings[0].from).toBe(new Date(at(tomorrow, '20:00')).toISOString());
});

it('a version not yet in force may be replaced; one in force may not', async () => {
  expect((await app.gql(SET, { id: zoneId, i: rule(tomorrow, '19:00', '22:00', { holidayPolicy: 'CLOSED' }) }, admin)).errors).toBeUndefined();
  const versions = await app.db.prisma.zoneRule.count({ where: { zoneId } });
  expect(versions).toBe(2);
  const again = await app.gql(SET, { id: zoneId, i: rule(today, '09:00', '17:00') }, admin);
  expect(again.errors![0].extensions.code).toBe('CONFLICT');
});

describe('bad input is a typed error and changes nothing', () => {
  const yesterday = now.minus({ days: 1 }).toISODate()!;
  it.each([
    ['a date in the past (rewriting history)', rule(yesterday, '08:00', '18:00'), /history/],
    ['overlapping windows', { effectiveFrom: tomorrow, windows: [{ day: 1, start: '17:00', end: '22:00' }, { day: 1, start: '21:00', end: '23:00' }] }, /overlap/],
    ['an overnight window overlapping the next morning', { effectiveFrom: tomorrow, windows: [{ day: 7, start: '22:00', end: '02:00' }, { day: 1, start: '01:00', end: '05:00' }] }, /overlap/],
    ['a zero-length window', { effectiveFrom: tomorrow, windows: [{ day: 2, start: '08:00', end: '08:00' }] }, /zero|length|零/],
    ['a malformed time', { effectiveFrom: tomorrow, windows: [{ day: 2, start: '25:00', end: '26:00' }] }, /HH:mm|time|时间/],
    ['a weekday out of range', { effectiveFrom: tomorrow, windows: [{ day: 8, start: '08:00', end: '09:00' }] }, /day|星期/],
    ['an unknown business type', rule(tomorrow, '08:00', '18:00', { allowedBusinessTypes: ['casino'] }), /casino/],
    ['a season with a bad date', rule(tomorrow, '08:00', '18:00', { season: { from: '02-30', to: '03-01' } }), /season|季/],
  ])('%s', async (_what, input, message) => {
    const before = [await snapshot(app.db), await app.db.prisma.zoneRule.count()];
    const res = await app.gql(SET, { id: zoneId, i: input }, admin);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
    expect([await snapshot(app.db), await app.db.prisma.zoneRule.count()]).toEqual(before);
  });

  it('an unknown business type in the check', async () => {
    const res = await app.gql('query($p: GeoJSON!) { vendingCheck(point: $p, businessType: "casino") { allowed } }', { p: { type: 'Point', coordinates: [WEST.lon, WEST.lat] } });
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

it('only admins and the officers of the district set rules', async () => {
  const before = await app.db.prisma.zoneRule.count();
  expect((await app.gql(SET, { id: zoneId, i: rule(tomorrow, '08:00', '09:00') }, assistant)).errors![0].extensions.code).toBe('FORBIDDEN');
  expect((await app.gql(SET, { id: zoneId, i: rule(tomorrow, '08:00', '09:00') }, officerElsewhere)).errors![0].extensions.code).toBe('FORBIDDEN');
  expect((await app.gql(SET, { id: zoneId, i: rule(tomorrow, '08:00', '09:00') })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  expect(await app.db.prisma.zoneRule.count()).toBe(before);
  const audit = await app.db.prisma.auditLog.count({ where: { operation: 'setZoneRule' } });
  expect(audit).toBe(3);
});

it('admins enter next year\'s holidays; the rules follow at once', async () => {
  // A week ahead, skipping days the seeded calendar already makes holidays.
  let next = now.plus({ days: 7 });
  while (await app.db.prisma.holidayDay.findFirst({ where: { cityId: city.cityId, date: new Date(`${next.toISODate()}T00:00:00Z`), kind: 'HOLIDAY' } })) {
    next = next.plus({ days: 1 });
  }
  const day = next.toISODate()!;
  const q = 'query($id: ID!, $a: DateTime) { zone(id: $id) { isOpen(at: $a) } }';
  const evening = at(day, '20:30');
  expect((await app.gql<{ zone: { isOpen: boolean } }>(q, { id: zoneId, a: evening }, admin)).data!.zone.isOpen).toBe(true);
  const set = await app.gql('mutation($i: HolidayDayInput!) { setHolidayDay(input: $i) { date kind } }', { i: { date: day, kind: 'HOLIDAY', nameZh: '测试假日', nameEn: 'Test holiday' } }, admin);
  expect(set.errors).toBeUndefined();
  expect((await app.gql<{ zone: { isOpen: boolean } }>(q, { id: zoneId, a: evening }, admin)).data!.zone.isOpen).toBe(false);
  const list = await app.gql<{ holidays: { date: string }[] }>('query($y: Int!) { holidays(year: $y) { date } }', { y: next.year }, admin);
  expect(list.data!.holidays.map((h) => h.date)).toContain(day);
  expect((await app.gql('mutation($i: HolidayDayInput!) { setHolidayDay(input: $i) { date } }', { i: { date: day, kind: 'HOLIDAY' } }, assistant)).errors![0].extensions.code).toBe('FORBIDDEN');
  const bad = await app.gql('mutation { setHolidayDay(input: { date: "2027-02-30", kind: HOLIDAY }) { date } }', {}, admin);
  expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
});

it('business types are a two-level catalogue with stable codes', async () => {
  const r = await app.gql<{ businessTypes: { code: string; children: { code: string }[] }[] }>('{ businessTypes { code children { code } } }', {}, assistant);
  const repair = r.data!.businessTypes.find((t) => t.code === 'repair')!;
  expect(repair.children.map((c) => c.code)).toEqual(['repair.bicycle', 'repair.key', 'repair.shoe', 'repair.watch']);
  const made = await app.gql('mutation { createBusinessType(input: { code: "repair.phone", parentCode: "repair", name: "手机维修", nameEn: "Phone repair" }) { code } }', {}, admin);
  expect(made.errors).toBeUndefined();
  const third = await app.gql('mutation { createBusinessType(input: { code: "repair.phone.screen", parentCode: "repair.phone", name: "屏幕", nameEn: "Screens" }) { code } }', {}, admin);
  expect(third.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  const dup = await app.gql('mutation { createBusinessType(input: { code: "repair.phone", name: "x", nameEn: "x" }) { code } }', {}, admin);
  expect(dup.errors![0].extensions.code).toBe('CONFLICT');
  const renamed = await app.gql<{ updateBusinessType: { name: string; active: boolean } }>(
    'mutation { updateBusinessType(code: "repair.phone", input: { name: "手机维修贴膜", active: false }) { name active } }', {}, admin);
  expect(renamed.data!.updateBusinessType).toEqual({ name: '手机维修贴膜', active: false });
  const retired = await app.gql('query($p: GeoJSON!) { vendingCheck(point: $p, businessType: "repair.phone") { allowed } }', { p: { type: 'Point', coordinates: [WEST.lon, WEST.lat] } });
  expect(retired.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  const byAssistant = await app.gql('mutation { updateBusinessType(code: "food", input: { name: "x" }) { code } }', {}, assistant);
  expect(byAssistant.errors![0].extensions.code).toBe('FORBIDDEN');
  expect((await app.gql('mutation { updateBusinessType(code: "nope", input: { name: "x" }) { code } }', {}, admin)).errors![0].extensions.code).toBe('NOT_FOUND');
});

describe('distance rules', () => {
  const CREATE = 'mutation($i: DistanceRuleInput!) { createDistanceRule(input: $i) { id bufferM featureKind windows { day } } }';
  it('a buffer along a line (a crossing) refuses points within it, always', async () => {
    const line = { type: 'LineString', coordinates: [[WEST.lon - 0.002, WEST.lat + 0.004], [WEST.lon + 0.002, WEST.lat + 0.004]] };
    const made = await app.gql<{ createDistanceRule: { windows: null } }>(CREATE, { i: { name: '人民路斑马线', featureKind: 'CROSSING', geometry: line, bufferM: 10 } }, admin);
    expect(made.data!.createDistanceRule.windows).toBeNull();
    const r = await app.gql<{ vendingCheck: { reasons: { code: string; distanceM: number }[] } }>(
      'query($p: GeoJSON!) { vendingCheck(point: $p, businessType: "food", at: "2026-11-24T12:00:00+08:00") { reasons { code distanceM } } }',
      { p: { type: 'Point', coordinates: [WEST.lon, WEST.lat + 0.004 + 5 / 111_320] } }, admin);
    const near = r.data!.vendingCheck.reasons.find((x) => x.code === 'TOO_CLOSE_TO')!;
    expect(near.distanceM).toBeGreaterThan(4.5);
    expect(near.distanceM).toBeLessThan(5.5);
  });

  it.each([
    ['a polygon feature', { geometry: square(WEST.lon, WEST.lat, 10), bufferM: 10 }],
    ['a buffer of 0 m', { geometry: { type: 'Point', coordinates: [WEST.lon, WEST.lat] }, bufferM: 0 }],
    ['a point outside the city', { geometry: { type: 'Point', coordinates: [100, 30] }, bufferM: 10 }],
    ['overlapping windows', { geometry: { type: 'Point', coordinates: [WEST.lon, WEST.lat] }, bufferM: 10, windows: [{ day: 1, start: '07:00', end: '09:00' }, { day: 1, start: '08:00', end: '10:00' }] }],
  ])('refuses %s and changes nothing', async (_what, input) => {
    const before = await app.db.prisma.distanceRule.count();
    const res = await app.gql(CREATE, { i: { name: '门口', featureKind: 'SCHOOL_GATE', ...input } }, admin);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await app.db.prisma.distanceRule.count()).toBe(before);
  });
});
