// No double booking under real concurrency: twenty approvals of twenty applications for the same spot
// and overlapping days, sent through GraphQL at once. The exclusion constraint, not a read before the
// write, decides: exactly one wins, nineteen get CONFLICT, and the database holds one assignment.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { createSpot, createVendingZone, createVendor, day, offset } from '../../../test/helpers/allocation';

let app: TestApp;
let city: TestCity;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
});
afterAll(() => app.close());

it('20 parallel approvals of one spot: one succeeds, 19 CONFLICT, one live assignment', async () => {
  const zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat);
  const spotId = await createSpot(app.db, city, zoneId, 1, offset(WEST.lon, WEST.lat, 0, 0));
  const admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const vendor = await login(app, (await createVendor(app.db, city)).username, PASSWORD);
    // Every period shares day 10 with every other.
    const res = await app.gql<{ applyForSpot: { id: string } }>('mutation($input: ApplyForSpotInput!) { applyForSpot(input: $input) { id } }', {
      input: { zoneId, spotId, businessType: 'food.snacks', startsOn: day(1 + (i % 5)), endsOn: day(10 + i) },
    }, vendor);
    ids.push(res.data!.applyForSpot.id);
  }

  const results = await Promise.all(ids.map((id) =>
    app.gql<{ approveApplication: { id: string } }>('mutation($id: ID!) { approveApplication(id: $id) { id } }', { id }, admin)));

  const won = results.filter((r) => r.data?.approveApplication);
  const lost = results.filter((r) => r.errors);
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(19);
  for (const r of lost) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SPOT_TAKEN' });

  const live = await app.db.prisma.assignment.findMany({ where: { cityId: city.cityId, spotId, status: { in: ['ACTIVE', 'SUSPENDED'] } } });
  expect(live.map((a) => a.id)).toEqual([won[0].data!.approveApplication.id]);
  const statuses = await app.db.prisma.application.groupBy({ by: ['status'], where: { cityId: city.cityId, id: { in: ids } }, _count: true });
  expect(Object.fromEntries(statuses.map((s) => [s.status, s._count]))).toEqual({ APPROVED: 1, SUBMITTED: 19 });
  // Each losing transaction rolled back whole: one approval's two audit rows, no more.
  expect(await app.db.prisma.auditLog.count({ where: { cityId: city.cityId, operation: { in: ['approveApplication', 'createAssignment'] } } })).toBe(2);
});
