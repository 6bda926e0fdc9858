// The cached city catalogue (time zone, holiday calendar, business types): read once, then answered
// from memory; a holiday or business-type change is seen by the very next vendingCheck, isOpen and
// businessTypes; a change heard only through NOTIFY (as from another process) drops it too; inside a
// transaction it is bypassed, and a rolled-back change leaves it be.
import { DateTime } from 'luxon';
import { login, startTestApp, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, putRule, square, week, type TestCity } from '../../../test/helpers/factories';
import { notifyChange, transactionWithChanges, type Change } from '../../db/changes';
import { catalogCacheOf, type CatalogCache } from './catalog-cache';
import { loadRuleContext } from './evaluate';

let app: TestApp;
let city: TestCity;
let admin: string;
let cache: CatalogCache;
let zoneId: string;
const P = [118.31, 35.01];

/** A Monday–Friday at least `days` ahead with no holiday row: open under a CLOSED holiday policy. */
async function plainWeekday(days: number): Promise<string> {
  const rows = await app.db.prisma.holidayDay.findMany({ where: { cityId: city.cityId }, select: { date: true } });
  const taken = new Set(rows.map((r) => r.date.toISOString().slice(0, 10)));
  for (let d = DateTime.now().setZone('Asia/Shanghai').plus({ days }); ; d = d.plus({ days: 1 })) {
    if (d.weekday <= 5 && !taken.has(d.toISODate()!)) return d.toISODate()!;
  }
}

const noon = (day: string) => `${day}T12:00:00+08:00`;
async function check(day: string, type: string) {
  const r = await app.gql<{ vendingCheck: { allowed: boolean; zones: { allowedBusinessTypes: { code: string; name: string }[] }[] } }>(
    'query($p: GeoJSON!, $t: String!, $at: DateTime) { vendingCheck(point: $p, businessType: $t, at: $at) { allowed zones { allowedBusinessTypes { code name } } } }',
    { p: { type: 'Point', coordinates: P }, t: type, at: noon(day) });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.vendingCheck;
}
async function isOpen(day: string): Promise<boolean> {
  const r = await app.gql<{ zone: { isOpen: boolean } }>('query($id: ID!, $at: DateTime) { zone(id: $id) { isOpen(at: $at) } }', { id: zoneId, at: noon(day) }, admin);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.zone.isOpen;
}
/** NOTIFYs a change without telling this process directly, and waits (bounded) until it is heard. */
async function heard(change: Change): Promise<void> {
  let done = false;
  const stop = app.db.changes.subscribe({ changed: (c) => { done ||= c.kind === change.kind && c.id === change.id; }, reset: () => undefined });
  await notifyChange(app.db.prisma, change);
  for (const t0 = Date.now(); !done; await new Promise((r) => setTimeout(r, 10))) if (Date.now() - t0 > 20_000) throw new Error('no NOTIFY');
  stop();
}
/** NOTIFYs come in commit order: once a marker is heard, no earlier mutation's NOTIFY is still on its way. */
let markers = 0;
const settle = () => heard({ kind: 'catalog', id: `marker-${++markers}` });

async function mutate(query: string, variables: Record<string, unknown>): Promise<void> {
  const r = await app.gql(query, variables, admin);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  const z = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name: '常开夜市', kind: 'NIGHT_MARKET', geometry: square(P[0], P[1], 80) } }, admin);
  zoneId = z.data!.createZone.id;
  await putRule(app.db, city, zoneId, '2024-01-01', { windows: week('00:00', '24:00') }, ['food']);
  cache = catalogCacheOf(app.db.prisma)!;
});
afterAll(() => app.close());

it('is read once, then answers from memory', async () => {
  await settle();
  await loadRuleContext(app.db.prisma, city.cityId, []);
  const reads = cache.stats.reads;
  const first = await loadRuleContext(app.db.prisma, city.cityId, []);
  const again = await loadRuleContext(app.db.prisma, city.cityId, [zoneId]);
  expect(cache.stats.reads).toBe(reads);
  expect(again.calendar).toBe(first.calendar);
  expect(again.parents).toBe(first.parents);
});

