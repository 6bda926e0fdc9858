// An allocation round end to end through GraphQL: the commitment published at opening with the seed
// hidden, applications in the round, no draw before the deadline, the draw, and the published result
// recomputed by an independent implementation written here (not draw.ts) from the revealed seed.
// Then the waiting list: a revocation gives the freed spot to the first in line.
import { createHash } from 'node:crypto';
import type { PriorityCategory } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { allocationSnapshot, createSpot, createVendingZone, createVendor, day, expireDeadline, offset } from '../../../test/helpers/allocation';

const ROUND_FIELDS = `id status seedCommitment seed algorithmVersion startsOn endsOn applicants drawnAt zone { id name }
  spots { id number } results { position applicationId maskedName priorityTier drawKey spotNumber }`;
const APPLY = 'mutation($input: ApplyForSpotInput!) { applyForSpot(input: $input) { id priorityTier } }';

interface Entry { position: number; applicationId: string; maskedName: string; priorityTier: number; drawKey: string; spotNumber: number | null }
interface Round { id: string; status: string; seedCommitment: string; seed: string | null; algorithmVersion: string; applicants: number; spots: { number: number }[]; results: Entry[] }

/** The published rule, written again from its description alone. */
function recompute(seed: string, entries: { applicationId: string; priorityTier: number }[], spotNumbers: number[]) {
  const sha = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
  const keyed = entries.map((e) => ({ ...e, drawKey: sha(seed + e.applicationId.toLowerCase()) }));
  keyed.sort((a, b) => (a.priorityTier !== b.priorityTier ? a.priorityTier - b.priorityTier : a.drawKey.localeCompare(b.drawKey, 'en')));
  const numbers = [...spotNumbers].sort((a, b) => a - b);
  return keyed.map((e, i) => ({ position: i + 1, applicationId: e.applicationId, priorityTier: e.priorityTier, drawKey: e.drawKey, spotNumber: numbers[i] ?? null }));
}

let app: TestApp;
let city: TestCity;
let zoneId: string;
let officer: string;
let officerId: string;
const spotIds: string[] = [];
const vendors: { token: string; name: string; accountId: string; tier: number }[] = [];

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat, { name: '抽签夜市' });
  // Created out of number order: spots are given in ascending number whatever the order offered.
  for (const n of [3, 1, 2]) spotIds.push(await createSpot(app.db, city, zoneId, n, offset(WEST.lon, WEST.lat, -30 + n * 12, 0)));
  const o = await createAccount(app.db, city, 'OFFICER', { districts: [city.west] });
  officerId = o.id;
  officer = await login(app, o.username, PASSWORD);
  const people: [string, PriorityCategory[], number][] = [
    ['张三丰', [], 9], ['李四', ['LOW_INCOME'], 0], ['王五', [], 9], ['赵六', ['VETERAN'], 1],
    ['钱七', [], 9], ['孙八', ['DISABLED', 'ELDERLY'], 0], ['周九', [], 9], ['吴十', ['ELDERLY'], 3],
  ];
  for (const [name, categories, tier] of people) {
    const v = await createVendor(app.db, city, { name, categories, verifiedBy: officerId });
    vendors.push({ token: await login(app, v.username, PASSWORD), name, accountId: v.id, tier });
  }
});
afterAll(() => app.close());

