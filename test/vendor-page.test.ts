// The vendor's phone page (/vendor) in a real browser on a 360 px phone: the demo vendor locates
// themself by the street of a feature street (洗砚池街, open 10:00–23:00 to every business type),
// signs in with the code the demo SMS sender writes to the server log, finds free spots for what they
// sell at tomorrow noon (the page's "when" field: opening hours depend on the clock, noon keeps the
// test independent of when it runs), and applies for one. The demo vendor already holds a spot at the
// Yihe night market; applying there again would be refused, so the test applies on the feature street.
// Nothing the page loads may come from another origin: it must work with no internet.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, ensureBundles, launchBrowser, screenshot, startDemoServer, until, type DemoServer } from './helpers/browser';
import { codeFromLogs } from './helpers/vendors';

const ROOT = path.resolve(__dirname, '..');
const PHONE = '19900001000'; // the demo account `vendor`, 赵秀英, who sells snacks (food.snacks)
// About 20 m south of the middle of 洗砚池街特色商业街 (src/demo/demo-zones.data.ts).
const NEAR_FEATURE_STREET = { longitude: 118.3571, latitude: 35.0660 };
const shanghaiDay = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t);
const TOMORROW = shanghaiDay(Date.now() + 86_400_000);

describeInBrowser('the vendor page /vendor', () => {
  let demo: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBundles(['vendor']);
    [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
    context = await browser.newContext({
      viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
      geolocation: NEAR_FEATURE_STREET, permissions: ['geolocation'], timezoneId: 'Asia/Shanghai', locale: 'zh-CN',
    });
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} ${r.url()}`); });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await demo?.close();
  });

  it('signs in by code, finds free spots near me, applies for one and shows it as 待审核', async () => {
    await page.goto(`${demo.url}/vendor`);
    await page.getByRole('button', { name: /定位我/ }).waitFor();

    await page.getByLabel('手机号').fill(PHONE);
    await page.getByRole('button', { name: /获取验证码/ }).click();
    await page.locator('#signin-status', { hasText: '验证码已发送' }).waitFor();
    const code = await until('the sign-in code in the server log', () => {
      try { return codeFromLogs(demo.logs, PHONE); } catch { return null; }
    });
    await page.getByLabel('验证码').fill(code);
    await page.getByRole('button', { name: '登录 Sign in' }).click();
    await page.locator('#who', { hasText: '赵秀英' }).waitFor();
    expect(await page.locator('#type').inputValue()).toBe('food.snacks'); // from the vendor's profile

    // The assignment the demo seed gave her is listed, in words.
    await page.locator('#my-assignments li', { hasText: '沂河夜市' }).filter({ hasText: '有效' }).waitFor();

    await page.getByLabel(/时间/).fill(`${TOMORROW}T12:00`);
    await page.getByRole('button', { name: /定位我/ }).click();
    await page.locator('#where', { hasText: '35.06600°N' }).waitFor();
    const spot = page.locator('#spots button.spot', { hasText: '洗砚池街' }).first();
    await spot.waitFor();
    const items = await page.locator('#spots button.spot').count();
    expect(items).toBeGreaterThan(0);

    // Selecting in the list highlights the same spot on the map.
    await spot.click();
    const spotId = await spot.getAttribute('data-spot-id');
    expect(await spot.getAttribute('aria-pressed')).toBe('true');
    await until('the map to highlight the spot', () => page.locator('#map[data-selected-spot]').count().then((n) => n > 0));
    expect(await page.locator('#map').getAttribute('data-selected-spot')).toBe(spotId);
    await page.locator('#map .spot-tag').waitFor();

    await page.locator('#apply-form').waitFor();
    expect(await page.getByLabel(/开始日期/).inputValue()).toBe(TOMORROW);
    await page.getByRole('button', { name: /提交申请/ }).click();
    await page.locator('#apply-status', { hasText: '已提交' }).waitFor();
    const mine = page.locator('#my-applications li', { hasText: '洗砚池街' });
    await mine.filter({ hasText: '待审核' }).waitFor();
    expect(await mine.first().textContent()).toContain(TOMORROW);

    // Checking in at her night-market spot from the feature street, 3 km away, is refused with the distance.
    await page.locator('#my-assignments li', { hasText: '沂河夜市' }).getByRole('button', { name: /签到/ }).click();
    const refusal = await page.locator('#mine-status', { hasText: '米内才能签到' }).textContent();
    expect(refusal).toMatch(/距摊位 \d{3,5} 米，须在 30 米内才能签到 \/ you are \d+ m from your spot/);

    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(300); // the map's last frame
    await screenshot(page, 'vendor-360');
    await page.screenshot({ path: path.join(ROOT, 'test-artifacts/vendor-360-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForTimeout(500);
    await screenshot(page, 'vendor-1280');

    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('before sign-in: explains a refused location, takes a tapped point, selects from the map', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    phone.on('request', (r) => requests.push(r.url()));
    const p = await phone.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    const centred = p.waitForResponse((r) => r.url().endsWith(`/tiles/371300/1/tiles.json`));
    await p.goto(`${demo.url}/vendor`);
    await p.getByRole('button', { name: /定位我/ }).click();
    await p.locator('#where', { hasText: '未获准使用位置' }).waitFor();

    // The map opens on the city's centre from its published map (central Linyi); move it to about 300 m
    // south of the feature street, as a vendor would pan, and tap its middle.
    await centred;
    type Hook = { __bianminVendorMap?: { getZoom(): number; jumpTo(o: object): void } };
    await p.waitForFunction(() => ((globalThis as unknown as Hook).__bianminVendorMap?.getZoom() ?? 0) >= 14); // off the country view
    await p.evaluate(() => (globalThis as unknown as Hook).__bianminVendorMap!.jumpTo({ center: [118.3563, 35.0634], zoom: 15 }));
    await p.getByLabel(/时间/).fill(`${TOMORROW}T12:00`);
    await p.locator('#map canvas').click();
    await p.locator('#where', { hasText: '地图点选' }).waitFor();
    await p.locator('#spots button.spot', { hasText: '洗砚池街' }).first().waitFor();
    expect(await p.locator('#type').inputValue()).toBe('food'); // the public default, accepted by the API

    // A tap on a spot's dot selects it in the list too. The selected spot's number tag stands just above
    // its dot: select one in the list, clear the selection by choosing another, tap where the first was.
    await p.locator('#spots button.spot').first().click();
    expect(await p.locator('#apply-hint').isVisible()).toBe(true); // "sign in to apply", not the form
    expect(await p.locator('#apply-form').isVisible()).toBe(false);
    const tag = (await p.locator('#map .spot-tag').boundingBox())!;
    await p.locator('#spots button.spot').nth(1).click();
    await p.mouse.click(tag.x + tag.width / 2, tag.y + tag.height + 14);
    const picked = await until('a spot picked on the map', async () => {
      const id = await p.locator('#map').getAttribute('data-selected-spot');
      return id && (await p.locator(`#spots button[data-spot-id="${id}"]`).getAttribute('aria-pressed')) === 'true' ? id : null;
    });
    expect(picked).toBeTruthy();
    await screenshot(p, 'vendor-360-public');
    await phone.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('loads nothing from another origin', () => {
    const origin = new URL(demo.url).origin;
    // blob: is the map's worker, made in the page; data: URLs are inside the bundle. Neither leaves the phone.
    const elsewhere = requests.filter((u) => !/^(blob|data):/.test(u) && new URL(u).origin !== origin);
    expect(requests.length).toBeGreaterThan(3);
    expect(elsewhere).toEqual([]);
  });
});
