// The public map embed (/embed) as other sites use it: pasted into plain HTML pages served from ANOTHER
// origin (a second port of 127.0.0.1), once as the README's iframe snippet and once as the one-line
// <script> snippet. Inside, the open-now and business-type filters must agree with the API's own
// mapZones answer at the same instant (tomorrow 20:00 Beijing time, when the night markets are open, so
// the check never meets an empty city); a click on the map names the zone with its hours and its stall
// counts follow the live stream; the list works by keyboard alone; English replaces every label; and
// nothing is fetched from anywhere but the two local origins.
import http from 'node:http';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { describeInBrowser, ensureBundles, launchBrowser, screenshot, startDemoServer, until, type DemoServer } from './helpers/browser';

const CITY = '371300';
const shanghaiDay = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t);
const TOMORROW = shanghaiDay(Date.now() + 86_400_000);
const AT = `${TOMORROW}T20:00:00+08:00`;
// About 20 m south of 洗砚池街特色商业街 (src/demo/demo-zones.data.ts).
const NEAR_FEATURE_STREET = { longitude: 118.3571, latitude: 35.0660 };

type Zone = { id: string; name: string; kind: string; geometry: { coordinates: number[][][][] } };
type EmbedWindow = { __bianminMap: { jumpTo(o: object): void; once(e: string, f: () => void): void; project(p: number[]): { x: number; y: number } } };

