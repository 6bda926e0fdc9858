// Assignments after approval: renew, suspend, reinstate and revoke by the zone's reviewers, the spot's
// status following them, the exclusion constraint refusing a renewal into another booking, and the
// daily pass (promoteWaitingLists) ending lapsed assignments and serving the waiting list.
import type { Role } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { allocationSnapshot, createSpot, createVendingZone, createVendor, day, offset } from '../../../test/helpers/allocation';
import { promoteAllCities, promoteWaitingLists } from './waiting-list.service';

const A = 'id status startsOn endsOn reason version spot { id status }';

let app: TestApp;
let city: TestCity;
let zoneId: string;
let officerId: string;
const tokens: Record<string, string> = {};
let spotSeq = 0;

async function tokenFor(role: Role, opts: Parameters<typeof createAccount>[3] = {}) {
  return login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD);
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat, { size: 150 });
  const otherZone = await createVendingZone(app.db, city, WEST.lon + 0.01, WEST.lat);
  const officer = await createAccount(app.db, city, 'OFFICER', { districts: [city.west] });
  officerId = officer.id;
  tokens.officer = await login(app, officer.username, PASSWORD);
  tokens.manager = await tokenFor('ZONE_MANAGER', { zoneId });
  tokens.otherManager = await tokenFor('ZONE_MANAGER', { zoneId: otherZone });
  tokens.assistant = await tokenFor('ASSISTANT', { districts: [city.west] });
});
afterAll(() => app.close());

const newSpot = async () => { spotSeq++; return createSpot(app.db, city, zoneId, spotSeq, offset(WEST.lon, WEST.lat, -60 + spotSeq * 8, 20)); };

/** A new vendor applies for [from, to] (days from today); `status` set directly makes a fixture state. */
async function application(from: number, to: number, o: { spotId?: string; tier0?: boolean } = {}) {
  const v = await createVendor(app.db, city, o.tier0 ? { categories: ['LOW_INCOME'], verifiedBy: officerId } : {});
  const token = await login(app, v.username, PASSWORD);
  const res = await app.gql<{ applyForSpot: { id: string } }>('mutation($input: ApplyForSpotInput!) { applyForSpot(input: $input) { id } }', {
    input: { zoneId, spotId: o.spotId, businessType: 'food.snacks', startsOn: day(Math.max(from, 0)), endsOn: day(Math.max(to, 0)) },
  }, token);
  const id = res.data!.applyForSpot.id;
  // Periods in the past cannot be applied for; fixtures move them there afterwards.
  if (from < 0 || to < 0) {
    await app.db.prisma.application.update({ where: { cityId_id: { cityId: city.cityId, id } }, data: { startsOn: new Date(`${day(from)}T00:00:00Z`), endsOn: new Date(`${day(to)}T00:00:00Z`) } });
  }
  return id;
}

async function approved(spotId: string, from: number, to: number) {
  const id = await application(from, to);
  const res = await app.gql<{ approveApplication: { id: string } }>('mutation($id: ID!, $s: ID) { approveApplication(id: $id, spotId: $s) { id } }', { id, s: spotId }, tokens.officer);
  return res.data!.approveApplication.id;
}

const run = (q: string, vars: Record<string, unknown>, who = 'officer') => app.gql<Record<string, Record<string, unknown>>>(q, vars, tokens[who]);

