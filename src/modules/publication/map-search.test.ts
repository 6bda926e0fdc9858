// The public search of the published map, checked against the live rules: right after publication the
// published "open at T" must name exactly the zones the live zones(openAt) names, for any business type;
// after the live rules change, the published map keeps answering by the published hours until the next
// publication, also after the open-interval window rolls forward.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { refreshCityOpenings } from '../openings/openings.service';
import { cityByCode } from './publication.sql';

let app: TestApp;
let officer: string;
let admin: string;
let cityId: string;

const SEARCH = `query($open: Boolean, $at: DateTime, $type: String, $text: String, $kinds: [ZoneKind!], $near: GeoJSON, $r: Float, $crs: Crs, $first: Int = 200) {
  mapZones(city: "371300", openNow: $open, at: $at, businessType: $type, text: $text, kinds: $kinds, near: $near, radiusM: $r, crs: $crs, first: $first) {
    version totalCount zones { id name kind open distanceM geometry weeklySchedule { days { dayName windows } } nextOpenings(count: 2) { from to }
      occupancy { spots checkedInNow free } } } }`;
type Z = { id: string; name: string; kind: string; open: boolean; weeklySchedule: { days: { windows: string[] }[] } | null; distanceM: number | null; geometry: { coordinates: number[][][][] }; nextOpenings: { from: string; to: string }[]; occupancy: { spots: number } };
type Search = { mapZones: { version: number; totalCount: number; zones: Z[] } };
const LIVE = 'query($at: DateTime, $type: String) { zones(openAt: $at, businessType: $type, first: 100) { edges { node { id } } } }';

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await login(app, 'officer', 'demo-password-1');
  admin = await login(app, 'admin', 'demo-password-1');
  cityId = (await cityByCode(app.db.sql, '371300'))!.id;
});
afterAll(() => app.close());

const search = async (v: Record<string, unknown>) => {
  const r = await app.gql<Search>(SEARCH, v);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.mapZones;
};

/** Instants across the coming week, every 97 minutes, so every hour and weekday is met at some minute. */
function instants(): string[] {
  const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  return Array.from({ length: 104 }, (_, i) => new Date(start + i * 97 * 60_000).toISOString());
}

it('names exactly the zones the live rules name as open, for any or one business type', async () => {
  let sawOpen = 0;
  for (const [i, at] of instants().entries()) {
    const type = [null, 'food', 'produce.farmers', 'repair'][i % 4];
    const live = await app.gql<{ zones: { edges: { node: { id: string } }[] } }>(LIVE, { at, type }, officer);
    const expected = live.data!.zones.edges.map((e) => e.node.id).sort();
    const published = (await search({ open: true, at, type })).zones.map((z) => z.id).sort();
    expect({ at, type, published }).toEqual({ at, type, published: expected });
    sawOpen += expected.length;
  }
  expect(sawOpen).toBeGreaterThan(50); // the check met open zones, not only closed hours
});

it('gives each zone its hours in words, next openings and live stall counts', async () => {
  const all = await search({});
  expect(all.version).toBe(1);
  const night = all.zones.find((z) => z.kind === 'NIGHT_MARKET')!;
  expect(night.weeklySchedule?.days[0].windows[0]).toMatch(/17:00/);
  expect(night.nextOpenings).toHaveLength(2);
  expect(Date.parse(night.nextOpenings[0].to)).toBeGreaterThan(Date.now());
  expect(night.occupancy.spots).toBeGreaterThan(0);
  const noVending = all.zones.find((z) => z.kind === 'NO_VENDING')!;
  expect(noVending).toMatchObject({ open: false, weeklySchedule: null, nextOpenings: [] });
});

it('filters by text (taken literally), kinds and business type, and sorts by distance near a point', async () => {
  expect((await search({ text: '夜市' })).zones.every((z) => z.name.includes('夜市'))).toBe(true);
  expect((await search({ text: '100%' })).totalCount).toBe(0);
  const kinds = await search({ kinds: ['NIGHT_MARKET', 'MORNING_MARKET'] });
  expect(new Set(kinds.zones.map((z) => z.kind))).toEqual(new Set(['NIGHT_MARKET', 'MORNING_MARKET']));
  const repair = await search({ type: 'repair' });
  expect(repair.zones.length).toBeGreaterThan(0);
  expect(repair.zones.every((z) => ['REPAIR_AND_KEY_POINT', 'FEATURE_STREET', 'SERVICE_POINT'].includes(z.kind))).toBe(true);
  const near = await search({ near: { type: 'Point', coordinates: [118.3563, 35.0634] }, r: 3000 });
  const d = near.zones.map((z) => z.distanceM!);
  expect(d.length).toBeGreaterThan(3);
  expect(d).toEqual([...d].sort((a, b) => a - b));
  expect(Math.max(...d)).toBeLessThanOrEqual(3000);
  const gcj = await search({ near: { type: 'Point', coordinates: [118.3563, 35.0634] }, r: 3000, crs: 'GCJ02' });
  // The same zone comes back offset by GCJ-02's few hundred metres.
  const [a, b] = [near.zones[0], gcj.zones.find((z) => z.id === near.zones[0].id)!];
  const dLon = b.geometry.coordinates[0][0][0][0] - a.geometry.coordinates[0][0][0][0];
  expect(Math.abs(dLon)).toBeGreaterThan(0.002);
  expect(Math.abs(dLon)).toBeLessThan(0.01);
});

