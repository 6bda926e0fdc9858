// The precomputed open intervals against the rules themselves: for generated rule versions (some in
// force, some starting within the window), closures, openings, extra holidays and business types, the
// table's "open at T for this type" equals zoneStateAt's answer at every instant tried, including
// the edges of every interval. Then the table follows changes made through the service at once.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { announceChange } from '../../db/changes';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/db';
import { createCity, putRule, square, WEST, type TestCity } from '../../../test/helpers/factories';
import { loadRuleContext, zoneStateAt } from '../rules/evaluate';
import { validateSchedule } from '../../schedule/schedule';
import { hm } from '../../schedule/schedule.time';
import type { WeeklyWindow } from '../../schedule/schedule.types';
import { insertZone } from '../zones/zones.sql';
import { refreshCityOpenings, refreshZoneOpenings } from './openings.service';
import { openAmong, openWindow } from './openings.sql';

let db: TestDatabase;
let city: TestCity;
let seq = 0;
const TYPES = [null, 'food', 'food.snacks', 'produce.fruit', 'repair.key'];
const CODES = ['food', 'food.snacks', 'produce', 'repair', 'repair.key', 'goods'];

beforeAll(async () => {
  db = await openTestDatabase();
  city = await createCity(db);
});
afterAll(() => db.drop());

const windowArb = fc.record({
  day: fc.integer({ min: 1, max: 7 }),
  start: fc.integer({ min: 0, max: 95 }).map((q) => hm(q * 15)),
  end: fc.integer({ min: 1, max: 96 }).map((q) => (q === 96 ? '24:00' : hm(q * 15))),
}).filter((w) => w.start !== w.end);

/** Keeps the windows that do not overlap those kept before, so the schedule is valid. */
function nonOverlapping(windows: { day: number; start: string; end: string }[]) {
  const kept: typeof windows = [];
  for (const w of windows) {
    const trial = [...kept, w] as WeeklyWindow[];
    if (validateSchedule({ windows: trial, season: null, holidayPolicy: 'CLOSED', holidayWindows: [], adjustedWorkdayAs: 1, timeZone: 'Asia/Shanghai', closures: [], openings: [] }).length === 0) kept.push(w);
  }
  return kept;
}

const versionArb = fc.record({
  dayOffset: fc.integer({ min: -20, max: 10 }),
  windows: fc.array(windowArb, { maxLength: 4 }).map(nonOverlapping),
  holidayPolicy: fc.constantFrom('CLOSED', 'OPEN_AS_USUAL', 'SPECIAL_HOURS'),
  types: fc.option(fc.uniqueArray(fc.constantFrom(...CODES), { minLength: 1, maxLength: 3 }), { nil: null }),
});

const exceptionArb = fc.record({
  kind: fc.constantFrom('CLOSURE' as const, 'OPENING' as const),
  startH: fc.integer({ min: -30, max: 300 }),
  hours: fc.integer({ min: 1, max: 60 }),
});

const today = DateTime.now().setZone('Asia/Shanghai').startOf('day');

it('answers exactly as the rules do, at every instant tried', async () => {
  await fc.assert(fc.asyncProperty(
    fc.uniqueArray(versionArb, { minLength: 1, maxLength: 3, selector: (v) => v.dayOffset }),
    fc.array(exceptionArb, { maxLength: 2 }),
    fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
    fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 12, maxLength: 12 }),
    async (versions, exceptions, holidayOffset, samples) => {
      const zone = await insertZone(db.prisma, { cityId: city.cityId, districtId: city.west, name: `p${++seq}`, kind: 'NIGHT_MARKET',
        geojson: JSON.stringify(square(WEST.lon + (seq % 40) * 0.0008, WEST.lat + 0.01, 20)) });
      for (const e of exceptions) {
        const from = today.plus({ hours: e.startH });
        await db.prisma.zoneException.create({ data: { cityId: city.cityId, zoneId: zone.id, kind: e.kind, startsAt: from.toJSDate(), endsAt: from.plus({ hours: e.hours }).toJSDate(), reason: 'p' } });
      }
      if (holidayOffset !== null) {
        const date = new Date(`${today.plus({ days: holidayOffset }).toISODate()}T00:00:00Z`);
        await db.prisma.holidayDay.upsert({ where: { cityId_date: { cityId: city.cityId, date } }, create: { cityId: city.cityId, date, kind: 'HOLIDAY' }, update: {} });
        // Written around the service, so the catalogue cache is told as the service would tell it.
        await announceChange(db.prisma, { kind: 'catalog', id: city.cityId });
        await refreshCityOpenings(db.prisma, city.cityId);
      }
      for (const v of versions) {
        const holidayWindows = v.holidayPolicy === 'SPECIAL_HOURS' ? [{ start: '10:00', end: '14:00' }] : [];
        await putRule(db, city, zone.id, today.plus({ days: v.dayOffset }).toISODate()!, { windows: v.windows, holidayPolicy: v.holidayPolicy, holidayWindows }, v.types);
      }
      const w = (await openWindow(db.prisma, city.cityId))!;
      const ctx = await loadRuleContext(db.prisma, city.cityId, [zone.id]);
      const span = w.validTo.getTime() - w.validFrom.getTime();
      const pieces = await db.prisma.openInterval.findMany({ where: { cityId: city.cityId, signature: (await db.prisma.zone.findFirstOrThrow({ where: { id: zone.id } })).openSignature ?? '-' } });
      const instants = [
        ...samples.map((s) => w.validFrom.getTime() + Math.floor((s / 10_000) * span)),
        ...pieces.slice(0, 6).flatMap((p) => [p.startsAt.getTime(), p.endsAt.getTime() - 1, p.endsAt.getTime()]),
      ].filter((t) => t >= w.validFrom.getTime() && t < w.validTo.getTime());
      for (const t of instants) {
        for (const type of TYPES) {
          const fromTable = (await openAmong(db.sql, city.cityId, [zone.id], new Date(t), type)).has(zone.id);
          const s = zoneStateAt(ctx, zone.id, new Date(t), type);
          if (fromTable !== (s.open && s.typeAllowed)) {
            throw new Error(`at ${new Date(t).toISOString()} type ${type}: table ${fromTable}, rules ${s.open && s.typeAllowed}`);
          }
        }
      }
    }), { numRuns: Number(process.env.OPENINGS_RUNS ?? 15), seed: 20261124 });
});

it('a zone with no rules, a retired zone and a no-vending area are never open', async () => {
  const zone = await insertZone(db.prisma, { cityId: city.cityId, districtId: city.west, name: 'none', kind: 'NIGHT_MARKET',
    geojson: JSON.stringify(square(WEST.lon - 0.01, WEST.lat - 0.01, 20)) });
  await refreshZoneOpenings(db.prisma, city.cityId, zone.id);
  expect((await openAmong(db.sql, city.cityId, [zone.id], new Date(), null)).size).toBe(0);
  await putRule(db, city, zone.id, '2024-01-01', { windows: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })), holidayPolicy: 'OPEN_AS_USUAL' });
  expect((await openAmong(db.sql, city.cityId, [zone.id], new Date(), null)).has(zone.id)).toBe(true);
  await db.prisma.zone.update({ where: { cityId_id: { cityId: city.cityId, id: zone.id } }, data: { status: 'RETIRED', retiredAt: new Date() } });
  await refreshZoneOpenings(db.prisma, city.cityId, zone.id);
  expect((await openAmong(db.sql, city.cityId, [zone.id], new Date(), null)).size).toBe(0);
});
