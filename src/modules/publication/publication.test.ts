// Publishing the demo city's map: version 1 at seeding, a preview that names what would change, drafts
// kept from the public until published, rollback as a new version, admins only, all or nothing.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { square } from '../../../test/helpers/factories';
import { publicationByVersion, cityByCode } from './publication.sql';

let app: TestApp;
let admin: string;
let cityId: string;
const PW = 'demo-password-1';

const PUBLISHED = 'query { publishedMap(city: "371300") { current { version zoneCount spotCount featureCount bounds republishedFrom note } styleUrl } }';
const PREVIEW = `query { previewPublication { baseVersion unchanged layers { layer added { id name } changed { id name fields } removed { id name } } } }`;
const PUBLISH = 'mutation($n: String, $b: Int) { publishMap(note: $n, expectedBaseVersion: $b) { version zoneCount note } }';
const SEARCH = 'query($t: String) { mapZones(city: "371300", text: $t, first: 200) { version totalCount zones { id name } } }';
type Preview = { previewPublication: { baseVersion: number; unchanged: boolean; layers: { layer: string; added: { id: string; name: string }[]; changed: { id: string; fields: string[] }[]; removed: { id: string }[] }[] } };

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  admin = await login(app, 'admin', PW);
  cityId = (await cityByCode(app.db.sql, '371300'))!.id;
});
afterAll(() => app.close());

const count = async (table: string) => (await app.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

it('the demo city starts with version 1: every active zone, offered spot and distance rule, public attributes only', async () => {
  const r = await app.gql<{ publishedMap: { current: { version: number; zoneCount: number; spotCount: number; featureCount: number; bounds: number[] } } }>(PUBLISHED);
  const cur = r.data!.publishedMap.current;
  expect(cur.version).toBe(1);
  const [live] = await app.db.sql.query<{ zones: number; spots: number; features: number }>(`SELECT
    (SELECT count(*)::int FROM zone WHERE status = 'ACTIVE') AS zones,
    (SELECT count(*)::int FROM spot WHERE status IN ('AVAILABLE', 'ASSIGNED')) AS spots,
    (SELECT count(*)::int FROM distance_rule WHERE active) AS features`);
  expect({ zones: cur.zoneCount, spots: cur.spotCount, features: cur.featureCount }).toEqual(live);
  expect(cur.zoneCount).toBeGreaterThan(20);
  expect(cur.spotCount).toBeGreaterThan(100);
  const [minLon, minLat, maxLon, maxLat] = cur.bounds;
  expect(minLon).toBeGreaterThan(118.2); expect(maxLon).toBeLessThan(118.5);
  expect(minLat).toBeGreaterThan(34.9); expect(maxLat).toBeLessThan(35.2);
});

it('previews nothing to change right after publishing', async () => {
  const p = (await app.gql<Preview>(PREVIEW, {}, admin)).data!.previewPublication;
  expect(p).toMatchObject({ baseVersion: 1, unchanged: true });
  expect(p.layers.map((l) => l.layer)).toEqual(['ZONES', 'SPOTS', 'FEATURES', 'SIGNS']);
  expect(await count('publication')).toBe(1); // the preview wrote nothing
});

it('keeps a new zone and a retirement from the public until published, and previews both', async () => {
  const created = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name: '测试新夜市 draft market', kind: 'NIGHT_MARKET', geometry: square(118.3300, 35.0900, 60) } }, admin);
  const newId = created.data!.createZone.id;
  const [retiree] = await app.db.sql.query<{ id: string; name: string }>(
    `SELECT id, name FROM zone WHERE kind = 'SERVICE_POINT' AND status = 'ACTIVE' ORDER BY name LIMIT 1`);
  await app.gql('mutation($id: ID!) { retireZone(id: $id, reason: "test") { id } }', { id: retiree.id }, admin);
  const before = await app.gql<{ mapZones: { zones: { id: string }[] } }>(SEARCH, {});
  expect(before.errors).toBeUndefined();
  const publicIds = before.data!.mapZones.zones.map((z) => z.id);
  expect(publicIds).not.toContain(newId);
  expect(publicIds).toContain(retiree.id);

  const p = (await app.gql<Preview>(PREVIEW, {}, admin)).data!.previewPublication;
  const zones = p.layers.find((l) => l.layer === 'ZONES')!;
  expect(zones.added.map((z) => z.id)).toEqual([newId]);
  expect(zones.removed.map((z) => z.id)).toEqual([retiree.id]);
  // The retired zone's spots leave the map with it.
  const [spots] = await app.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM published_spot WHERE version = 1 AND zone_id = $1', [retiree.id]);
  expect(p.layers.find((l) => l.layer === 'SPOTS')!.removed.length).toBe(spots.n);
  expect(p.unchanged).toBe(false);

  const done = await app.gql<{ publishMap: { version: number; note: string } }>(PUBLISH, { n: '新增夜市 new night market', b: 1 }, admin);
  expect(done.data!.publishMap).toMatchObject({ version: 2, note: '新增夜市 new night market' });
  const after = (await app.gql<{ mapZones: { version: number; zones: { id: string }[] } }>(SEARCH, {})).data!.mapZones;
  expect(after.version).toBe(2);
  expect(after.zones.map((z) => z.id)).toContain(newId);
  expect(after.zones.map((z) => z.id)).not.toContain(retiree.id);
  const audit = await app.db.prisma.auditLog.findMany({ where: { operation: 'publishMap', entityId: '2' } });
  expect(audit).toHaveLength(1);
});

