/**
 * Property tests: the evaluator against independent brute-force oracles (minute buckets, plain
 * arithmetic in UTC+8), and openStateAt against nextOpenings, which compute by different paths.
 */
import fc from 'fast-check';
import { nextOpenings, openStateAt, validateSchedule } from './schedule';
import { china, plain, schedule } from './schedule.fixtures';
import { hm } from './schedule.time';
import type { DailyWindow, HolidayPolicy, IsoWeekday, RuleSchedule, WeeklyWindow } from './schedule.types';

const WEEK = 10080;
const QUARTER = 15;
const MINUTE_MS = 60_000;
/** Monday 2026-01-05 00:00 in Shanghai: a week-aligned origin for the arithmetic oracle. */
const MONDAY = Date.parse('2026-01-05T00:00:00+08:00');

const timeArb = fc.integer({ min: 0, max: 96 }).map((q) => (q === 96 ? '24:00' : hm(q * QUARTER)));
const startArb = fc.integer({ min: 0, max: 95 }).map((q) => hm(q * QUARTER));
const windowArb: fc.Arbitrary<WeeklyWindow> = fc.record({
  day: fc.integer({ min: 1, max: 7 }).map((d) => d as IsoWeekday),
  start: startArb,
  end: timeArb,
});

const minutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** Minutes of the week a window covers, the overnight part wrapping past Sunday into Monday. */
function coveredMinutes(w: WeeklyWindow): Set<number> {
  const s = minutes(w.start);
  const e = minutes(w.end);
  const length = e > s ? e - s : e + 1440 - s;
  const first = (w.day - 1) * 1440 + s;
  const out = new Set<number>();
  for (let m = 0; m < length; m++) out.add((first + m) % WEEK);
  return out;
}

/** Keeps the windows that do not overlap those kept before, so the schedule is valid. */
function nonOverlapping(windows: WeeklyWindow[]): WeeklyWindow[] {
  const kept: WeeklyWindow[] = [];
  for (const w of windows) {
    if (w.start === w.end) continue;
    if (validateSchedule(schedule({ windows: [...kept, w] })).length === 0) kept.push(w);
  }
  return kept;
}

describe('property: validateSchedule finds exactly the overlapping pairs', () => {
  it('matches a minute-bucket oracle', () => {
    fc.assert(
      fc.property(fc.array(windowArb, { maxLength: 5 }), (raw) => {
        const windows = raw.filter((w) => w.start !== w.end);
        const sets = windows.map(coveredMinutes);
        let pairs = 0;
        for (let i = 0; i < sets.length; i++) {
          for (let j = i + 1; j < sets.length; j++) if ([...sets[i]].some((m) => sets[j].has(m))) pairs++;
        }
        const overlaps = validateSchedule(schedule({ windows })).filter((p) => p.startsWith('时间窗口重叠'));
        expect(overlaps).toHaveLength(pairs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: openStateAt agrees with plain UTC+8 arithmetic', () => {
  const seasonArb = fc.option(
    fc.record({ from: fc.integer({ min: 0, max: 364 }), to: fc.integer({ min: 0, max: 364 }) }).map(({ from, to }) => {
      const md = (n: number): string => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(5, 10);
      return { from: md(from), to: md(to) };
    }),
  );

  it('is open exactly when a window covers the minute and the window started in season', () => {
    fc.assert(
      fc.property(fc.array(windowArb, { maxLength: 6 }), seasonArb, fc.integer({ min: 0, max: 2 * 365 * 96 }), (raw, season, q) => {
        const windows = nonOverlapping(raw);
        const s = schedule({ windows, season });
        const t = MONDAY + q * QUARTER * MINUTE_MS;
        const minuteOfWeek = (q * QUARTER) % WEEK;
        const expected = windows.some((w) => {
          const s0 = (w.day - 1) * 1440 + minutes(w.start);
          const back = (minuteOfWeek - s0 + WEEK) % WEEK;
          if (!coveredMinutes(w).has(minuteOfWeek)) return false;
          const startDate = new Date(t + 8 * 3_600_000 - back * MINUTE_MS).toISOString().slice(5, 10);
          if (!season) return true;
          return season.from <= season.to
            ? season.from <= startDate && startDate <= season.to
            : startDate >= season.from || startDate <= season.to;
        });
        const state = openStateAt(s, plain, new Date(t));
        expect(state.open).toBe(expected);
        expect(state.reasons.length > 0).toBe(!expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe('property: nextOpenings and openStateAt tell the same story', () => {
  const T0 = Date.parse('2026-09-20T00:00:00+08:00');
  const rangeArb = fc
    .record({ at: fc.integer({ min: 0, max: 30 * 96 }), length: fc.integer({ min: 1, max: 3 * 96 }) })
    .map(({ at, length }) => ({
      from: new Date(T0 + at * QUARTER * MINUTE_MS).toISOString(),
      to: new Date(T0 + (at + length) * QUARTER * MINUTE_MS).toISOString(),
      reason: 'p',
    }));
  const holidayArb: fc.Arbitrary<DailyWindow[]> = fc
    .array(fc.record({ start: startArb, end: timeArb }), { minLength: 1, maxLength: 2 })
    .map((ws) => ws.filter((w, i) => w.start !== w.end && (i === 0 || validateSchedule(schedule({ holidayWindows: ws.slice(0, i + 1) })).length === 0)))
    .filter((ws) => ws.length > 0);
  const scheduleArb: fc.Arbitrary<RuleSchedule> = fc
    .record({
      windows: fc.array(windowArb, { maxLength: 6 }).map(nonOverlapping),
      holidayPolicy: fc.constantFrom<HolidayPolicy>('CLOSED', 'OPEN_AS_USUAL', 'SPECIAL_HOURS'),
      holidayWindows: holidayArb,
      adjustedWorkdayAs: fc.integer({ min: 1, max: 7 }).map((d) => d as IsoWeekday),
      closures: fc.array(rangeArb, { maxLength: 2 }),
      openings: fc.array(rangeArb, { maxLength: 2 }),
    })
    .map((parts) => schedule(parts));

  it('intervals are ordered, separated, open inside and closed outside', () => {
    fc.assert(
      fc.property(scheduleArb, fc.integer({ min: 0, max: 25 * 96 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (s, q, samples) => {
        const t = T0 + q * QUARTER * MINUTE_MS;
        const list = nextOpenings(s, china, new Date(t), 6, 60).map((i) => ({ from: Date.parse(i.from), to: Date.parse(i.to) }));
        list.forEach((iv, i) => {
          expect(iv.from).toBeLessThan(iv.to);
          if (i > 0) expect(iv.from).toBeGreaterThan(list[i - 1].to);
          if (i > 0) expect(iv.from).toBeGreaterThan(t);
        });
        const now = openStateAt(s, china, new Date(t), 60);
        if (now.open) {
          expect(list[0]).toEqual({ from: Date.parse(now.window?.from ?? ''), to: Date.parse(now.window?.to ?? '') });
        } else if (list.length > 0) {
          expect(list[0].from).toBeGreaterThan(t);
        }
        if (list.length === 0) return;
        const end = list[list.length - 1].to;
        for (const x of samples) {
          const at = Math.floor(t + x * (end - t));
          const inside = list.some((iv) => iv.from <= at && at < iv.to);
          expect(openStateAt(s, china, new Date(at), 60).open).toBe(inside);
        }
      }),
      { numRuns: 150 },
    );
  });
});
