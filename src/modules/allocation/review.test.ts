// Review through GraphQL: who may approve, reject and return (admins, officers holding the zone's
// districts, the zone's own manager; never assistants or vendors), the workflow's transitions, and
// the exclusion constraints refusing a spot or a vendor booked twice, with nothing changed.
import type { Role } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { allocationSnapshot, createSpot, createVendingZone, createVendor, day, offset } from '../../../test/helpers/allocation';

const APPLY = 'mutation($input: ApplyForSpotInput!) { applyForSpot(input: $input) { id version } }';
const APPROVE = `mutation($id: ID!, $spotId: ID, $v: Int) { approveApplication(id: $id, spotId: $spotId, expectedVersion: $v) {
  id status startsOn endsOn businessType spot { id number status } zone { id } vendor { accountId } } }`;

let app: TestApp;
let city: TestCity;
let zoneId: string;
let otherZoneId: string;
const spots: string[] = [];
const tokens: Record<string, string> = {};

async function tokenFor(role: Role, opts: Parameters<typeof createAccount>[3] = {}) {
  return login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD);
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat, { size: 120 });
  otherZoneId = await createVendingZone(app.db, city, WEST.lon + 0.01, WEST.lat);
  for (let n = 1; n <= 8; n++) spots.push(await createSpot(app.db, city, zoneId, n, offset(WEST.lon, WEST.lat, -50 + n * 10, 0)));
  tokens.admin = await tokenFor('ADMIN');
  tokens.officerHere = await tokenFor('OFFICER', { districts: [city.west] });
  tokens.officerElsewhere = await tokenFor('OFFICER', { districts: [city.east] });
  tokens.assistant = await tokenFor('ASSISTANT', { districts: [city.west] });
  tokens.manager = await tokenFor('ZONE_MANAGER', { zoneId });
  tokens.otherManager = await tokenFor('ZONE_MANAGER', { zoneId: otherZoneId });
  tokens.vendor = await tokenFor('VENDOR');
});
afterAll(() => app.close());

