// vendingCheck answers anyone, so it shows zones and buffers in their public view only; a zone with no
// rule in force yet is closed (not refusing the type) and tells when it opens; a time-bound buffer on
// an adjusted working day (调休) uses Monday's windows. Fixed instants in Asia/Shanghai.
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, putRule, square, week, type TestCity } from '../../../test/helpers/factories';

let app: TestApp;
let city: TestCity;
let admin: string;
const z: Record<string, string> = {};
const at = (local: string) => `${local}+08:00`;
const WED_20H = at('2026-11-18T20:00:00');
const P = { night: [118.31, 35.01], bare: [118.32, 35.01], winter: [118.33, 35.01], repair: [118.34, 35.01], farm: [118.36, 35.02] } as const;

async function zone(name: string, kind: string, [lon, lat]: readonly number[], size = 80): Promise<string> {
  const r = await app.gql<{ createZone: { id: string } }>('mutation($i: CreateZoneInput!) { createZone(input: $i) { id } }',
    { i: { name, kind, geometry: square(lon, lat, size) } }, admin);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createZone.id;
}

const ask = (selection: string, p: readonly number[], type: string, when: string, token?: string) => app.gql<{ vendingCheck: Record<string, unknown> }>(
  `query($p: GeoJSON!, $t: String!, $at: DateTime) { vendingCheck(point: $p, businessType: $t, at: $at) { ${selection} } }`,
  { p: { type: 'Point', coordinates: p }, t: type, at: when }, token);

type Reason = { code: string; message: string; zone: { name: string } | null };
type Brief = { allowed: boolean; reasons: Reason[]; nextAllowedAt: string | null };
async function brief(p: readonly number[], type: string, when: string): Promise<Brief> {
  const r = await ask('allowed reasons { code message zone { name } } nextAllowedAt', p, type, when);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.vendingCheck as unknown as Brief;
}

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  z.night = await zone('滨河夜市', 'NIGHT_MARKET', P.night);
  await putRule(app.db, city, z.night, '2026-01-01', { windows: week('17:00', '22:00') }, ['food']);
  await putRule(app.db, city, z.night, '2027-03-01', { windows: week('18:00', '23:00') }, ['food', 'crafts']);
  const closure = await app.gql('mutation($id: ID!, $i: ZoneExceptionInput!) { addZoneException(zoneId: $id, input: $i) { id } }',
    { id: z.night, i: { kind: 'CLOSURE', from: at('2026-11-25T00:00:00'), to: at('2026-11-26T00:00:00'), reason: '内部整改 internal review' } }, admin);
  expect(closure.errors).toBeUndefined();
  z.bare = await zone('新设摊点群', 'STALL_CLUSTER', P.bare);
  z.winter = await zone('冬季夜市', 'NIGHT_MARKET', P.winter);
  await putRule(app.db, city, z.winter, '2026-12-01', { windows: week('17:00', '21:00') }, ['food']);
  z.repair = await zone('三修一配点', 'REPAIR_AND_KEY_POINT', P.repair);
  await putRule(app.db, city, z.repair, '2026-12-01', { windows: week('08:00', '18:00') }, ['repair']);
  z.farm = await zone('南门瓜果点', 'FARMERS_PRODUCE_POINT', P.farm, 120);
  await putRule(app.db, city, z.farm, '2026-01-01', { windows: week('06:00', '22:00'), holidayPolicy: 'OPEN_AS_USUAL' }, ['produce']);
  // 30 m east of the point asked about; Monday's window starts earlier than the other school days'.
  const gate = [P.farm[0] + 30 / (111_320 * Math.cos((P.farm[1] * Math.PI) / 180)), P.farm[1]];
  const buffer = await app.gql('mutation($i: DistanceRuleInput!) { createDistanceRule(input: $i) { id } }', { i: {
    name: '第二实验小学南门', featureKind: 'SCHOOL_GATE', geometry: { type: 'Point', coordinates: gate }, bufferM: 50,
    windows: [{ day: 1, start: '07:00', end: '08:30' }, ...week('07:30', '08:00', [2, 3, 4, 5])],
  } }, admin);
  expect(buffer.errors).toBeUndefined();
});
afterAll(() => app.close());