it('answers a stale expectedBaseVersion with CONFLICT and writes nothing', async () => {
  const before = await count('published_zone');
  const r = await app.gql(PUBLISH, { b: 1 }, admin);
  expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  expect(await count('published_zone')).toBe(before);
  expect(await count('publication')).toBe(2);
});

it('rolls back by republishing version 1 as version 3, whose content is version 1 again', async () => {
  const r = await app.gql<{ republishVersion: { version: number; republishedFrom: number; zoneCount: number } }>(
    'mutation { republishVersion(version: 1, note: "回退 rollback") { version republishedFrom zoneCount } }', {}, admin);
  const v1 = await publicationByVersion(app.db.sql, cityId, 1);
  expect(r.data!.republishVersion).toEqual({ version: 3, republishedFrom: 1, zoneCount: v1!.zoneCount });
  const [diff] = await app.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM
    (SELECT zone_id, digest FROM published_zone WHERE version = 1) a FULL JOIN (SELECT zone_id, digest FROM published_zone WHERE version = 3) b
    USING (zone_id) WHERE a.digest IS DISTINCT FROM b.digest`);
  expect(diff.n).toBe(0);
  const again = await app.gql('mutation { republishVersion(version: 3) { version } }', {}, admin);
  expect(again.errors?.[0].extensions.code).toBe('CONFLICT');
  const missing = await app.gql('mutation { republishVersion(version: 42) { version } }', {}, admin);
  expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
});

it('lets only admins publish, preview and republish', async () => {
  const before = await count('publication');
  for (const who of ['officer', 'assistant', 'zonemanager', 'vendor']) {
    const token = await login(app, who, PW);
    for (const q of [PUBLISH, PREVIEW, 'mutation { republishVersion(version: 1) { version } }']) {
      expect((await app.gql(q, {}, token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  }
  expect((await app.gql(PUBLISH, {})).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(await count('publication')).toBe(before);
  const officer = await login(app, 'officer', PW);
  const list = await app.gql<{ publications: { version: number }[] }>('query { publications { version } }', {}, officer);
  expect(list.data!.publications.map((p) => p.version)).toEqual([3, 2, 1]);
});

it('never changes a published version, and a failure part-way leaves no half-written version', async () => {
  await expect(app.db.exec(`UPDATE published_zone SET name = 'x' WHERE version = 1`)).rejects.toThrow(/immutable/);
  await expect(app.db.exec('DELETE FROM publication WHERE version = 1')).rejects.toThrow(/immutable/);
  // The last table a publication writes refuses the write: zones and spots already written must vanish too.
  await app.db.exec(`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
    CREATE TRIGGER test_refuse BEFORE INSERT ON published_feature FOR EACH ROW EXECUTE FUNCTION test_refuse();`);
  const counts = [await count('publication'), await count('published_zone'), await count('published_spot')];
  const r = await app.gql(PUBLISH, { n: 'doomed' }, admin);
  expect(r.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  expect([await count('publication'), await count('published_zone'), await count('published_spot')]).toEqual(counts);
  await app.db.exec('DROP TRIGGER test_refuse ON published_feature; DROP FUNCTION test_refuse();');
  expect((await app.gql<{ publishMap: { version: number } }>(PUBLISH, {}, admin)).data!.publishMap.version).toBe(4);
});

it('serialises publications made at the same moment into consecutive versions', async () => {
  const results = await Promise.all([1, 2, 3].map(() => app.gql<{ publishMap: { version: number } }>(PUBLISH, {}, admin)));
  expect(results.map((r) => r.data!.publishMap.version).sort()).toEqual([5, 6, 7]);
});

it('publishes the sign permits in force as a layer: the register\'s public attributes; revoked and expired ones left out', async () => {
  const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
  const ids = async (q: string, args: unknown[] = []) => (await app.db.sql.query<{ id: string }>(q, args)).map((r) => r.id);
  const published = (v: number) => ids('SELECT permit_id::text AS id FROM published_sign WHERE version = $1 ORDER BY permit_id', [v]);
  const live = await ids(`SELECT id::text FROM sign_application WHERE status = 'APPROVED' AND valid_until >= ${TODAY} ORDER BY id`);
  expect(live).toHaveLength(3); // the demo's two approved permits and the one near its last day
  expect(await published(1)).toEqual(live);
  expect((await publicationByVersion(app.db.sql, cityId, 1))!.signCount).toBe(3);
  const expired = await ids(`SELECT id::text FROM sign_application WHERE status = 'APPROVED' AND valid_until < ${TODAY}`);
  const revoked = await ids(`SELECT id::text FROM sign_application WHERE status = 'REVOKED'`);
  expect(expired.length + revoked.length).toBeGreaterThan(1);
  for (const id of [...expired, ...revoked]) expect(live).not.toContain(id);

  // As GeoJSON: the register's attributes, nothing of the applicant.
  const res = await app.server.inject({ method: 'GET', url: '/maps/371300/1/signs.geojson' });
  expect(res.statusCode).toBe(200);
  const fc = JSON.parse(res.body) as { features: { id: string; geometry: { type: string }; properties: Record<string, unknown> }[] };
  expect(fc.features.map((f) => f.id).sort()).toEqual(live);
  expect(fc.features[0].geometry.type).toBe('Point');
  expect(Object.keys(fc.features[0].properties).sort()).toEqual(['id', 'permit_number', 'shop_name', 'sign_types', 'signs', 'street_name', 'valid_from', 'valid_until']);
  expect(res.body).not.toMatch(/contact|address|1990000|phone/i);
  await expect(app.db.exec('DELETE FROM published_sign WHERE version = 1')).rejects.toThrow(/immutable/);

  // A permit revoked: the preview names it under SIGNS, publishing takes it off the map, a rollback brings it back.
  const gone = live[0];
  const revoke = await app.gql('mutation($id: ID!) { revokeSignPermit(id: $id, reason: "测试撤销 / test revocation") { status } }', { id: gone }, admin);
  expect(revoke.errors).toBeUndefined();
  const signs = (await app.gql<Preview>(PREVIEW, {}, admin)).data!.previewPublication.layers.find((l) => l.layer === 'SIGNS')!;
  expect(signs).toMatchObject({ added: [], changed: [], removed: [{ id: gone }] });
  const v = (await app.gql<{ publishMap: { version: number } }>(PUBLISH, {}, admin)).data!.publishMap.version;
  expect(await published(v)).toEqual(live.filter((id) => id !== gone));
  expect((await publicationByVersion(app.db.sql, cityId, v))!.signCount).toBe(2);
  const back = await app.gql<{ republishVersion: { version: number } }>('mutation { republishVersion(version: 1) { version } }', {}, admin);
  expect(await published(back.data!.republishVersion.version)).toEqual(live);
});