it('refuses an unknown city, version or business type and an instant outside the coming two weeks', async () => {
  const bad = async (q: string) => (await app.gql(q)).errors?.[0].extensions;
  expect(await bad('{ mapZones(city: "999999") { version } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'city' });
  expect(await bad('{ mapZones(city: "371300", version: 9) { version } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
  expect(await bad('{ mapZones(city: "371300", businessType: "nope") { version } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'businessType' });
  expect(await bad('{ mapZones(city: "371300", at: "2031-01-01T00:00:00Z") { version } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'at' });
  expect(await bad('{ mapZones(city: "371300", near: {type: "Point", coordinates: [500, 1]}) { version } }')).toMatchObject({ code: 'BAD_USER_INPUT' });
  expect((await app.gql('{ publishedMap(city: "371300") { current { version } } }')).data).toEqual({ publishedMap: { current: { version: 1 } } });
});

it('keeps answering by the published hours after the live rules change, across a roll of the window', async () => {
  const zoneId = (await search({ kinds: ['SERVICE_POINT'] })).zones[0].id; // 08:00–20:00 every day
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const r = await app.gql(`mutation($z: ID!, $d: String!) { setZoneRule(zoneId: $z, input: { effectiveFrom: $d,
    windows: [{ day: 1, start: "02:00", end: "03:00" }], holidayPolicy: OPEN_AS_USUAL }) { id } }`, { z: zoneId, d: today }, admin);
  expect(r.errors).toBeUndefined();
  await app.db.prisma.$transaction((tx) => refreshCityOpenings(tx, cityId), { timeout: 60_000 });
  const noonTomorrow = new Date(Date.parse(`${today}T12:00:00+08:00`) + 86_400_000).toISOString();
  const live = await app.gql<{ zones: { edges: { node: { id: string } }[] } }>(LIVE, { at: noonTomorrow }, officer);
  expect(live.data!.zones.edges.map((e) => e.node.id)).not.toContain(zoneId);
  const published = await search({ open: true, at: noonTomorrow, kinds: ['SERVICE_POINT'] });
  expect(published.zones.map((z) => z.id)).toContain(zoneId);
  // Published again, the map takes the new hours.
  await app.gql('mutation { publishMap { version } }', {}, admin);
  expect((await search({ open: true, at: noonTomorrow, kinds: ['SERVICE_POINT'] })).zones.map((z) => z.id)).not.toContain(zoneId);
});

it('pages through every match with after/endCursor, in the same order, pinned to the first page\'s version and instant', async () => {
  const PAGE = `query($near: GeoJSON, $first: Int, $after: String, $at: DateTime) { mapZones(city: "371300", near: $near, radiusM: 50000, first: $first, after: $after, at: $at) {
    version at totalCount zones { id } pageInfo { hasNextPage endCursor } } }`;
  type Page = { mapZones: { version: number; at: string; totalCount: number; zones: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  const page = async (v: Record<string, unknown>) => {
    const r = await app.gql<Page>(PAGE, v);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.mapZones;
  };
  const near = { type: 'Point', coordinates: [118.36, 35.06] };
  for (const by of [{}, { near }]) {
    const whole = await page({ ...by, first: 200 });
    expect(whole.pageInfo.hasNextPage).toBe(false);
    expect(whole.zones.length).toBe(whole.totalCount);
    expect(whole.totalCount).toBeGreaterThan(14);
    const seen: string[] = [];
    let after: string | null = null;
    let first: Page['mapZones'] | null = null;
    for (let i = 0; i < 20; i++) {
      const p: Page['mapZones'] = await page({ ...by, first: 7, after });
      first ??= p;
      expect(p.totalCount).toBe(whole.totalCount);
      expect(p.at).toBe(first.at); // the instant of the first page, not a later "now"
      expect(p.version).toBe(first.version);
      seen.push(...p.zones.map((z) => z.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
      // Publishing between pages changes nothing for the pages to come: the cursor names its version.
      if (i === 0) expect((await app.gql('mutation { publishMap(note: "翻页之间 between pages") { version } }', {}, admin)).errors).toBeUndefined();
    }
    expect(seen).toEqual(whole.zones.map((z) => z.id));
  }
  // A cursor of one search does not fit another, and a forged one is refused.
  const byName = await page({ first: 3 });
  for (const v of [{ near, first: 3, after: byName.pageInfo.endCursor }, { first: 3, after: 'bm90IGEgY3Vyc29y' }, { first: 3, after: byName.pageInfo.endCursor, version: 1 }]) {
    const r = await app.gql(`query($near: GeoJSON, $first: Int, $after: String, $version: Int) { mapZones(city: "371300", near: $near, first: $first, after: $after, version: $version) { totalCount } }`, v);
    expect(r.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  }
});