describe('the public view', () => {
  it.each([
    ['rule versions', 'zones { rules { id } }'],
    ['closure reasons', 'zones { exceptions { reason } }'],
    ['the version counter', 'zones { version }'],
    ['timestamps', 'zones { createdAt }'],
    ['the district record', 'zones { district { name } }'],
    ['a reason\'s zone rule', 'reasons { zone { rule { id } } }'],
    ['the nearest zone\'s timestamps', 'nearestAllowedZone { zone { updatedAt } }'],
    ['a feature\'s record', 'reasons { feature { id active geometry } }'],
    ['a Zone fragment', 'zones { ... on Zone { rules { id } } }'],
  ])('%s cannot be reached, with or without a token', async (_what, selection) => {
    for (const token of [undefined, admin]) {
      const r = await ask(selection, P.night, 'food', WED_20H, token);
      expect(r.data ?? null).toBeNull();
      expect(r.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('answers what a vendor needs: name, kind, hours in words, next openings, business types by name', async () => {
    const r = await ask(`allowed zones { id name kind geometry scheduleFrom weeklySchedule { days { dayName windows } holidays }
      allowedBusinessTypes { code name nameEn } soon: nextOpenings { from to } all: nextOpenings(count: 50) { from } }`, P.night, 'food.snacks', WED_20H);
    expect(r.errors).toBeUndefined();
    const [v] = r.data!.vendingCheck.zones as Record<string, unknown>[];
    expect(r.data!.vendingCheck.allowed).toBe(true);
    expect(v).toMatchObject({ id: z.night, name: '滨河夜市', kind: 'NIGHT_MARKET', geometry: { type: 'MultiPolygon' }, scheduleFrom: '2026-01-01',
      allowedBusinessTypes: [{ code: 'food', name: '餐饮小吃', nameEn: 'Cooked food and snacks' }] });
    expect(v.weeklySchedule).toMatchObject({ days: expect.arrayContaining([{ dayName: '周三 Wed', windows: ['17:00–22:00'] }]) });
    // The evening in progress with its real start, then Thursday; the closure of the 25th is skipped silently.
    expect(v.soon).toEqual([
      { from: '2026-11-18T09:00:00.000Z', to: '2026-11-18T14:00:00.000Z' },
      { from: '2026-11-19T09:00:00.000Z', to: '2026-11-19T14:00:00.000Z' },
      { from: '2026-11-20T09:00:00.000Z', to: '2026-11-20T14:00:00.000Z' },
    ]);
    expect((v.all as { from: string }[]).map((o) => o.from.slice(0, 10))).not.toContain('2026-11-25');
    expect(v.all).toHaveLength(10);
    expect(JSON.stringify(r.data)).not.toMatch(/internal review|2027-03-01|crafts/);
  });

  it('names the buffer with its kind, distance and hours, the zone of a refusal and the nearest open zone', async () => {
    const r = await ask(`reasons { code zone { id name } feature { name featureKind bufferM hours { dayName windows } } }
      nearestAllowedZone { zone { id name } }`, P.farm, 'produce.fruit', at('2026-11-23T07:10:00'));
    const near = (r.data!.vendingCheck.reasons as { feature: Record<string, unknown> | null }[]).map((x) => x.feature);
    expect(near).toEqual([{ name: '第二实验小学南门', featureKind: 'SCHOOL_GATE', bufferM: 50, hours: [
      { dayName: '周一 Mon', windows: ['07:00–08:30'] }, ...['周二 Tue', '周三 Wed', '周四 Thu', '周五 Fri'].map((d) => ({ dayName: d, windows: ['07:30–08:00'] })),
      { dayName: '周六 Sat', windows: [] }, { dayName: '周日 Sun', windows: [] }] }]);
    expect(r.data!.vendingCheck.nearestAllowedZone).toEqual({ zone: { id: z.farm, name: '南门瓜果点' } }); // open itself, the buffer aside
    const noon = await ask('reasons { code zone { id name } } nearestAllowedZone { zone { id } }', P.night, 'food', at('2026-11-18T12:00:00'));
    expect(noon.data!.vendingCheck.reasons).toEqual([{ code: 'CLOSED_AT_THIS_TIME', zone: { id: z.night, name: '滨河夜市' } }]);
    const outside = await ask('nearestAllowedZone { distanceM zone { id name weeklySchedule { days { windows } } } }', [118.31, 35.02], 'food', WED_20H);
    expect(outside.data!.vendingCheck.nearestAllowedZone).toMatchObject({ zone: { id: z.night, name: '滨河夜市' } });
  });
});

describe('a zone with no rule version in force', () => {
  it('with none at all: closed, no hours yet, never allowed', async () => {
    const r = await brief(P.bare, 'food', WED_20H);
    expect(r.reasons).toEqual([{ code: 'CLOSED_AT_THIS_TIME', message: '「新设摊点群」：该区域尚未设定开放时间 / no opening hours are set for this zone', zone: { name: '新设摊点群' } }]);
    expect(r.nextAllowedAt).toBeNull();
    const v = await ask('zones { weeklySchedule { holidays } scheduleFrom allowedBusinessTypes { code } nextOpenings { from } }', P.bare, 'food', WED_20H);
    expect(v.data!.vendingCheck.zones).toEqual([{ weeklySchedule: null, scheduleFrom: null, allowedBusinessTypes: [], nextOpenings: [] }]);
  });

  it('whose first version starts later and allows the type: closed until then, next allowed at its first window', async () => {
    const r = await brief(P.winter, 'food.snacks', WED_20H);
    expect(r.reasons.map((x) => [x.code, x.message])).toEqual([['CLOSED_AT_THIS_TIME', '「冬季夜市」：自 2026-12-01 起开放 / opens from 2026-12-01']]);
    expect(r.nextAllowedAt).toBe('2026-12-01T09:00:00.000Z'); // Tuesday 1 December 17:00 local
    const v = await ask('zones { scheduleFrom weeklySchedule { days { windows } } nextOpenings(count: 1) { from } }', P.winter, 'food', WED_20H);
    expect(v.data!.vendingCheck.zones).toMatchObject([{ scheduleFrom: '2026-12-01', nextOpenings: [{ from: '2026-12-01T09:00:00.000Z' }] }]);
  });

  it('whose first version will not allow the type: refused for the type, naming that version\'s date', async () => {
    const r = await brief(P.repair, 'food', WED_20H);
    expect(r.reasons.map((x) => [x.code, x.message])).toEqual([['BUSINESS_TYPE_NOT_ALLOWED',
      '「三修一配点」自 2026-12-01 起开放，但不允许该业态 / 三修一配点 opens from 2026-12-01 but will not allow food']]);
    expect(r.nextAllowedAt).toBeNull();
    const key = await brief(P.repair, 'repair.key', WED_20H);
    expect(key.reasons.map((x) => x.code)).toEqual(['CLOSED_AT_THIS_TIME']);
    expect(key.nextAllowedAt).toBe('2026-12-01T00:00:00.000Z'); // 08:00 local
  });
});

describe('a school-hours buffer on an adjusted working day (调休)', () => {
  it('applies in Monday\'s windows on a worked Sunday, not on an ordinary Sunday nor on a public holiday', async () => {
    const worked = await brief(P.farm, 'produce.fruit', at('2026-09-20T07:10:00')); // Sunday, worked for National Day
    expect(worked.reasons.map((x) => x.code)).toEqual(['TOO_CLOSE_TO']);
    expect(worked.nextAllowedAt).toBe('2026-09-20T00:30:00.000Z'); // Monday's window ends 08:30 local
    expect((await brief(P.farm, 'produce.fruit', at('2026-09-13T07:10:00'))).allowed).toBe(true); // an ordinary Sunday
    expect((await brief(P.farm, 'produce.fruit', at('2026-10-01T07:40:00'))).allowed).toBe(true); // National Day, a Thursday
    expect((await brief(P.farm, 'produce.fruit', at('2026-09-24T07:40:00'))).allowed).toBe(false); // an ordinary Thursday
  });
});