describe('an allocation round', () => {
  let round: Round;
  const applications = new Map<string, string>();

  it('opens with the commitment published and the seed hidden, even from the audit trail', async () => {
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    const res = await app.gql<{ openAllocationRound: Round }>(`mutation($input: OpenRoundInput!) { openAllocationRound(input: $input) { ${ROUND_FIELDS} } }`, {
      input: { zoneId, spotIds, startsOn: day(3), endsOn: day(33), deadline },
    }, officer);
    expect(res.errors).toBeUndefined();
    round = res.data!.openAllocationRound;
    expect(round).toMatchObject({ status: 'OPEN', seed: null, algorithmVersion: 'bianmin-draw-v1', applicants: 0, results: [] });
    expect(round.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(round.spots.map((s) => s.number)).toEqual([1, 2, 3]);
    const pub = await app.gql<{ allocationRound: Round }>(`query($c: String!, $id: ID!) { allocationRound(city: $c, id: $id) { seed seedCommitment } }`, { c: city.code, id: round.id });
    expect(pub.data!.allocationRound).toEqual({ seed: null, seedCommitment: round.seedCommitment });
  });

  it('takes one application per vendor, for the round\'s period', async () => {
    for (const v of vendors) {
      const res = await app.gql<{ applyForSpot: { id: string; priorityTier: number } }>(APPLY, {
        input: { zoneId, roundId: round.id, businessType: 'food.snacks', startsOn: day(3), endsOn: day(33) },
      }, v.token);
      expect(res.data!.applyForSpot.priorityTier).toBe(v.tier);
      applications.set(res.data!.applyForSpot.id, v.name);
    }
    const before = await allocationSnapshot(app.db);
    const input = { zoneId, roundId: round.id, businessType: 'food.snacks', startsOn: day(3), endsOn: day(33) };
    expect((await app.gql(APPLY, { input }, vendors[0].token)).errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_APPLIED' });
    expect((await app.gql(APPLY, { input: { ...input, endsOn: day(20) } }, vendors[0].token)).errors![0].extensions.reason).toBe('PERIOD_MISMATCH');
    expect((await app.gql(APPLY, { input: { ...input, spotId: spotIds[0] } }, vendors[0].token)).errors![0].extensions.reason).toBe('SPOT_WITH_ROUND');
    expect(await allocationSnapshot(app.db)).toEqual(before);
  });

  it('is not drawn before the deadline, nor by assistants or zone managers', async () => {
    const assistant = await login(app, (await createAccount(app.db, city, 'ASSISTANT', { districts: [city.west] })).username, PASSWORD);
    const manager = await login(app, (await createAccount(app.db, city, 'ZONE_MANAGER', { zoneId })).username, PASSWORD);
    const before = await allocationSnapshot(app.db);
    const DRAW = 'mutation($id: ID!) { drawAllocationRound(id: $id) { id } }';
    expect((await app.gql(DRAW, { id: round.id }, officer)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BEFORE_DEADLINE' });
    for (const t of [assistant, manager, vendors[0].token]) expect((await app.gql(DRAW, { id: round.id }, t)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect(await allocationSnapshot(app.db)).toEqual(before);
  });

  it('draws after the deadline; anyone recomputes the published result from the revealed seed', async () => {
    await expireDeadline(app.db, city, round.id);
    const drawn = await app.gql<{ drawAllocationRound: Round }>(`mutation($id: ID!) { drawAllocationRound(id: $id) { ${ROUND_FIELDS} } }`, { id: round.id }, officer);
    expect(drawn.errors).toBeUndefined();
    // Read back as the public reads it: no login.
    const pub = await app.gql<{ allocationRound: Round }>(`query($c: String!, $id: ID!) { allocationRound(city: $c, id: $id) { ${ROUND_FIELDS} } }`, { c: city.code, id: round.id });
    const r = pub.data!.allocationRound;
    expect(r).toEqual(drawn.data!.drawAllocationRound);
    expect(r).toMatchObject({ status: 'DRAWN', applicants: 8 });
    expect(r.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash('sha256').update(r.seed!, 'utf8').digest('hex')).toBe(round.seedCommitment);
    const again = recompute(r.seed!, r.results, r.spots.map((s) => s.number));
    expect(r.results.map(({ maskedName: _m, ...e }) => e)).toEqual(again);
    // Priority first: the two tier-0 vendors, then the veteran, then the elderly, then the rest.
    expect(r.results.map((e) => e.priorityTier)).toEqual([0, 0, 1, 3, 9, 9, 9, 9]);
    expect(r.results.slice(0, 3).map((e) => e.spotNumber)).toEqual([1, 2, 3]);
    expect(r.results.slice(3).every((e) => e.spotNumber === null)).toBe(true);
    for (const e of r.results) expect(e.maskedName).toBe(`${[...applications.get(e.applicationId)!][0]}${'*'.repeat([...applications.get(e.applicationId)!].length - 1)}`);
    // Nothing personal in the public answer: no full name, no account id, no stored phone.
    const text = JSON.stringify(pub);
    for (const v of vendors) {
      expect(text).not.toContain(v.name);
      expect(text).not.toContain(v.accountId);
    }
    expect(text).not.toMatch(/enc-phone|hmac-phone/);
    // The seed was not in the audit trail before the draw.
    const early = await app.db.prisma.auditLog.findMany({ where: { cityId: city.cityId, operation: 'openAllocationRound' } });
    expect(early).toHaveLength(1);
    expect(JSON.stringify(early.map((e) => [e.before, e.after]))).not.toContain(r.seed);
    const listed = await app.gql<{ allocationRounds: { id: string }[] }>('query($c: String!, $z: ID!) { allocationRounds(city: $c, zoneId: $z) { id } }', { c: city.code, z: zoneId });
    expect(listed.data!.allocationRounds).toEqual([{ id: round.id }]);
    round = r;
  });

  it('gives the winners assignments for the round\'s period and puts the rest on the waiting list in draw order', async () => {
    const byApp = new Map(round.results.map((e) => [e.applicationId, e]));
    for (const v of vendors) {
      const mine = await app.gql<{ myApplications: { id: string; status: string; waitingPosition: number | null; assignment: { startsOn: string; endsOn: string; spot: { number: number } } | null }[] }>(
        '{ myApplications { id status waitingPosition assignment { startsOn endsOn spot { number } } } }', {}, v.token);
      const a = mine.data!.myApplications[0];
      const entry = byApp.get(a.id)!;
      if (entry.spotNumber !== null) {
        expect(a).toMatchObject({ status: 'APPROVED', waitingPosition: null, assignment: { startsOn: day(3), endsOn: day(33), spot: { number: entry.spotNumber } } });
      } else {
        expect(a).toMatchObject({ status: 'WAITLISTED', waitingPosition: entry.position - 3, assignment: null });
      }
    }
    const closed = await app.gql(APPLY, { input: { zoneId, roundId: round.id, businessType: 'food.snacks', startsOn: day(3), endsOn: day(33) } }, vendors[0].token);
    expect(closed.errors![0].extensions.code).toMatch(/BAD_USER_INPUT|CONFLICT/);
    const twice = await app.gql('mutation($id: ID!) { drawAllocationRound(id: $id) { id } }', { id: round.id }, officer);
    expect(twice.errors![0].extensions.reason).toBe('INVALID_TRANSITION');
  });

  it('serves the waiting list at once when a winner\'s assignment is revoked', async () => {
    const winner = round.results[1];
    const first = round.results[3];
    const [assignment] = await app.db.prisma.assignment.findMany({ where: { cityId: city.cityId, applicationId: winner.applicationId } });
    const revoked = await app.gql<{ revokeAssignment: { status: string; reason: string } }>(
      'mutation($id: ID!) { revokeAssignment(id: $id, reason: "转租摊位") { status reason } }', { id: assignment.id }, officer);
    expect(revoked.data!.revokeAssignment).toEqual({ status: 'REVOKED', reason: '转租摊位' });
    const promoted = await app.db.prisma.application.findUniqueOrThrow({ where: { cityId_id: { cityId: city.cityId, id: first.applicationId } } });
    expect(promoted.status).toBe('APPROVED');
    const given = await app.db.prisma.assignment.findFirstOrThrow({ where: { cityId: city.cityId, applicationId: first.applicationId } });
    expect(given).toMatchObject({ spotId: assignment.spotId, status: 'ACTIVE', startsOn: assignment.startsOn, endsOn: assignment.endsOn });
    const audit = await app.db.prisma.auditLog.findMany({ where: { cityId: city.cityId, entityId: { in: [first.applicationId, given.id] } } });
    expect(audit.map((a) => a.operation).sort()).toEqual(['applyForSpot', 'createAssignment', 'drawAllocationRound', 'promoteFromWaitingList']);
    // Everyone behind moves up one place.
    const next = vendors.find((v) => applications.get(round.results[4].applicationId) === v.name)!;
    const mine = await app.gql<{ myApplications: { waitingPosition: number }[] }>('{ myApplications { waitingPosition } }', {}, next.token);
    expect(mine.data!.myApplications[0].waitingPosition).toBe(1);
  });
});