/** A new vendor's application for the zone, from `from` to `to` days ahead. */
async function apply(from = 1, to = 30, extra: Record<string, unknown> = {}) {
  const token = await login(app, (await createVendor(app.db, city)).username, PASSWORD);
  const res = await app.gql<{ applyForSpot: { id: string; version: number } }>(APPLY, {
    input: { zoneId, businessType: 'food.snacks', startsOn: day(from), endsOn: day(to), ...extra },
  }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return { id: res.data.applyForSpot.id, token };
}

describe('who may review', () => {
  it.each([['assistant'], ['vendor'], ['officerElsewhere'], ['otherManager']])('%s may not approve, reject or return', async (who) => {
    const a = await apply(1, 10, { spotId: spots[0] });
    const before = await allocationSnapshot(app.db);
    for (const q of [APPROVE, 'mutation($id: ID!) { rejectApplication(id: $id, reason: "不符合") { id } }', 'mutation($id: ID!) { returnApplication(id: $id, reason: "补充") { id } }']) {
      const res = await app.gql(q, { id: a.id }, tokens[who]);
      expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await app.gql(APPROVE, { id: a.id })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await allocationSnapshot(app.db)).toEqual(before);
  });

  it.each([['admin', 1], ['officerHere', 2], ['manager', 3]])('%s approves, choosing the spot; the spot is ASSIGNED today', async (who, n) => {
    const a = await apply(0, 20);
    const res = await app.gql<{ approveApplication: Record<string, unknown> }>(APPROVE, { id: a.id, spotId: spots[n] }, tokens[who]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveApplication).toMatchObject({
      status: 'ACTIVE', startsOn: day(0), endsOn: day(20), businessType: 'food.snacks', spot: { id: spots[n], status: 'ASSIGNED' }, zone: { id: zoneId },
    });
    const mine = await app.gql<{ myApplications: { status: string; decidedAt: string; assignment: { id: string } }[] }>(
      '{ myApplications { status decidedAt assignment { id } } }', {}, a.token);
    expect(mine.data!.myApplications[0]).toMatchObject({ status: 'APPROVED', assignment: { id: res.data!.approveApplication.id } });
  });
});

describe('the workflow', () => {
  it('rejects with a reason; a decided application cannot be decided again', async () => {
    const a = await apply(1, 5);
    const rejected = await app.gql<{ rejectApplication: { status: string; reason: string } }>(
      'mutation($id: ID!) { rejectApplication(id: $id, reason: "业态不符") { status reason } }', { id: a.id }, tokens.manager);
    expect(rejected.data!.rejectApplication).toEqual({ status: 'REJECTED', reason: '业态不符' });
    const before = await allocationSnapshot(app.db);
    const approve = await app.gql(APPROVE, { id: a.id, spotId: spots[4] }, tokens.admin);
    expect(approve.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRANSITION', from: 'REJECTED' });
    const back = await app.gql('mutation($id: ID!) { returnApplication(id: $id, reason: "x") { id } }', { id: a.id }, tokens.admin);
    expect(back.errors![0].extensions.reason).toBe('INVALID_TRANSITION');
    expect(await allocationSnapshot(app.db)).toEqual(before);
  });

  it('needs a spot for an application that named none, and a current version when one is given', async () => {
    const a = await apply(1, 5);
    const before = await allocationSnapshot(app.db);
    expect((await app.gql(APPROVE, { id: a.id }, tokens.admin)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SPOT_REQUIRED' });
    expect((await app.gql(APPROVE, { id: a.id, spotId: spots[4], v: 7 }, tokens.admin)).errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
    expect(await allocationSnapshot(app.db)).toEqual(before);
    expect((await app.gql(APPROVE, { id: a.id, spotId: spots[4], v: 1 }, tokens.admin)).errors).toBeUndefined();
  });

  it('refuses a spot booked for an overlapping day, and a vendor\'s second spot in the zone, as CONFLICT', async () => {
    const first = await apply(10, 20);
    expect((await app.gql(APPROVE, { id: first.id, spotId: spots[5] }, tokens.admin)).errors).toBeUndefined();
    const overlapping = await apply(20, 25);
    const before = await allocationSnapshot(app.db);
    const taken = await app.gql(APPROVE, { id: overlapping.id, spotId: spots[5] }, tokens.admin);
    expect(taken.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SPOT_TAKEN' });
    expect(await allocationSnapshot(app.db)).toEqual(before);
    // The day after is free.
    const after = await apply(21, 25);
    expect((await app.gql(APPROVE, { id: after.id, spotId: spots[5] }, tokens.admin)).errors).toBeUndefined();

    // The same vendor's application for other days of the zone, approved onto another spot: one live spot per zone.
    const again = await app.gql<{ applyForSpot: { id: string } }>(APPLY, {
      input: { zoneId, businessType: 'food.snacks', startsOn: day(40), endsOn: day(45) },
    }, first.token);
    await app.db.prisma.application.update({
      where: { cityId_id: { cityId: city.cityId, id: again.data!.applyForSpot.id } }, data: { startsOn: new Date(`${day(15)}T00:00:00Z`) },
    });
    const snapshot = await allocationSnapshot(app.db);
    const second = await app.gql(APPROVE, { id: again.data!.applyForSpot.id, spotId: spots[6] }, tokens.admin);
    expect(second.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VENDOR_ALREADY_ASSIGNED' });
    expect(await allocationSnapshot(app.db)).toEqual(snapshot);
  });

  it('refuses an application to a zone where the vendor already holds a spot for those days', async () => {
    const a = await apply(50, 60);
    expect((await app.gql(APPROVE, { id: a.id, spotId: spots[7] }, tokens.admin)).errors).toBeUndefined();
    const res = await app.gql(APPLY, { input: { zoneId, businessType: 'food.snacks', startsOn: day(55), endsOn: day(70) } }, a.token);
    expect(res.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VENDOR_ALREADY_ASSIGNED' });
  });
});
