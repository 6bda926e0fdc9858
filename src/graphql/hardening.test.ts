// Findings of the hostile review, each answered as the client's mistake (BAD_USER_INPUT naming the
// field, HTTP 400 with a request id) and changing nothing: oversized lists, control characters, dates
// outside the calendar, antipodal edges, slivers, rewritten holiday history, tokens in URLs.
import { startTestApp, login, type TestApp } from '../../test/helpers/app';
import { createAccount, createCity, PASSWORD, snapshot, square, WEST } from '../../test/helpers/factories';

let app: TestApp;
let admin: string;
let zoneId: string;
const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const SET_RULE = 'mutation($id: ID!, $i: ZoneRuleInput!) { setZoneRule(zoneId: $id, input: $i) { id } }';

beforeAll(async () => {
  app = await startTestApp();
  const city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  const z = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "加固", kind: NIGHT_MARKET, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 100) }, admin);
  zoneId = z.data!.createZone.id;
});
afterAll(() => app.close());

async function refused(query: string, variables: Record<string, unknown>, token: string | null, field: RegExp) {
  const before = await snapshot(app.db);
  const res = await app.gql(query, variables, token);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', requestId: res.requestId });
  expect(String(res.errors![0].extensions.field)).toMatch(field);
  expect(res.status).toBeLessThan(500);
  expect(await snapshot(app.db)).toEqual(before);
  return res;
}

describe('bounded work per request', () => {
  it('20,000 windows (identical or not) are refused before any work, and the service keeps answering', async () => {
    const same = Array.from({ length: 20_000 }, () => ({ day: 1, start: '08:00', end: '08:01' }));
    const [res, health] = await Promise.all([
      refused(SET_RULE, { id: zoneId, i: { effectiveFrom: nextMonth, windows: same } }, admin, /^input\.windows$/),
      app.server.inject({ method: 'GET', url: '/healthz' }),
    ]);
    expect(res.errors![0].message).toContain('at most 70 items');
    expect(health.statusCode).toBe(200);
    const spread = Array.from({ length: 20_000 }, (_v, i) => ({ day: (i % 7) + 1, start: '08:00', end: '09:00' }));
    await refused(SET_RULE, { id: zoneId, i: { effectiveFrom: nextMonth, windows: spread } }, admin, /^input\.windows$/);
  });

  it('the largest legal rule is accepted; overlapping windows are listed, at most ten', async () => {
    const windows = Array.from({ length: 70 }, (_v, i) => {
      const h = String(Math.floor(i / 7) * 2).padStart(2, '0');
      return { day: (i % 7) + 1, start: `${h}:00`, end: `${h}:30` };
    });
    const holidayWindows = Array.from({ length: 10 }, (_v, i) => ({ start: `${String(i * 2).padStart(2, '0')}:00`, end: `${String(i * 2).padStart(2, '0')}:45` }));
    const ok = await app.gql(SET_RULE, { id: zoneId, i: { effectiveFrom: nextMonth, windows, holidayPolicy: 'SPECIAL_HOURS', holidayWindows, allowedBusinessTypes: ['food'] } }, admin);
    expect(ok.errors).toBeUndefined();
    const clash = Array.from({ length: 70 }, () => ({ day: 3, start: '08:00', end: '09:00' }));
    const res = await app.gql<unknown>(SET_RULE, { id: zoneId, i: { effectiveFrom: nextMonth, windows: clash } }, admin);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((res.errors![0].extensions.problems as string[]).length).toBe(10);
  });

  it('a zone of 19,999 vertices is accepted; 20,001 are refused', async () => {
    const circle = (n: number) => {
      const ring = Array.from({ length: n }, (_v, i) => [WEST.lon + 0.004 * Math.cos((2 * Math.PI * i) / n), WEST.lat - 0.01 + 0.003 * Math.sin((2 * Math.PI * i) / n)]);
      return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
    };
    const create = 'mutation($g: GeoJSON!) { createZone(input: { name: "圆形市场", kind: NIGHT_MARKET, geometry: $g }) { id } }';
    expect((await app.gql(create, { g: circle(19_999) }, admin)).errors).toBeUndefined();
    await refused(create, { g: circle(20_001) }, admin, /^geometry$/);
  });

  it('the largest legal distance rule (70 windows, a kerb line of 19,999 vertices) is accepted; 71 windows are refused', async () => {
    const windows = Array.from({ length: 70 }, (_v, i) => ({ day: (i % 7) + 1, start: `${String(Math.floor(i / 7) * 2).padStart(2, '0')}:00`, end: `${String(Math.floor(i / 7) * 2).padStart(2, '0')}:30` }));
    const line = { type: 'LineString', coordinates: Array.from({ length: 19_999 }, (_v, i) => [WEST.lon - 0.004 + (0.008 * i) / 19_999, WEST.lat + 0.015]) };
    const create = 'mutation($g: GeoJSON!, $w: [WeeklyWindowInput!]) { createDistanceRule(input: { name: "长路缘", featureKind: OTHER, geometry: $g, bufferM: 3, windows: $w }) { id } }';
    const [res, health] = await Promise.all([app.gql(create, { g: line, w: windows }, admin), app.server.inject({ method: 'GET', url: '/healthz' })]);
    expect(res.errors).toBeUndefined();
    expect(health.statusCode).toBe(200);
    await refused(create, { g: line, w: [...windows, { day: 1, start: '23:00', end: '23:30' }] }, admin, /windows$/);
  });

  it('strings over their documented maximum are refused, naming the field', async () => {
    await refused('mutation($n: String!) { createZone(input: { name: $n, kind: NIGHT_MARKET, geometry: { type: "Point" } }) { id } }',
      { n: '名'.repeat(101) }, admin, /name$/);
    await refused('mutation($id: ID!, $r: String!) { retireZone(id: $id, reason: $r) { id } }', { id: zoneId, r: 'x'.repeat(501) }, admin, /^reason$/);
    await refused('query($b: String!) { vendingCheck(point: { type: "Point", coordinates: [118.3, 35.0] }, businessType: $b) { allowed } }',
      { b: 'f'.repeat(41) }, null, /^businessType$/);
  });
});

