// Nothing but the published map reaches the public, through every public output at once: a zone
// retired and then published away, and a zone drawn after the last publication (a draft), are absent
// from the GeoJSON layers, the vector tiles over them, the public GraphQL search and the embed's list in
// a real browser; and no vendor's or shop owner's phone number, nor a shop owner's name, appears in any
// of those answers or in the public sign register (GraphQL, GeoJSON, CSV).
import type { Browser } from 'playwright-core';
import { DEMO_SHOPS } from '../src/demo/demo-signs.data';
import { DEMO_VENDORS } from '../src/demo/demo-stalls.data';
import { decodeTile } from '../src/modules/publication/tile-encoder';
import { DEMO_PASSWORD, describeInBrowser, launchBrowser, startDemoServer, type DemoServer } from './helpers/browser';

const CITY = '371300';
const DRAFT_NAME = '未发布草稿夜市 unpublished draft market';

/** The z16 tile that holds a WGS84 point. */
function tileOf(lon: number, lat: number, z = 16): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

const square = (lon: number, lat: number, m: number) => {
  const dx = m / (111_320 * Math.cos((lat * Math.PI) / 180)) / 2;
  const dy = m / 110_540 / 2;
  return { type: 'Polygon', coordinates: [[[lon - dx, lat - dy], [lon + dx, lat - dy], [lon + dx, lat + dy], [lon - dx, lat + dy], [lon - dx, lat - dy]]] };
};