it('a holiday set or removed is seen at once by vendingCheck and isOpen, inside the precomputed window and beyond it', async () => {
  const soon = await plainWeekday(3);
  const later = await plainWeekday(40);
  for (const day of [soon, later]) {
    expect((await check(day, 'food')).allowed).toBe(true);
    expect(await isOpen(day)).toBe(true);
  }
  const reads = cache.stats.reads;
  for (const day of [soon, later]) await mutate('mutation($i: HolidayDayInput!) { setHolidayDay(input: $i) { date } }', { i: { date: day, kind: 'HOLIDAY', nameZh: '测试假日' } });
  for (const day of [soon, later]) {
    expect((await check(day, 'food')).allowed).toBe(false);
    expect(await isOpen(day)).toBe(false);
  }
  expect(cache.stats.reads).toBeGreaterThan(reads);
  for (const day of [soon, later]) await mutate('mutation($d: String!) { removeHolidayDay(date: $d) }', { d: day });
  for (const day of [soon, later]) {
    expect((await check(day, 'food')).allowed).toBe(true);
    expect(await isOpen(day)).toBe(true);
  }
});

it('a new business type and a new name are seen at once by vendingCheck and businessTypes', async () => {
  const day = await plainWeekday(3);
  expect((await check(day, 'food.snacks')).allowed).toBe(true);
  // A child of the allowed parent: allowed only if the check knows the new type's parent.
  await mutate('mutation($i: BusinessTypeInput!) { createBusinessType(input: $i) { code } }',
    { i: { code: 'food.latenight', parentCode: 'food', name: '夜宵', nameEn: 'Late-night food' } });
  expect((await check(day, 'food.latenight')).allowed).toBe(true);
  await mutate('mutation { updateBusinessType(code: "food", input: { name: "餐饮夜宵" }) { code } }', {});
  expect((await check(day, 'food')).zones[0].allowedBusinessTypes).toEqual([{ code: 'food', name: '餐饮夜宵' }]);
  const types = await app.gql<{ businessTypes: { code: string; name: string }[] }>('{ businessTypes { code name } }', {}, admin);
  expect(types.data!.businessTypes).toEqual(expect.arrayContaining([{ code: 'food', name: '餐饮夜宵' }, { code: 'food.latenight', name: '夜宵' }]));
});

it('is dropped by a change heard only through NOTIFY, as from another process', async () => {
  await loadRuleContext(app.db.prisma, city.cityId, []);
  const reads = cache.stats.reads;
  await heard({ kind: 'catalog', id: city.cityId });
  await loadRuleContext(app.db.prisma, city.cityId, []);
  expect(cache.stats.reads).toBe(reads + 1);
});

it('is bypassed inside a transaction, which sees its own change; a rolled-back change leaves it be', async () => {
  const day = await plainWeekday(5);
  await settle();
  const cached = await loadRuleContext(app.db.prisma, city.cityId, []);
  expect(cached.calendar.dayKind(day)).toBe('WORKDAY');
  const reads = cache.stats.reads;
  await expect(transactionWithChanges(app.db.prisma, async (tx, publish) => {
    await tx.holidayDay.create({ data: { cityId: city.cityId, date: new Date(`${day}T00:00:00Z`), kind: 'HOLIDAY' } });
    await publish({ kind: 'catalog', id: city.cityId });
    expect((await loadRuleContext(tx, city.cityId, [])).calendar.dayKind(day)).toBe('HOLIDAY');
    throw new Error('rolled back');
  })).rejects.toThrow('rolled back');
  const after = await loadRuleContext(app.db.prisma, city.cityId, []);
  expect(after.calendar).toBe(cached.calendar);
  expect(cache.stats.reads).toBe(reads);
});