describe('changing an assignment', () => {
  it('renews, suspends, reinstates and revokes; the spot follows', async () => {
    const spot = await newSpot();
    const id = await approved(spot, 0, 10);
    await approved(spot, 20, 30);
    const renewed = await run(`mutation($id: ID!, $e: String!) { renewAssignment(id: $id, endsOn: $e) { ${A} } }`, { id, e: day(15) }, 'manager');
    expect(renewed.data!.renewAssignment).toMatchObject({ status: 'ACTIVE', startsOn: day(0), endsOn: day(15), version: 2, spot: { status: 'ASSIGNED' } });

    const before = await allocationSnapshot(app.db);
    const into = await run('mutation($id: ID!, $e: String!) { renewAssignment(id: $id, endsOn: $e) { id } }', { id, e: day(25) });
    expect(into.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SPOT_TAKEN' });
    const shorter = await run('mutation($id: ID!, $e: String!) { renewAssignment(id: $id, endsOn: $e) { id } }', { id, e: day(12) });
    expect(shorter.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD' });
    for (const who of ['otherManager', 'assistant']) {
      expect((await run('mutation($id: ID!) { suspendAssignment(id: $id, reason: "x") { id } }', { id }, who)).errors![0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await run('mutation($id: ID!) { reinstateAssignment(id: $id) { id } }', { id })).errors![0].extensions.reason).toBe('INVALID_TRANSITION');
    expect(await allocationSnapshot(app.db)).toEqual(before);

    const suspended = await run(`mutation($id: ID!) { suspendAssignment(id: $id, reason: "占道经营") { ${A} } }`, { id });
    expect(suspended.data!.suspendAssignment).toMatchObject({ status: 'SUSPENDED', reason: '占道经营', spot: { status: 'ASSIGNED' } });
    const reinstated = await run(`mutation($id: ID!) { reinstateAssignment(id: $id) { ${A} } }`, { id });
    expect(reinstated.data!.reinstateAssignment).toMatchObject({ status: 'ACTIVE', reason: null });
    const revoked = await run(`mutation($id: ID!) { revokeAssignment(id: $id, reason: "多次违规") { ${A} } }`, { id });
    expect(revoked.data!.revokeAssignment).toMatchObject({ status: 'REVOKED', reason: '多次违规', spot: { status: 'AVAILABLE' } });
    expect((await run('mutation($id: ID!) { revokeAssignment(id: $id, reason: "x") { id } }', { id })).errors![0].extensions.reason).toBe('INVALID_TRANSITION');
  });
});

describe('promoteWaitingLists, the daily pass', () => {
  it('ends lapsed assignments, gives their spots to the first in line, and lets expired waiting go', async () => {
    const spot = await newSpot();
    const lapsed = await approved(spot, 0, 3);
    await app.db.prisma.assignment.update({
      where: { cityId_id: { cityId: city.cityId, id: lapsed } },
      data: { startsOn: new Date(`${day(-10)}T00:00:00Z`), endsOn: new Date(`${day(-1)}T00:00:00Z`) },
    });
    const waiting = async (id: string) => app.db.prisma.application.update({ where: { cityId_id: { cityId: city.cityId, id } }, data: { status: 'WAITLISTED' } });
    const later = await application(-5, 20);
    const first = await application(0, 10, { tier0: true });
    const expired = await application(-9, -2);
    for (const id of [later, first, expired]) await waiting(id);

    expect(await promoteWaitingLists(app.db, city.cityId, new Date())).toEqual({ ended: 1, promoted: 1, expired: 1 });
    const rows = await app.db.prisma.application.findMany({ where: { cityId: city.cityId, id: { in: [later, first, expired] } } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [later]: 'WAITLISTED', [first]: 'APPROVED', [expired]: 'NOT_ALLOCATED' });
    const given = await app.db.prisma.assignment.findFirstOrThrow({ where: { cityId: city.cityId, applicationId: first } });
    expect(given).toMatchObject({ spotId: spot, status: 'ACTIVE', startsOn: new Date(`${day(0)}T00:00:00Z`), endsOn: new Date(`${day(10)}T00:00:00Z`) });
    expect((await app.db.prisma.assignment.findUniqueOrThrow({ where: { cityId_id: { cityId: city.cityId, id: lapsed } } })).status).toBe('ENDED');
    const system = await app.db.prisma.auditLog.findMany({ where: { cityId: city.cityId, role: 'SYSTEM', entityType: { in: ['Application', 'Assignment'] } } });
    expect(system.map((a) => a.operation).sort()).toEqual(['createAssignment', 'endAssignment', 'expireWaitingApplication', 'promoteFromWaitingList']);
    // A second pass the same day (the timer's, over every city) finds nothing to do.
    const errors: unknown[] = [];
    expect(await promoteAllCities(app.db, () => undefined, (e) => errors.push(e))).toEqual({ ended: 0, promoted: 0, expired: 0 });
    expect(errors).toEqual([]);
    // The one still waiting is next: their period is still open.
    const mine = await app.db.prisma.application.findUniqueOrThrow({ where: { cityId_id: { cityId: city.cityId, id: later } } });
    expect(mine.status).toBe('WAITLISTED');
  });
});
