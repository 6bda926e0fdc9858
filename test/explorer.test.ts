// The GraphQL explorer the service serves at /explorer (web/explorer/): its example operations stay
// valid against the schema, browsers opening /graphql are sent to it while API clients are not, and in
// a real browser it runs an operation without fetching anything from outside the service (no CDN).
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getVariableValues, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../src/paths';
import { EXAMPLES } from '../web/explorer/examples';
import { startTestApp, type TestApp } from './helpers/app';
import { describeInBrowser, launchBrowser, screenshot, startDemoServer, type DemoServer } from './helpers/browser';

const BUNDLE = path.join(REPO_ROOT, '.build/web/explorer.js');
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the explorer examples', () => {
  const schema = buildSchema(fs.readFileSync(path.join(REPO_ROOT, 'schema.graphql'), 'utf8'));

  it.each(EXAMPLES.map((e) => [e.name, e] as const))('%s validates against schema.graphql, variables included', (_name, example) => {
    const doc = parse(example.query);
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(op?.name?.value).toBe(example.name);
    const coerced = getVariableValues(schema, op?.variableDefinitions ?? [], example.variables ?? {});
    expect(coerced.errors?.map((e) => e.message)).toBeUndefined();
  });

  it('cover the operations a newcomer tries first', () => {
    const fields = EXAMPLES.flatMap((e) => parse(e.query).definitions)
      .flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.selectionSet.selections : []))
      .map((s) => (s.kind === Kind.FIELD ? s.name.value : ''));
    expect(new Set(fields)).toEqual(new Set(['login', 'zones', 'vendingCheck', 'openSpotsNear', 'zoneOccupancy', 'requestLoginCode', 'loginWithCode']));
  });
});

describe('serving the explorer', () => {
  let app: TestApp;
  beforeAll(async () => {
    if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run node scripts/build-web.mjs (npm test does)`);
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('sends a browser opening /graphql to /explorer', async () => {
    for (const url of ['/graphql', '/graphql?tab=1']) {
      const res = await app.server.inject({ method: 'GET', url, headers: { accept: BROWSER_ACCEPT } });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/explorer');
    }
  });

  it('leaves API clients alone: an operation in the URL still runs, JSON accept gets Apollo', async () => {
    const headers = { 'apollo-require-preflight': 'true' };
    const fromBrowser = await app.server.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D', headers: { ...headers, accept: BROWSER_ACCEPT } });
    expect(fromBrowser.statusCode).toBe(200);
    expect(fromBrowser.json()).toEqual({ data: { __typename: 'Query' } });
    const json = await app.server.inject({ method: 'GET', url: '/graphql', headers: { ...headers, accept: 'application/json' } });
    expect(json.statusCode).toBe(400);
    expect(json.headers['content-type']).not.toMatch(/html/);
    const post = await app.gql<{ __typename: string }>('{ __typename }', undefined, null, { accept: BROWSER_ACCEPT });
    expect(post.data).toEqual({ __typename: 'Query' });
  });

  it('serves the page and its bundles', async () => {
    const page = await app.server.inject({ method: 'GET', url: '/explorer' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/assets/explorer.js');
    expect(page.body).toContain('便民 Bianmin GraphQL 接口浏览器 / explorer');
    const js = await app.server.inject({ method: 'GET', url: '/assets/explorer.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    const css = await app.server.inject({ method: 'GET', url: '/assets/explorer.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('serves the landing page that links every page, and none of the pages\' sources', async () => {
    const home = await app.server.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    for (const link of ['/embed?city=', '/vendor', '/explorer', '/healthz']) expect(home.body).toContain(link);
    for (const url of ['/vendor/main.ts', '/embed/app.ts', '/explorer/examples.ts', '/vendor/tsconfig.json']) {
      expect({ url, status: (await app.server.inject({ method: 'GET', url })).statusCode }).toEqual({ url, status: 404 });
    }
  });
});

describeInBrowser('the explorer in Chromium', () => {
  let demo: DemoServer;
  let browser: Browser;
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function openPage(): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    return { page, requests };
  }

  it('runs the zoneOccupancy example and fetches nothing from outside the service', async () => {
    const { page, requests } = await openPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${demo.url}/explorer`);
    await page.locator('.graphiql-tab', { hasText: 'ZoneOccupancy' }).click();
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText('zoneId').first().waitFor({ timeout: 20_000 });
    expect(await result.innerText()).toMatch(/"occupancy"/);
    // The schema (introspection) arrives too: the doc explorer and autocompletion work offline.
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'explorer-1280');

    expect(errors).toEqual([]);
    expect(requests).toEqual(expect.arrayContaining([`${demo.url}/assets/explorer.js`, `${demo.url}/graphql`]));
    // Fonts and icons are inlined as data: URLs, which are not requests to anywhere.
    const outside = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== demo.url);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('takes a GeoJSON point in the variables without marking it wrong, and runs vendingCheck with it', async () => {
    const { page } = await openPage();
    await page.goto(`${demo.url}/explorer`);
    await page.locator('.graphiql-tab', { hasText: 'VendingCheck' }).click();
    const variables = page.locator('.graphiql-editor-tool .CodeMirror').first();
    await variables.getByText('coordinates').waitFor();
    // The variables linter runs half a second after a change; give it that before looking.
    await page.waitForTimeout(1500);
    expect(await variables.locator('.CodeMirror-lint-mark-error').count()).toBe(0);
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window').getByText('"allowed"').waitFor({ timeout: 20_000 });
    expect(await page.locator('.result-window').innerText()).not.toMatch(/"errors"/);
    await page.close();
  });

  it('is where a browser opening /graphql lands', async () => {
    const { page } = await openPage();
    await page.goto(`${demo.url}/graphql`);
    expect(page.url()).toBe(`${demo.url}/explorer`);
    await page.locator('.graphiql-tab', { hasText: 'Login' }).first().waitFor();
    expect(await page.title()).toBe('便民 Bianmin GraphQL 接口浏览器 / explorer');
    await page.close();
  });
});
