// The authorization matrix: every mutation (and the audit log) × every role, through GraphQL. A
// refused call answers with the right code and leaves the database as it was.
import type { Role } from '@prisma/client';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { ZONE_MATRIX as MATRIX, WHO, type Who } from '../../../test/authorization.matrix';
import { createAccount, createCity, PASSWORD, snapshot, square, WEST, type TestCity } from '../../../test/helpers/factories';

let app: TestApp;
let city: TestCity;
const tokens = new Map<Who, string | null>();
let zoneId: string;
/** Mostly in the West district, its east edge 40 m into the East district. */
let straddleId: string;
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
  await make('officerBoth', 'OFFICER', { districts: [city.west, city.east] });
  await make('assistant', 'ASSISTANT', { districts: [city.west] });
  const z = await app.gql<{ createZone: { id: string } }>(
    'mutation($g: GeoJSON!) { createZone(input: { name: "自治夜市", kind: NIGHT_MARKET, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 80) }, tokens.get('admin'));
  zoneId = z.data!.createZone.id;
  const straddle = { type: 'Polygon', coordinates: [[[118.3485, 35.0300], [118.35045, 35.0300], [118.35045, 35.0310], [118.3485, 35.0310], [118.3485, 35.0300]]] };
  const s = await app.gql<{ createZone: { id: string } }>(
    'mutation($g: GeoJSON!) { createZone(input: { name: "跨区夜市", kind: NIGHT_MARKET, geometry: $g }) { id } }', { g: straddle }, tokens.get('admin'));
  straddleId = s.data!.createZone.id;
  await make('zoneManager', 'ZONE_MANAGER', { zoneId });
  await make('vendor', 'VENDOR');
});
afterAll(() => app.close());

type Op = { name: string; run: (token: string | null, who: Who) => Promise<{ errors?: { extensions: { code: string } }[] }> };

const ROLE_OF: Record<Exclude<Who, 'anonymous'>, [Role, Parameters<typeof createAccount>[3]]> = {
  admin: ['ADMIN', {}], officerHere: ['OFFICER', {}], officerElsewhere: ['OFFICER', {}], officerBoth: ['OFFICER', {}],
  assistant: ['ASSISTANT', {}], zoneManager: ['ZONE_MANAGER', {}], vendor: ['VENDOR', {}],
};

/** A fresh account of the caller's kind: changing a password ends the account's other sessions. */
async function throwaway(who: Who): Promise<string | null> {
  if (who === 'anonymous') return null;
  const [role, opts] = ROLE_OF[who];
  const extra = role === 'ZONE_MANAGER' ? { zoneId } : role === 'OFFICER' || role === 'ASSISTANT' ? { districts: [city.west] } : {};
  return login(app, (await createAccount(app.db, city, role, { ...opts, ...extra })).username, PASSWORD);
}

