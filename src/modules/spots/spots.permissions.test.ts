// Who may draw and change spots: admins in their city; officers only on zones lying wholly in districts
// they hold; a zone's manager only in that zone; never an assistant or a vendor; the public not at
// all. Every write operation is tried by every role; a refusal leaves the spot rows and the audit
// trail as they were.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, EAST, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { insertSpot, makeZone, moved, point, spotState } from '../../../test/helpers/spots';

let app: TestApp;
let city: TestCity;
const token: Record<string, string> = {};
const z: Record<string, string> = {};
const A = [WEST.lon, WEST.lat] as const;
let spotA: string;
let slot = 0;

/** A free place in zone A for each successful write (5 m apart on a 60 m square). */
const nextPlace = () => { slot++; return moved(A, -25 + (slot % 10) * 5, -25 + Math.floor(slot / 10) * 5); };

const OPS: Record<string, (who: string, zoneId: string) => Promise<{ errors?: { extensions: { code: string } }[] }>> = {
  createSpot: (who, zoneId) => app.gql('mutation($i: CreateSpotInput!) { createSpot(input: $i) { id } }',
    { i: { zoneId, widthM: 2, depthM: 1.5, geometry: point(zoneId === z.a ? nextPlace() : z.centre === zoneId ? [118.35, 35.03] : [EAST.lon, EAST.lat]) } }, token[who]),
  createSpotsAlongLine: (who, zoneId) => app.gql('mutation($i: SpotsAlongLineInput!) { createSpotsAlongLine(input: $i, dryRun: true) { count } }',
    { i: { zoneId, line: { type: 'LineString', coordinates: [moved(A, -25, 28), moved(A, 25, 28)] }, count: 3, gapM: 2, widthM: 2, depthM: 1.5 } }, token[who]),
  createSpotsGrid: (who, zoneId) => app.gql('mutation($i: SpotsGridInput!) { createSpotsGrid(input: $i, dryRun: true) { count } }',
    { i: { zoneId, widthM: 2, depthM: 1.5, gapM: 1, maxCount: 3 } }, token[who]),
  updateSpot: (who) => app.gql('mutation($id: ID!) { updateSpot(id: $id, input: { depthM: 1.5 }) { id } }', { id: spotA }, token[who]),
  setSpotStatus: async (who) => {
    const r = await app.gql('mutation($id: ID!) { setSpotStatus(id: $id, status: SUSPENDED) { id } }', { id: spotA }, token[who]);
    if (!r.errors) await app.gql('mutation($id: ID!) { setSpotStatus(id: $id, status: AVAILABLE) { id } }', { id: spotA }, token.admin);
    return r;
  },
};

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  token.admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  z.a = await makeZone(app, token.admin, '西区摊点群', 'STALL_CLUSTER', A, 60);
  z.b = await makeZone(app, token.admin, '东区摊点群', 'STALL_CLUSTER', [EAST.lon, EAST.lat], 40);
  // Across the district boundary (118.35 E): mostly west, a little east.
  z.centre = await makeZone(app, token.admin, '界河夜市', 'NIGHT_MARKET', [118.3499, 35.03], 40);
  spotA = await insertSpot(app.db, city.cityId, z.a, 99, moved(A, 25, 25));
  const roles: Record<string, Parameters<typeof createAccount>[2]> = { west: 'OFFICER', east: 'OFFICER', both: 'OFFICER', assistant: 'ASSISTANT', managerA: 'ZONE_MANAGER', managerB: 'ZONE_MANAGER', vendor: 'VENDOR' };
  const opts: Record<string, Parameters<typeof createAccount>[3]> = {
    west: { districts: [city.west] }, east: { districts: [city.east] }, both: { districts: [city.west, city.east] },
    assistant: { districts: [city.west] }, managerA: { zoneId: z.a }, managerB: { zoneId: z.b },
  };
  for (const [who, role] of Object.entries(roles)) token[who] = await login(app, (await createAccount(app.db, city, role, opts[who])).username, PASSWORD);
});
afterAll(() => app.close());

const ALLOWED_ON_A = ['admin', 'west', 'both', 'managerA'];
const REFUSED_ON_A: [string, string][] = [['east', 'FORBIDDEN'], ['assistant', 'FORBIDDEN'], ['managerB', 'FORBIDDEN'], ['vendor', 'FORBIDDEN'], ['anonymous', 'UNAUTHENTICATED']];

describe.each(Object.keys(OPS))('%s on a zone of the West district', (op) => {
  it.each(ALLOWED_ON_A)('%s may', async (who) => {
    const r = await OPS[op](who, z.a);
    expect(r.errors).toBeUndefined();
  });

  it.each(REFUSED_ON_A)('%s may not: %s, nothing changed', async (who, code) => {
    const before = await spotState(app.db);
    const r = await OPS[op](who, z.a);
    expect(r.errors![0].extensions.code).toBe(code);
    expect(await spotState(app.db)).toEqual(before);
  });
});

describe('a zone across a district boundary', () => {
  it('takes spots from an admin or an officer holding both districts, not from an officer of one', async () => {
    for (const who of ['west', 'east']) {
      const before = await spotState(app.db);
      expect((await OPS.createSpot(who, z.centre)).errors![0].extensions.code).toBe('FORBIDDEN');
      expect(await spotState(app.db)).toEqual(before);
    }
    expect((await OPS.createSpot('both', z.centre)).errors).toBeUndefined();
  });
});
