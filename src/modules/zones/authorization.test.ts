// The authorization matrix: every mutation (and the audit log) × every role, through GraphQL. A
// refused call answers with the right code and leaves the database as it was.
import type { Role } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, snapshot, square, WEST, type TestCity } from '../../../test/helpers/factories';

type Who = 'anonymous' | 'admin' | 'officerHere' | 'officerElsewhere' | 'assistant' | 'zoneManager' | 'vendor';
const WHO: Who[] = ['anonymous', 'admin', 'officerHere', 'officerElsewhere', 'assistant', 'zoneManager', 'vendor'];

let app: TestApp;
let city: TestCity;
const tokens = new Map<Who, string | null>();
let zoneId: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  const adminAccount = await createAccount(app.db, city, 'ADMIN');
  tokens.set('anonymous', null);
  tokens.set('admin', await login(app, adminAccount.username, PASSWORD));
  const make = async (who: Who, role: Role, opts: Parameters<typeof createAccount>[3] = {}) =>
    tokens.set(who, await login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD));
  await make('officerHere', 'OFFICER', { districts: [city.west] });
  await make('officerElsewhere', 'OFFICER', { districts: [city.east] });
  await make('assistant', 'ASSISTANT', { districts: [city.west] });
  const z = await app.gql<{ createZone: { id: string } }>(
    'mutation($g: GeoJSON!) { createZone(input: { name: "自治夜市", kind: NIGHT_MARKET, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 80) }, tokens.get('admin'));
  zoneId = z.data!.createZone.id;
  await make('zoneManager', 'ZONE_MANAGER', { zoneId });
  await make('vendor', 'VENDOR');
});
afterAll(() => app.close());

type Op = { name: string; run: (token: string | null) => Promise<{ errors?: { extensions: { code: string } }[] }>; allowed: Who[] };