const ruleDate = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const ops: Op[] = [
  {
    name: 'createZone',
    run: (t) => app.gql('mutation($g: GeoJSON!) { createZone(input: { name: "新摊点", kind: STALL_CLUSTER, geometry: $g }) { id } }',
      { g: square(WEST.lon + 0.0015 * (++seq % 12), WEST.lat + 0.01, 20) }, t),
  },
  {
    name: 'updateZone',
    run: (t) => app.gql('mutation($id: ID!, $n: String!) { updateZone(id: $id, input: { name: $n }) { id } }', { id: zoneId, n: `夜市 ${++seq}` }, t),
  },
  {
    name: 'retireZone',
    run: async (t) => {
      const z = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "待撤销", kind: SERVICE_POINT, geometry: $g }) { id } }',
        { g: square(WEST.lon - 0.0015 * (++seq % 12), WEST.lat - 0.01, 10) }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { retireZone(id: $id) { id } }', { id: z.data!.createZone.id }, t);
    },
  },
  {
    name: 'createAccount',
    run: (t) => app.gql('mutation($u: String!) { createAccount(input: { username: $u, displayName: "新摊主", password: "long-enough-pw", role: VENDOR }) { id } }',
      { u: `new-vendor-${++seq}` }, t),
  },
  {
    name: 'setAccountActive',
    run: async (t) => {
      const a = await createAccount(app.db, city, 'VENDOR');
      return app.gql('mutation($id: ID!) { setAccountActive(id: $id, active: false) { active } }', { id: a.id }, t);
    },
  },
  {
    name: 'createApiToken',
    run: (t) => app.gql('mutation { createApiToken(name: "script") { token } }', {}, t),
  },
  {
    name: 'setZoneRule',
    run: (t) => app.gql('mutation($id: ID!, $d: String!) { setZoneRule(zoneId: $id, input: { effectiveFrom: $d, windows: [{ day: 1, start: "17:00", end: "23:00" }] }) { id } }',
      { id: zoneId, d: ruleDate() }, t),
  },
  {
    name: 'addZoneException',
    run: (t) => app.gql('mutation($id: ID!) { addZoneException(zoneId: $id, input: { kind: CLOSURE, from: "2027-06-07T00:00:00+08:00", to: "2027-06-09T00:00:00+08:00", reason: "高考 exams" }) { id } }', { id: zoneId }, t),
  },
  {
    name: 'removeZoneException',
    run: async (t) => {
      const e = await app.gql<{ addZoneException: { id: string } }>('mutation($id: ID!) { addZoneException(zoneId: $id, input: { kind: OPENING, from: "2027-02-10T17:00:00+08:00", to: "2027-02-11T02:00:00+08:00", reason: "元宵灯会 lantern fair" }) { id } }', { id: zoneId }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { removeZoneException(id: $id) }', { id: e.data!.addZoneException.id }, t);
    },
  },
  {
    name: 'createDistanceRule',
    run: (t) => app.gql('mutation($p: [Float!]!) { createDistanceRule(input: { name: "消防栓", featureKind: FIRE_HYDRANT, geometry: { type: "Point", coordinates: $p }, bufferM: 5 }) { id } }',
      { p: [WEST.lon + 0.001 * (++seq % 10), WEST.lat - 0.005] }, t),
  },
  {
    name: 'retireDistanceRule',
    run: async (t) => {
      const r = await app.gql<{ createDistanceRule: { id: string } }>('mutation($p: [Float!]!) { createDistanceRule(input: { name: "路口", featureKind: CROSSING, geometry: { type: "Point", coordinates: $p }, bufferM: 10 }) { id } }',
        { p: [WEST.lon - 0.001 * (++seq % 10), WEST.lat - 0.006] }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { retireDistanceRule(id: $id) { active } }', { id: r.data!.createDistanceRule.id }, t);
    },
  },
  {
    name: 'changePassword',
    run: async (_t, who) => app.gql('mutation { changePassword(currentPassword: "correct-horse-battery", newPassword: "a-new-long-passphrase") { token } }', {}, await throwaway(who)),
  },
  {
    name: 'resetPassword',
    run: async (t) => {
      const v = await createAccount(app.db, city, 'VENDOR');
      return app.gql('mutation($id: ID!) { resetPassword(accountId: $id, newPassword: "reset-by-the-bureau") { id } }', { id: v.id }, t);
    },
  },
  {
    name: 'createBusinessType',
    run: (t) => app.gql('mutation($c: String!) { createBusinessType(input: { code: $c, parentCode: "goods", name: "图书", nameEn: "Books" }) { code } }', { c: `goods.books${++seq}` }, t),
  },
  {
    name: 'updateBusinessType',
    run: (t) => app.gql('mutation($n: String!) { updateBusinessType(code: "crafts", input: { name: $n }) { code } }', { n: `文创 ${++seq}` }, t),
  },
  {
    name: 'setHolidayDay',
    run: (t) => app.gql('mutation($d: String!) { setHolidayDay(input: { date: $d, kind: HOLIDAY, nameZh: "测试" }) { date } }', { d: `2030-05-${String(10 + (++seq % 18)).padStart(2, '0')}` }, t),
  },
  {
    name: 'removeHolidayDay',
    run: async (t) => {
      const d = `2031-05-${String(10 + (++seq % 18)).padStart(2, '0')}`;
      await app.gql('mutation($d: String!) { setHolidayDay(input: { date: $d, kind: HOLIDAY }) { date } }', { d }, tokens.get('admin'));
      return app.gql('mutation($d: String!) { removeHolidayDay(date: $d) }', { d }, t);
    },
  },
  {
    name: 'updateZone (straddling)',
    run: (t) => app.gql('mutation($id: ID!, $n: String!) { updateZone(id: $id, input: { name: $n }) { id } }', { id: straddleId, n: `跨区夜市 ${++seq}` }, t),
  },
  {
    name: 'setZoneRule (straddling)',
    run: (t) => app.gql('mutation($id: ID!, $d: String!) { setZoneRule(zoneId: $id, input: { effectiveFrom: $d, windows: [{ day: 5, start: "17:00", end: "23:00" }] }) { id } }',
      { id: straddleId, d: ruleDate() }, t),
  },
  {
    name: 'addZoneException (straddling)',
    run: (t) => app.gql('mutation($id: ID!) { addZoneException(zoneId: $id, input: { kind: CLOSURE, from: "2027-06-07T00:00:00+08:00", to: "2027-06-09T00:00:00+08:00", reason: "高考 exams" }) { id } }', { id: straddleId }, t),
  },
  {
    name: 'removeZoneException (straddling)',
    run: async (t) => {
      const e = await app.gql<{ addZoneException: { id: string } }>('mutation($id: ID!) { addZoneException(zoneId: $id, input: { kind: OPENING, from: "2027-02-10T17:00:00+08:00", to: "2027-02-11T02:00:00+08:00", reason: "灯会 fair" }) { id } }', { id: straddleId }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { removeZoneException(id: $id) }', { id: e.data!.addZoneException.id }, t);
    },
  },
  {
    name: 'retireZone (straddling)',
    run: async (t) => {
      const g = { type: 'Polygon', coordinates: [[[118.3490, 35.0320 + 0.0003 * (++seq % 20)], [118.3502, 35.0320 + 0.0003 * (seq % 20)], [118.3502, 35.0322 + 0.0003 * (seq % 20)], [118.3490, 35.0322 + 0.0003 * (seq % 20)], [118.3490, 35.0320 + 0.0003 * (seq % 20)]]] };
      const z = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "跨区待撤销", kind: SERVICE_POINT, geometry: $g }) { id } }', { g }, tokens.get('admin'));
      return app.gql('mutation($id: ID!) { retireZone(id: $id) { id } }', { id: z.data!.createZone.id }, t);
    },
  },
  {
    name: 'auditLog (query)',
    run: (t) => app.gql('{ auditLog(first: 1) { totalCount } }', {}, t),
  },
];

it('the matrix and the operations tested are the same list', () => {
  expect(ops.map((o) => o.name).sort()).toEqual(Object.keys(MATRIX).sort());
});

describe.each(ops)('$name', (op) => {
  it.each(WHO)('as %s', async (who) => {
    const setupBefore = ['retireZone', 'setAccountActive', 'removeZoneException', 'retireDistanceRule', 'removeHolidayDay', 'changePassword', 'resetPassword'].includes(op.name.split(' ')[0]);
    const before = setupBefore ? null : await snapshot(app.db);
    const res = await op.run(tokens.get(who) ?? null, who);
    if (MATRIX[op.name].includes(who)) {
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