describeInBrowser('what the public sees', () => {
  let demo: DemoServer;
  let browser: Browser;
  /** Every public answer read, for the personal-data check at the end. */
  const seen: { url: string; text: string }[] = [];
  let retired: { id: string; name: string; lon: number; lat: number; spotIds: string[] };
  let draftId: string;
  const draftAt = { lon: 118.3312, lat: 35.0912 };

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const res = await fetch(`${demo.url}/graphql`, { method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    if (!token) seen.push({ url: 'graphql', text });
    const body = JSON.parse(text) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  }

  async function get(path: string): Promise<Response> {
    const res = await fetch(`${demo.url}${path}`);
    expect({ path, status: res.status }).toEqual({ path, status: expect.any(Number) });
    return res;
  }

  async function geojsonIds(layer: string): Promise<string[]> {
    const res = await get(`/maps/${CITY}/latest/${layer}.geojson`);
    expect(res.status).toBe(200);
    const text = await res.text();
    seen.push({ url: res.url, text });
    return (JSON.parse(text) as { features: { id: string }[] }).features.map((f) => String(f.id));
  }

  async function tileIds(lon: number, lat: number): Promise<{ zones: string[]; spots: string[] }> {
    const t = tileOf(lon, lat);
    const res = await get(`/tiles/${CITY}/latest/${t.z}/${t.x}/${t.y}.mvt`);
    expect([200, 204]).toContain(res.status);
    if (res.status === 204) return { zones: [], spots: [] };
    const bytes = new Uint8Array(await res.arrayBuffer());
    seen.push({ url: res.url, text: Buffer.from(bytes).toString('latin1') + Buffer.from(bytes).toString('utf8') });
    const layers = decodeTile(bytes);
    return { zones: (layers.zones ?? []).map((f) => String(f.properties.id)), spots: (layers.spots ?? []).map((f) => String(f.properties.id)) };
  }

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
    const { login: { token: admin } } = await gql<{ login: { token: string } }>(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: 'admin', p: DEMO_PASSWORD });

    // A published zone with spots, retired and then published away.
    const [z] = await demo.db.sql.query<{ id: string; name: string; lon: number; lat: number }>(
      `SELECT z.zone_id::text AS id, z.name, ST_X(ST_PointOnSurface(z.geom)) AS lon, ST_Y(ST_PointOnSurface(z.geom)) AS lat
         FROM published_zone z WHERE z.version = 1 AND z.spot_count > 0 ORDER BY z.name LIMIT 1`);
    const spots = await demo.db.sql.query<{ id: string }>('SELECT spot_id::text AS id FROM published_spot WHERE version = 1 AND zone_id = $1', [z.id]);
    retired = { ...z, spotIds: spots.map((s) => s.id) };
    expect(retired.spotIds.length).toBeGreaterThan(0);
    await gql('mutation($id: ID!) { retireZone(id: $id, reason: "公开输出测试 public output test") { id } }', { id: z.id }, admin);
    const done = await gql<{ publishMap: { version: number } }>('mutation { publishMap(note: "撤销一个区域 a zone retired") { version } }', {}, admin);
    expect(done.publishMap.version).toBe(2);

    // Then a zone drawn after that publication: a draft as far as the public is concerned.
    const created = await gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
      { i: { name: DRAFT_NAME, kind: 'NIGHT_MARKET', geometry: square(draftAt.lon, draftAt.lat, 60) } }, admin);
    draftId = created.createZone.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('keeps the retired zone, its spots and the draft out of the GeoJSON layers', async () => {
    const zones = await geojsonIds('zones');
    expect(zones.length).toBeGreaterThan(10);
    expect(zones).not.toContain(retired.id);
    expect(zones).not.toContain(draftId);
    const spots = await geojsonIds('spots');
    for (const id of retired.spotIds) expect(spots).not.toContain(id);
    await geojsonIds('features');
  });

  it('keeps them out of the vector tiles over where they lie', async () => {
    const atRetired = await tileIds(retired.lon, retired.lat);
    expect(atRetired.zones).not.toContain(retired.id);
    for (const id of retired.spotIds) expect(atRetired.spots).not.toContain(id);
    // Version 1 still holds the retired zone in the same tile: the tile is the right one to look at.
    const t = tileOf(retired.lon, retired.lat);
    const v1 = decodeTile(new Uint8Array(await (await get(`/tiles/${CITY}/1/${t.z}/${t.x}/${t.y}.mvt`)).arrayBuffer()));
    expect((v1.zones ?? []).map((f) => String(f.properties.id))).toContain(retired.id);
    expect((await tileIds(draftAt.lon, draftAt.lat)).zones).not.toContain(draftId);
  });

  it('keeps them out of the public GraphQL search', async () => {
    const q = `query($t: String, $first: Int) { mapZones(city: "${CITY}", text: $t, first: $first) { totalCount zones { id name } } }`;
    for (const text of [retired.name, '草稿']) {
      const found = (await gql<{ mapZones: { zones: { id: string }[] } }>(q, { t: text, first: 200 })).mapZones.zones.map((z) => z.id);
      expect(found).not.toContain(retired.id);
      expect(found).not.toContain(draftId);
    }
    const near = `query($p: GeoJSON, $first: Int) { mapZones(city: "${CITY}", near: $p, radiusM: 500, first: $first) { zones { id } } }`;
    for (const p of [[retired.lon, retired.lat], [draftAt.lon, draftAt.lat]]) {
      const ids = (await gql<{ mapZones: { zones: { id: string }[] } }>(near, { p: { type: 'Point', coordinates: p }, first: 200 })).mapZones.zones.map((z) => z.id);
      expect(ids).not.toContain(retired.id);
      expect(ids).not.toContain(draftId);
    }
    await gql(`{ publishedMap(city: "${CITY}") { city cityName current { version zoneCount spotCount featureCount } styleUrl } }`);
  });

  it("keeps them out of the embed's list in a browser", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      page.on('response', async (r) => {
        if (r.status() === 200 && /\/(graphql|maps|live)\//.test(new URL(r.url()).pathname + '/')) seen.push({ url: r.url(), text: await r.text().catch(() => '') });
      });
      await page.goto(`${demo.url}/embed?city=${CITY}&lang=zh`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '列表' }).click();
      await page.locator('#zone-list .zone-row').first().waitFor();
      const ids = await page.locator('#zone-list .zone-row').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { zoneId: string } }).dataset.zoneId));
      expect(ids.length).toBeGreaterThan(10);
      expect(ids).not.toContain(retired.id);
      expect(ids).not.toContain(draftId);
      const text = await page.locator('body').innerText();
      expect(text).not.toContain(DRAFT_NAME);
      seen.push({ url: 'embed page text', text });
    } finally {
      await context.close();
    }
  });

  it('puts no phone number or shop owner in any public answer, the sign register included', async () => {
    for (const path of [`/signs/${CITY}/register.geojson`, `/signs/${CITY}/register.csv`]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      seen.push({ url: path, text: await res.text() });
    }
    const register = await gql<{ signRegister: unknown[] }>(`{ signRegister(city: "${CITY}") { permitNumber shopName streetName location validUntil status signs { type widthM heightM } } }`);
    expect(register.signRegister.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(10);
    const secrets = [
      ...DEMO_VENDORS.map((v) => v.phone),
      '19900001000', ...DEMO_SHOPS.map((_s, i) => `1990000${2000 + i}`),
      ...DEMO_SHOPS.filter((s) => s.owner !== 'vendor').map((s) => s.owner), '赵秀英',
    ];
    for (const { url, text } of seen) for (const s of secrets) expect({ url, leaks: text.includes(s) ? s : null }).toEqual({ url, leaks: null });
  });
});