describe('control characters and odd values are the client\'s mistake', () => {
  it.each([
    ['a NUL in a public argument', 'query($b: String!) { vendingCheck(point: { type: "Point", coordinates: [118.3, 35.0] }, businessType: $b) { allowed } }', { b: 'fo\u0000od' }, null, /^businessType$/],
    ['a lone surrogate in a sign-in', 'mutation($u: String!) { login(username: $u, password: "whatever-123") { token } }', { u: 'adm\uD800in' }, null, /^username$/],
    ['a NUL deep in an input object', SET_RULE, { id: '00000000-0000-4000-8000-000000000000', i: { effectiveFrom: nextMonth, windows: [{ day: 1, start: '08:00', end: '09:\u0000' }] } }, 'admin', /^input\.windows\[0\]\.end$/],
    ['a non-UUID account id', 'query { auditLog(accountId: "not-a-uuid") { totalCount } }', {}, 'admin', /^accountId$/],
    ['an empty parent code', 'mutation { createBusinessType(input: { code: "goods.lamps", parentCode: "", name: "灯", nameEn: "Lamps" }) { code } }', {}, 'admin', /./],
    ['year 0', 'query($f: DateTime) { auditLog(from: $f) { totalCount } }', { f: '0000-01-01T00:00:00Z' }, 'admin', /./],
  ])('%s', async (_what, query, variables, who, field) => {
    await refused(query, variables, who === 'admin' ? admin : null, field);
  });

  it('a polygon with an antipodal edge is refused with a reason', async () => {
    const g = { type: 'Polygon', coordinates: [[[0, 0], [180, 0], [180, 10], [0, 10], [0, 0]]] };
    const res = await refused('mutation($g: GeoJSON!) { createZone(input: { name: "环球", kind: NIGHT_MARKET, geometry: $g }) { id } }', { g }, admin, /^geometry$/);
    expect(res.errors![0].extensions.reason).toBe('INVALID_GEOMETRY');
  });

  it('a sliver is not a zone: each kind has a minimum area', async () => {
    const res = await refused('mutation($g: GeoJSON!) { createZone(input: { name: "碎片", kind: STALL_CLUSTER, geometry: $g }) { id } }',
      { g: square(WEST.lon + 0.01, WEST.lat + 0.01, 0.0001) }, admin, /^geometry$/);
    expect(res.errors![0].extensions).toMatchObject({ reason: 'TOO_SMALL', minAreaM2: 10 });
  });
});

describe('the rest', () => {
  it('syntax errors and the token limit answer 400 with a request id', async () => {
    for (const query of ['{ me { id ', `{ me { ${'__typename '.repeat(3500)} } }`]) {
      const res = await app.server.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query }) });
      expect(res.statusCode).toBe(400);
      const body = JSON.parse(res.body) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', requestId: res.headers['x-request-id'] });
    }
  });

  it('a query string never reaches the log', async () => {
    app.logs.length = 0;
    await app.server.inject({ method: 'GET', url: `/graphql?query=%7Bme%7Bid%7D%7D&token=${admin}&phone=13800138000`, headers: { 'apollo-require-preflight': '1' } });
    const all = app.logs.join('\n');
    expect(all).toContain('/graphql?[query hidden]');
    expect(all).not.toContain(admin);
    expect(all).not.toContain('13800138000');
  });

  it('past days of the holiday calendar cannot be rewritten; future ones can', async () => {
    await refused('mutation { setHolidayDay(input: { date: "2025-10-01", kind: ADJUSTED_WORKDAY }) { date } }', {}, admin, /^date$/);
    await refused('mutation { removeHolidayDay(date: "2025-10-01") }', {}, admin, /^date$/);
    const future = await app.gql('mutation { setHolidayDay(input: { date: "2030-06-03", kind: HOLIDAY }) { date } }', {}, admin);
    expect(future.errors).toBeUndefined();
  });
});
