// The published map's rows of the authorization matrix: every operation × every kind of caller through
// GraphQL; a refused call answers with the right code and leaves every table as it was.
import type { Role } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { PUBLICATION_MATRIX as MATRIX, WHO, type Who } from '../../../test/authorization.matrix';
import { createAccount, createCity, PASSWORD, snapshot, square, WEST, type TestCity } from '../../../test/helpers/factories';
import { staffTokens } from '../../../test/helpers/staff';

let app: TestApp;
let city: TestCity;
const tokens = new Map<Who, string | null>();

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  tokens.set('anonymous', null);
  const make = async (who: Who, role: Role, opts: Parameters<typeof createAccount>[3] = {}) =>
    tokens.set(who, await login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD));
  for (const [who, token] of await staffTokens(app, city)) tokens.set(who, token);
  const z = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "夜市", kind: NIGHT_MARKET, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 80) }, tokens.get('admin'));
  await make('zoneManager', 'ZONE_MANAGER', { zoneId: z.data!.createZone.id });
  await make('vendor', 'VENDOR');
  // Two versions, so that republishing version 1 is a real rollback.
  for (let i = 0; i < 2; i++) await app.gql('mutation { publishMap { version } }', {}, tokens.get('admin'));
});
afterAll(() => app.close());

const OPS: Record<string, string> = {
  publishMap: 'mutation { publishMap(note: "n") { version } }',
  republishVersion: 'mutation { republishVersion(version: 1) { version } }',
  'previewPublication (query)': '{ previewPublication { unchanged } }',
  'publications (query)': '{ publications { version } }',
};

describe.each(Object.keys(MATRIX))('%s', (op) => {
  it.each(WHO)('as %s', async (who) => {
    const before = await snapshot(app.db);
    const r = await app.gql(OPS[op], {}, tokens.get(who));
    if (MATRIX[op].includes(who)) {
      expect(r.errors).toBeUndefined();
    } else {
      expect(r.errors?.[0].extensions.code).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      expect(await snapshot(app.db)).toEqual(before);
    }
  });
});
