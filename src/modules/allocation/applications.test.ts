// Applications through GraphQL on a real PostGIS: the rules an application must meet (profile,
// zone, period, season, business type, spot), the vendor's own actions, and refusals that change
// nothing (rows compared before and after).
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { allocationSnapshot, createSpot, createVendingZone, createVendor, day, offset } from '../../../test/helpers/allocation';

const APPLY = `mutation($input: ApplyForSpotInput!) { applyForSpot(input: $input) {
  id status businessType startsOn endsOn priorityTier version note spot { id number } zone { id name } vendor { accountId name } } }`;

let app: TestApp;
let city: TestCity;
let zoneId: string;
let seasonalZoneId: string;
let spot1: string;
let fruitSpot: string;
let vendor: string;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat, { types: ['food', 'produce'] });
  spot1 = await createSpot(app.db, city, zoneId, 1, offset(WEST.lon, WEST.lat, -20, 0));
  fruitSpot = await createSpot(app.db, city, zoneId, 2, offset(WEST.lon, WEST.lat, 20, 0), { businessType: 'produce.fruit' });
  // A summer market (April to October), far from the first.
  seasonalZoneId = await createVendingZone(app.db, city, WEST.lon + 0.01, WEST.lat, { season: { from: '04-01', to: '10-31' } });
  vendor = await login(app, (await createVendor(app.db, city, { name: '王小明' })).username, PASSWORD);
});
afterAll(() => app.close());

const input = (extra: Record<string, unknown> = {}) => ({ zoneId, businessType: 'food.snacks', startsOn: day(1), endsOn: day(30), ...extra });

/** A day of the coming year in (or out of) the summer season. */
function seasonDay(inSeason: boolean): string {
  const year = Number(day(0).slice(0, 4)) + 1;
  return inSeason ? `${year}-07-01` : `${year}-01-10`;
}