const ops: Op[] = [
  {
    name: 'createZone', allowed: ['admin', 'officerHere'],
    run: (t) => app.gql('mutation($g: GeoJSON!) { createZone(input: { name: "新摊点", kind: STALL_CLUSTER, geometry: $g }) { id } }',
      { g: square(WEST.lon + 0.0015 * (++seq % 12), WEST.lat + 0.01, 20) }, t),
  },
  {
    name: 'updateZone', allowed: ['admin', 'officerHere'],
    run: (t) => app.gql('mutation($id: ID!, $n: String!) { updateZone(id: $id, input: { name: $n }) { id } }', { id: zoneId, n: `夜市 ${++seq}` }, t),
  },
  {
    name: 'retireZone', allowed: ['admin', 'officerHere'],
    run: async (t) => {
      const z = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "待撤销", kind: SERVICE_POINT, geometry: $g }) { id } }',
        { g: square(WEST.lon - 0.0015 * (++seq % 12), WEST.lat - 0.01, 10) }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { retireZone(id: $id) { id } }', { id: z.data!.createZone.id }, t);
    },
  },
  {
    name: 'createAccount', allowed: ['admin'],
    run: (t) => app.gql('mutation($u: String!) { createAccount(input: { username: $u, displayName: "新摊主", password: "long-enough-pw", role: VENDOR }) { id } }',
      { u: `new-vendor-${++seq}` }, t),
  },
  {
    name: 'setAccountActive', allowed: ['admin'],
    run: async (t) => {
      const a = await createAccount(app.db, city, 'VENDOR');
      return app.gql('mutation($id: ID!) { setAccountActive(id: $id, active: false) { active } }', { id: a.id }, t);
    },
  },
  {
    name: 'createApiToken', allowed: ['admin', 'officerHere', 'officerElsewhere', 'assistant', 'zoneManager', 'vendor'],
    run: (t) => app.gql('mutation { createApiToken(name: "script") { token } }', {}, t),
  },
  {
    name: 'setZoneRule', allowed: ['admin', 'officerHere'],
    run: (t) => app.gql('mutation($id: ID!, $d: String!) { setZoneRule(zoneId: $id, input: { effectiveFrom: $d, windows: [{ day: 1, start: "17:00", end: "23:00" }] }) { id } }',
      { id: zoneId, d: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }, t),
  },
  {
    name: 'addZoneException', allowed: ['admin', 'officerHere'],
    run: (t) => app.gql('mutation($id: ID!) { addZoneException(zoneId: $id, input: { kind: CLOSURE, from: "2027-06-07T00:00:00+08:00", to: "2027-06-09T00:00:00+08:00", reason: "高考 exams" }) { id } }', { id: zoneId }, t),
  },
  {
    name: 'removeZoneException', allowed: ['admin', 'officerHere'],
    run: async (t) => {
      const e = await app.gql<{ addZoneException: { id: string } }>('mutation($id: ID!) { addZoneException(zoneId: $id, input: { kind: OPENING, from: "2027-02-10T17:00:00+08:00", to: "2027-02-11T02:00:00+08:00", reason: "元宵灯会 lantern fair" }) { id } }', { id: zoneId }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { removeZoneException(id: $id) }', { id: e.data!.addZoneException.id }, t);
    },
  },
  {
    name: 'createDistanceRule', allowed: ['admin', 'officerHere'],
    run: (t) => app.gql('mutation($p: [Float!]!) { createDistanceRule(input: { name: "消防栓", featureKind: FIRE_HYDRANT, geometry: { type: "Point", coordinates: $p }, bufferM: 5 }) { id } }',
      { p: [WEST.lon + 0.001 * (++seq % 10), WEST.lat - 0.005] }, t),
  },
  {
    name: 'retireDistanceRule', allowed: ['admin', 'officerHere'],
    run: async (t) => {
      const r = await app.gql<{ createDistanceRule: { id: string } }>('mutation($p: [Float!]!) { createDistanceRule(input: { name: "路口", featureKind: CROSSING, geometry: { type: "Point", coordinates: $p }, bufferM: 10 }) { id } }',
        { p: [WEST.lon - 0.001 * (++seq % 10), WEST.lat - 0.006] }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { retireDistanceRule(id: $id) { active } }', { id: r.data!.createDistanceRule.id }, t);
    },
  },
  {
    name: 'createBusinessType', allowed: ['admin'],
    run: (t) => app.gql('mutation($c: String!) { createBusinessType(input: { code: $c, parentCode: "goods", name: "图书", nameEn: "Books" }) { code } }', { c: `goods.books${++seq}` }, t),
  },
  {
    name: 'updateBusinessType', allowed: ['admin'],
    run: (t) => app.gql('mutation($n: String!) { updateBusinessType(code: "crafts", input: { name: $n }) { code } }', { n: `文创 ${++seq}` }, t),
  },
  {
    name: 'setHolidayDay', allowed: ['admin'],
    run: (t) => app.gql('mutation($d: String!) { setHolidayDay(input: { date: $d, kind: HOLIDAY, nameZh: "测试" }) { date } }', { d: `2030-05-${String(10 + (++seq % 18)).padStart(2, '0')}` }, t),
  },
  {
    name: 'removeHolidayDay', allowed: ['admin'],
    run: async (t) => {
      const d = `2031-05-${String(10 + (++seq % 18)).padStart(2, '0')}`;
      await app.gql('mutation($d: String!) { setHolidayDay(input: { date: $d, kind: HOLIDAY }) { date } }', { d }, tokens.get('admin'));
      return app.gql('mutation($d: String!) { removeHolidayDay(date: $d) }', { d }, t);
    },
  },
  {
    name: 'auditLog (query)', allowed: ['admin'],
    run: (t) => app.gql('{ auditLog(first: 1) { totalCount } }', {}, t),
  },
];

describe.each(ops)('$name', (op) => {
  it.each(WHO)('as %s', async (who) => {
    const setupBefore = ['retireZone', 'setAccountActive', 'removeZoneException', 'retireDistanceRule', 'removeHolidayDay'].includes(op.name);
    const before = setupBefore ? null : await snapshot(app.db);
    const res = await op.run(tokens.get(who) ?? null);
    if (op.allowed.includes(who)) {
      expect(res.errors).toBeUndefined();
    } else {
      expect(res.errors?.[0].extensions.code).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      if (before) expect(await snapshot(app.db)).toEqual(before);
    }
  });
});

it('a refused retire or deactivate leaves the target untouched', async () => {
  const z = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "保留", kind: SERVICE_POINT, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat - 0.02, 10) }, tokens.get('admin'));
  const id = z.data!.createZone.id;
  const before = await snapshot(app.db);
  const res = await app.gql('mutation($id: ID!) { retireZone(id: $id) { id } }', { id }, tokens.get('assistant'));
  expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
  expect(await snapshot(app.db)).toEqual(before);
  const v = await createAccount(app.db, city, 'VENDOR');
  await app.gql('mutation($id: ID!) { setAccountActive(id: $id, active: false) { active } }', { id: v.id }, tokens.get('officerHere'));
  expect((await app.db.prisma.account.findFirstOrThrow({ where: { id: v.id } })).active).toBe(true);
});

it('an officer cannot move a zone of their district into another district', async () => {
  const before = await snapshot(app.db);
  const res = await app.gql('mutation($id: ID!, $g: GeoJSON!) { updateZone(id: $id, input: { geometry: $g }) { id } }',
    { id: zoneId, g: square(118.375, 35.025, 80) }, tokens.get('officerHere'));
  expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
  expect(await snapshot(app.db)).toEqual(before);
});