describeInBrowser('the embeddable public map', () => {
  let demo: DemoServer;
  let host: http.Server;
  let hostUrl: string;
  let browser: Browser;
  const requests: string[] = [];
  const problems: string[] = [];

  /** The API's own answer, asked directly (the embed must agree with it). */
  async function mapZones(v: Record<string, unknown>): Promise<Zone[]> {
    const query = `query($open: Boolean, $at: DateTime, $type: String, $first: Int) { mapZones(city: "${CITY}", openNow: $open, at: $at,
      businessType: $type, first: $first) { zones { id name kind geometry } } }`;
    const res = await fetch(`${demo.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { first: 200, ...v } }) });
    const body = await res.json() as { data: { mapZones: { zones: Zone[] } } };
    return body.data.mapZones.zones;
  }

  async function open(context: BrowserContext, file: string): Promise<{ page: Page; frame: Frame }> {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${m.text()} ${m.location().url}`); });
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
    await page.goto(`${hostUrl}/${file}`);
    const frame = await until('the embed frame', async () => (await page.$('iframe'))?.contentFrame() ?? null);
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
    await frame.locator('#map canvas').waitFor();
    return { page, frame };
  }

  const listIds = (frame: Frame) => frame.locator('#zone-list .zone-row').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { zoneId: string } }).dataset.zoneId).sort());

  beforeAll(async () => {
    ensureBundles(['embed', 'embed-loader']);
    [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
    // The host site: two plain pages, each with one of the README's snippets, on an origin of its own.
    const pages: Record<string, string> = {
      '/iframe.html': `<iframe src="${demo.url}/embed?city=${CITY}&layers=zones,spots,features&lang=zh" title="便民服务地图" width="100%" height="600" style="border:0" allow="geolocation" loading="lazy"></iframe>`,
      '/script.html': `<div id="bianmin-map" style="height:480px"></div><script src="${demo.url}/assets/embed-loader.js" data-city="${CITY}" data-target="bianmin-map" data-lang="zh" async></script>`,
    };
    host = http.createServer((req, res) => {
      const body = pages[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ? `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>某街道办网站 A host site</title></head><body style="margin:8px"><h1 style="font:16px sans-serif">我们街道的便民服务地图</h1>${body}</body></html>` : 'not found');
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', () => r()));
    const a = host.address();
    hostUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => host?.close(r));
    await demo?.close();
  });

  it('iframe snippet at 1280 px: open now and business type agree with mapZones; a click names the zone; counts go live', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN',
      geolocation: NEAR_FEATURE_STREET, permissions: ['geolocation'] });
    context.on('request', (r) => requests.push(r.url()));
    const { page, frame } = await open(context, 'iframe.html');
    expect(await frame.locator('#legend').textContent()).toContain('夜市');

    await frame.getByRole('button', { name: '列表' }).click();
    await frame.locator('#zone-list .zone-row').first().waitFor();
    const all = await listIds(frame);
    expect(all).toEqual((await mapZones({})).map((z) => z.id).sort());

    await frame.getByLabel('时间').fill(`${TOMORROW}T20:00`);
    await frame.getByLabel('营业中').check();
    const openIds = (await mapZones({ open: true, at: AT })).map((z) => z.id).sort();
    expect(openIds.length).toBeGreaterThan(0);
    expect(openIds.length).toBeLessThan(all.length);
    await until('the list to show the open zones', async () => JSON.stringify(await listIds(frame)) === JSON.stringify(openIds));
    expect(await frame.locator('#map').getAttribute('data-shown-zones')).toBe(String(openIds.length));
    expect(await frame.locator('#status').textContent()).toContain(`共 ${openIds.length} 处`);

    const options = await frame.locator('#business-type option').evaluateAll((o) => o.map((e) => (e as unknown as { value: string }).value));
    const type = options.includes('repair') ? 'repair' : 'food';
    await frame.getByLabel('业态').selectOption(type);
    const typed = (await mapZones({ open: true, at: AT, type })).map((z) => z.id).sort();
    await until(`the list to show zones open for ${type}`, async () => JSON.stringify(await listIds(frame)) === JSON.stringify(typed));
    await frame.getByLabel('业态').selectOption('');
    await until('the list to show every open zone again', async () => (await listIds(frame)).length === openIds.length);

    // A click on the Yihe night market (open at 20:00; the demo's allocated stalls are there).
    const night = (await mapZones({ open: true, at: AT })).find((z) => z.kind === 'NIGHT_MARKET' && z.name.includes('沂河'))!;
    const ring = night.geometry.coordinates[0][0].slice(0, -1);
    const centre = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
    const xy = await frame.evaluate((c) => new Promise<{ x: number; y: number }>((resolve) => {
      const map = (globalThis as unknown as EmbedWindow).__bianminMap;
      map.once('idle', () => resolve(map.project(c)));
      map.jumpTo({ center: c, zoom: 17 });
    }), centre);
    await frame.locator('#map canvas').click({ position: xy });
    const popup = frame.locator(`.zone-detail[data-zone-id="${night.id}"]`);
    await popup.waitFor();
    const text = (await popup.textContent())!;
    expect(text).toContain(night.name);
    expect(text).toMatch(/营业时间.*17:00–01:00（次日）/);
    expect(text).toContain('允许业态');

    // A vendor checks in: the popup's "M of N" changes without a reload.
    const before = Number(await popup.locator('.live').getAttribute('data-active'));
    expect(text).toMatch(/\d+ 个摊位中 \d+ 个正在营业/);
    const inserted = await demo.db.prisma.$executeRawUnsafe(`INSERT INTO check_in (city_id, assignment_id, spot_id, zone_id, vendor_id, point, distance_m, ends_at)
      SELECT a.city_id, a.id, a.spot_id, a.zone_id, a.vendor_id, ST_PointOnSurface(s.footprint), 0, now() + interval '1 hour'
      FROM assignment a JOIN spot s ON s.city_id = a.city_id AND s.id = a.spot_id
      WHERE a.zone_id = $1::uuid AND a.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM check_in k WHERE k.assignment_id = a.id AND k.ends_at > now() AND k.checked_out_at IS NULL)
      LIMIT 1`, night.id);
    expect(inserted).toBe(1);
    const [{ id: cityId }] = await demo.db.prisma.$queryRawUnsafe<{ id: string }[]>('SELECT id::text FROM city WHERE code = $1', CITY);
    demo.db.changes.changed({ kind: 'occupancy', id: cityId });
    await popup.locator(`.live[data-active="${before + 1}"]`).waitFor();

    // Distance from me: the feature street the viewer stands by comes first.
    await frame.getByLabel('排序').selectOption('distance');
    await frame.locator('#geo-status', { hasText: '已按离您的距离排序' }).waitFor();
    expect(await frame.locator('#zone-list .zone-row .row-name').first().textContent()).toContain('洗砚池街');

    await page.waitForTimeout(300);
    await screenshot(page, 'embed-1280');
    await context.close();
  }, 120_000);

  it('script snippet at 360 px: keyboard only through the list, a refused location explained, then English', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
      timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    context.on('request', (r) => requests.push(r.url()));
    const { page, frame } = await open(context, 'script.html');
    const iframe = page.locator('#bianmin-map iframe');
    expect(await iframe.getAttribute('title')).toBe('便民服务地图');
    expect(new URL((await iframe.getAttribute('src'))!).origin).toBe(demo.url);
    expect((await iframe.boundingBox())!.height).toBeGreaterThan(400);
    await screenshot(page, 'embed-360');

    const focused = () => frame.evaluate(() => {
      const e = (globalThis as unknown as { document: { activeElement: { id: string; className: string; dataset: { zoneId?: string } } | null } }).document.activeElement;
      return e ? { id: e.id, cls: String(e.className), zone: e.dataset?.zoneId ?? null } : null;
    });
    await until('Tab to reach the list toggle', async () => { await page.keyboard.press('Tab'); return (await focused())?.id === 'list-toggle'; });
    await page.keyboard.press('Enter');
    await frame.locator('#zone-list .zone-row').first().waitFor();
    await screenshot(page, 'embed-360-list');
    const row = await until('Tab to reach a list row', async () => { await page.keyboard.press('Tab'); const f = await focused(); return f?.cls === 'zone-row' ? f : null; });
    await page.keyboard.press('Enter');
    const popup = frame.locator(`.zone-detail[data-zone-id="${row.zone}"]`);
    await popup.waitFor();
    expect(await frame.locator('#list-view').isHidden()).toBe(true); // a phone's list gives the map back
    expect((await focused())?.id).toBe(''); // focus sits in the popup's heading
    expect(await frame.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } } }).document.activeElement.tagName)).toBe('H2');
    await page.waitForTimeout(300);
    await screenshot(page, 'embed-360-popup');

    // No location permission here: sorting by distance says why it cannot.
    await frame.getByRole('button', { name: '列表' }).click();
    await frame.getByLabel('排序').selectOption('distance');
    await frame.locator('#geo-status', { hasText: '未获准使用您的位置' }).waitFor();
    expect(await frame.getByLabel('排序').inputValue()).toBe('name');

    await frame.getByRole('button', { name: 'Switch to English' }).click();
    await frame.getByRole('button', { name: 'List' }).waitFor();
    expect(await frame.locator('#title').textContent()).toContain('Convenience service map');
    await frame.getByRole('button', { name: 'Filters' }).click();
    expect(await frame.locator('#legend').textContent()).toContain('Night market');
    expect(await frame.getByLabel('Open now').isVisible()).toBe(true);
    expect(await frame.locator('#status').textContent()).toMatch(/\d+ zones, \d+ open/);
    await screenshot(page, 'embed-360-en');
    await context.close();
  }, 120_000);

  it('takes kinds, layers and lang from its address', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 600 }, timezoneId: 'Asia/Shanghai' });
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${demo.url}/embed?city=${CITY}&layers=zones&lang=en&kinds=NIGHT_MARKET,MORNING_MARKET`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
    expect((await page.locator('#legend li').allTextContents()).sort()).toEqual(['Morning market', 'Night market']);
    await page.getByRole('button', { name: 'List' }).click();
    await page.locator('#zone-list .zone-row').first().waitFor();
    const kinds = (await mapZones({})).filter((z) => ['NIGHT_MARKET', 'MORNING_MARKET'].includes(z.kind)).map((z) => z.id).sort();
    expect(await page.locator('#zone-list .zone-row').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { zoneId: string } }).dataset.zoneId).sort())).toEqual(kinds);
    const hidden = await page.evaluate(() => {
      const map = (globalThis as unknown as { __bianminMap: { getLayoutProperty(id: string, p: string): unknown } }).__bianminMap;
      return ['spots-fill', 'features-fill', 'zones-fill'].map((id) => map.getLayoutProperty(id, 'visibility') ?? 'visible');
    });
    expect(hidden).toEqual(['none', 'none', 'visible']);
    await context.close();
  }, 60_000);

  it('shows the permitted shop signs when asked for (layers=…,signs), with their legend line', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 600 }, timezoneId: 'Asia/Shanghai' });
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${demo.url}/embed?city=${CITY}&layers=zones,signs&lang=en`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('#legend').textContent()).toContain('Permitted shop signs');
    const [sign] = await demo.db.sql.query<{ id: string; lon: number; lat: number }>(
      'SELECT permit_id::text AS id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM published_sign WHERE version = 1 ORDER BY permit_number LIMIT 1');
    await page.evaluate(([lon, lat]) => {
      const map = (globalThis as unknown as EmbedWindow).__bianminMap;
      map.jumpTo({ center: [lon, lat], zoom: 17 });
    }, [sign.lon, sign.lat]);
    const drawn = await until('the sign to be drawn', () => page.evaluate((id) => {
      const map = (globalThis as unknown as { __bianminMap: { loaded(): boolean; getLayoutProperty(l: string, p: string): unknown;
        queryRenderedFeatures(o: object): { properties: { id: string } }[] } }).__bianminMap;
      if (!map.loaded()) return null;
      const ids = map.queryRenderedFeatures({ layers: ['signs-circle'] }).map((f) => f.properties.id);
      return ids.includes(id) ? { ids, spots: map.getLayoutProperty('spots-fill', 'visibility') } : null;
    }, sign.id));
    expect(drawn.spots).toBe('none');
    // A click on the dot opens the register's line: shop, street, permit number, signs, validity.
    const [row] = await demo.db.sql.query<{ number: string; shop: string }>(
      'SELECT permit_number AS number, shop_name AS shop FROM published_sign WHERE version = 1 AND permit_id = $1', [sign.id]);
    const at = await page.evaluate(([lon, lat]) => (globalThis as unknown as EmbedWindow).__bianminMap.project([lon, lat]), [sign.lon, sign.lat]);
    const canvas = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
    const popup = page.locator('.sign-detail');
    await popup.waitFor();
    const words = await popup.innerText();
    for (const expected of [row.shop, row.number, 'Shop-sign permit', 'Valid until']) expect(words).toContain(expected);
    await screenshot(page, 'embed-signs');
    await context.close();
  }, 60_000);

  it('loads nothing from any origin but the service and the host page', () => {
    const allowed = new Set([new URL(demo.url).origin, new URL(hostUrl).origin]);
    const elsewhere = requests.filter((u) => !/^(blob|data):/.test(u) && !allowed.has(new URL(u).origin));
    expect(requests.some((u) => u.includes('.mvt'))).toBe(true);
    expect(requests.some((u) => u.includes('/live/'))).toBe(true);
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