describe('applyForSpot', () => {
  it('applies for a spot, for a spot left to the reviewer, with the period as dates and the vendor\'s tier', async () => {
    const res = await app.gql<{ applyForSpot: Record<string, unknown> }>(APPLY, { input: input({ spotId: spot1, note: '卖煎饼' }) }, vendor);
    expect(res.errors).toBeUndefined();
    expect(res.data!.applyForSpot).toMatchObject({
      status: 'SUBMITTED', businessType: 'food.snacks', startsOn: day(1), endsOn: day(30), priorityTier: 9, version: 1, note: '卖煎饼',
      spot: { id: spot1, number: 1 }, zone: { id: zoneId }, vendor: { name: '王小明' },
    });
    const other = await login(app, (await createVendor(app.db, city)).username, PASSWORD);
    const open = await app.gql<{ applyForSpot: { spot: null } }>(APPLY, { input: input() }, other);
    expect(open.errors).toBeUndefined();
    expect(open.data!.applyForSpot.spot).toBeNull();
    // A fruit spot takes fruit, and a child type of its type.
    const fruit = await app.gql(APPLY, { input: input({ spotId: fruitSpot, businessType: 'produce.fruit', startsOn: day(40), endsOn: day(50) }) }, other);
    expect(fruit.errors).toBeUndefined();
  });

  const refused: [string, () => Promise<Record<string, unknown>>, string, string][] = [
    ['no vendor profile', async () => ({ token: await login(app, (await createAccount(app.db, city, 'VENDOR')).username, PASSWORD) }), 'BAD_USER_INPUT', 'PROFILE_REQUIRED'],
    ['a start in the past', async () => ({ input: input({ startsOn: day(-1) }) }), 'BAD_USER_INPUT', 'PERIOD_IN_PAST'],
    ['an end before the start', async () => ({ input: input({ startsOn: day(5), endsOn: day(4) }) }), 'BAD_USER_INPUT', 'INVALID_PERIOD'],
    ['a period over 366 days', async () => ({ input: input({ startsOn: day(1), endsOn: day(367) }) }), 'BAD_USER_INPUT', 'PERIOD_TOO_LONG'],
    ['a malformed date', async () => ({ input: input({ startsOn: '2026-02-30' }) }), 'BAD_USER_INPUT', 'INVALID_DATE'],
    ['a type the zone does not allow', async () => ({ input: input({ businessType: 'goods.clothing' }) }), 'BAD_USER_INPUT', 'BUSINESS_TYPE_NOT_ALLOWED'],
    ['an unknown type', async () => ({ input: input({ businessType: 'casino' }) }), 'BAD_USER_INPUT', 'UNKNOWN_BUSINESS_TYPE'],
    ['a spot whose fixed type differs', async () => ({ input: input({ spotId: fruitSpot }) }), 'BAD_USER_INPUT', 'SPOT_BUSINESS_TYPE'],
    ['a spot of another zone', async () => ({ input: input({ zoneId: seasonalZoneId, spotId: spot1, startsOn: seasonDay(true), endsOn: seasonDay(true) }) }), 'BAD_USER_INPUT', 'SPOT_NOT_IN_ZONE'],
    ['days outside the season', async () => ({ input: input({ zoneId: seasonalZoneId, startsOn: seasonDay(true), endsOn: seasonDay(true).replace('07-01', '11-02') }) }), 'BAD_USER_INPUT', 'OUT_OF_SEASON'],
    ['a period starting off season', async () => ({ input: input({ zoneId: seasonalZoneId, startsOn: seasonDay(false), endsOn: seasonDay(false).replace('01-10', '01-20') }) }), 'BAD_USER_INPUT', 'OUT_OF_SEASON'],
    ['an unknown zone', async () => ({ input: input({ zoneId: '00000000-0000-4000-8000-000000000000' }) }), 'NOT_FOUND', ''],
  ];
  it.each(refused)('refuses %s, changing nothing', async (_what, make, code, reason) => {
    const made = await make();
    const before = await allocationSnapshot(app.db);
    const res = await app.gql(APPLY, { input: made.input ?? input() }, (made.token as string | undefined) ?? vendor);
    expect(res.errors![0].extensions.code).toBe(code);
    if (reason) expect(res.errors![0].extensions.reason).toBe(reason);
    expect(res.errors![0].message).toMatch(/[\u4e00-\u9fff][^/]*\/ .*[A-Za-z]/);
    expect(await allocationSnapshot(app.db)).toEqual(before);
  });

  it('accepts a whole period in a season; a second open application for the same days is a CONFLICT', async () => {
    const v = await login(app, (await createVendor(app.db, city)).username, PASSWORD);
    const summer = input({ zoneId: seasonalZoneId, startsOn: seasonDay(true), endsOn: seasonDay(true).replace('07-01', '10-31') });
    expect((await app.gql(APPLY, { input: summer }, v)).errors).toBeUndefined();
    const before = await allocationSnapshot(app.db);
    const again = await app.gql(APPLY, { input: summer }, v);
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_APPLICATION' });
    expect(await allocationSnapshot(app.db)).toEqual(before);
  });

  it('is for vendors only', async () => {
    expect((await app.gql(APPLY, { input: input() }, admin)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await app.gql(APPLY, { input: input() })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('the vendor\'s own applications', () => {
  it('withdraws, answers a returned one, and sees them newest first', async () => {
    const v = await login(app, (await createVendor(app.db, city)).username, PASSWORD);
    const a = (await app.gql<{ applyForSpot: { id: string } }>(APPLY, { input: input({ startsOn: day(60), endsOn: day(70) }) }, v)).data!.applyForSpot.id;
    const returned = await app.gql<{ returnApplication: { status: string; reason: string } }>(
      'mutation($id: ID!) { returnApplication(id: $id, reason: "请补充健康证") { status reason } }', { id: a }, admin);
    expect(returned.data!.returnApplication).toEqual({ status: 'RETURNED', reason: '请补充健康证' });
    const resubmitted = await app.gql<{ resubmitApplication: { status: string; note: string; version: number } }>(
      'mutation($id: ID!) { resubmitApplication(id: $id, note: "已上传健康证") { status note version } }', { id: a }, v);
    expect(resubmitted.data!.resubmitApplication).toEqual({ status: 'SUBMITTED', note: '已上传健康证', version: 3 });
    const again = await app.gql('mutation($id: ID!) { resubmitApplication(id: $id) { status } }', { id: a }, v);
    expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRANSITION' });

    const stranger = await login(app, (await createVendor(app.db, city)).username, PASSWORD);
    const theirs = await app.gql('mutation($id: ID!) { withdrawApplication(id: $id) { status } }', { id: a }, stranger);
    expect(theirs.errors![0].extensions.code).toBe('NOT_FOUND');
    const withdrawn = await app.gql<{ withdrawApplication: { status: string } }>('mutation($id: ID!) { withdrawApplication(id: $id) { status } }', { id: a }, v);
    expect(withdrawn.data!.withdrawApplication.status).toBe('WITHDRAWN');
    const twice = await app.gql('mutation($id: ID!) { withdrawApplication(id: $id) { status } }', { id: a }, v);
    expect(twice.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRANSITION' });

    await app.gql(APPLY, { input: input({ startsOn: day(80), endsOn: day(90) }) }, v);
    const mine = await app.gql<{ myApplications: { status: string; startsOn: string }[] }>('{ myApplications { status startsOn } }', {}, v);
    expect(mine.data!.myApplications).toEqual([{ status: 'SUBMITTED', startsOn: day(80) }, { status: 'WITHDRAWN', startsOn: day(60) }]);
    expect((await app.gql('{ myApplications { id } }', {}, admin)).errors![0].extensions.code).toBe('FORBIDDEN');
  });
});
