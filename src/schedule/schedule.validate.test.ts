import { validateSchedule } from './schedule';
import { ALL_DAYS, WORKDAYS, daily, schedule, shIso } from './schedule.fixtures';
import type { IsoWeekday, RuleSchedule } from './schedule.types';

const problems = (overrides: Partial<RuleSchedule>): string[] => validateSchedule(schedule(overrides));

describe('validateSchedule', () => {
  it('accepts a sound schedule, touching windows and whole days included', () => {
    expect(
      problems({
        windows: [
          ...daily(WORKDAYS, '17:00', '01:00'),
          { day: 6, start: '01:00', end: '24:00' },
          { day: 7, start: '00:00', end: '24:00' },
        ],
        season: { from: '11-01', to: '02-29' },
        holidayPolicy: 'SPECIAL_HOURS',
        holidayWindows: [{ start: '20:00', end: '02:00' }, { start: '02:00', end: '04:00' }],
        closures: [{ from: shIso('2026-10-01 00:00'), to: shIso('2026-10-02 00:00'), reason: '' }],
        openings: [{ from: '2026-10-03T18:00', to: '2026-10-03T23:00', reason: '' }],
      }),
    ).toEqual([]);
  });

  it('names overlapping windows on the same day, in the documented form', () => {
    expect(problems({ windows: [{ day: 1, start: '17:00', end: '22:00' }, { day: 1, start: '21:00', end: '23:00' }] })).toEqual([
      '时间窗口重叠 / windows overlap: Mon 17:00–22:00 and Mon 21:00–23:00',
    ]);
  });

  it('catches an overnight window overlapping the next day, a Sunday night overlapping Monday, and duplicates', () => {
    expect(problems({ windows: [{ day: 5, start: '17:00', end: '01:00' }, { day: 6, start: '00:30', end: '02:00' }] })).toEqual([
      '时间窗口重叠 / windows overlap: Fri 17:00–01:00 and Sat 00:30–02:00',
    ]);
    expect(problems({ windows: [{ day: 1, start: '01:00', end: '03:00' }, { day: 7, start: '22:00', end: '02:00' }] })).toEqual([
      '时间窗口重叠 / windows overlap: Mon 01:00–03:00 and Sun 22:00–02:00',
    ]);
    expect(problems({ windows: [{ day: 3, start: '08:00', end: '09:00' }, { day: 3, start: '08:00', end: '09:00' }] })).toHaveLength(1);
  });

  it('lets Sunday 22:00–02:00 touch Monday 02:00 without overlapping', () => {
    expect(problems({ windows: [{ day: 7, start: '22:00', end: '02:00' }, { day: 1, start: '02:00', end: '04:00' }] })).toEqual([]);
  });

  it('rejects zero-length windows', () => {
    expect(problems({ windows: [{ day: 2, start: '17:00', end: '17:00' }] })).toEqual([
      '时间窗口长度为零 / zero-length window: Tue 17:00–17:00 (全天请用 00:00–24:00 / use 00:00–24:00 for a whole day)',
    ]);
    expect(problems({ windows: [{ day: 2, start: '00:00', end: '00:00' }] })).toHaveLength(1);
  });

  it.each([['7:00'], ['25:00'], ['24:00'], ['12:60'], ['noon'], [''], ['12:00:00']])('rejects the start time %j', (start) => {
    expect(problems({ windows: [{ day: 1, start, end: '13:00' }] })).toEqual([
      `时间格式无效 / malformed time (expected HH:mm): windows[0].start = ${JSON.stringify(start)}`,
    ]);
  });

  it('allows 24:00 as an end only', () => {
    expect(problems({ windows: [{ day: 1, start: '12:00', end: '24:00' }] })).toEqual([]);
    expect(problems({ windows: [{ day: 1, start: '12:00', end: '24:30' }] })).toEqual([
      '时间格式无效 / malformed time (expected HH:mm or 24:00): windows[0].end = "24:30"',
    ]);
  });

  it('rejects a weekday or adjustedWorkdayAs outside 1–7', () => {
    const day0 = { day: 0 as IsoWeekday, start: '10:00', end: '12:00' };
    expect(problems({ windows: [day0] })).toEqual(['星期无效 / invalid weekday (expected 1–7, Monday = 1): windows[0].day = 0']);
    expect(problems({ adjustedWorkdayAs: 8 as IsoWeekday })).toEqual(['调休上班日参照的星期无效 / invalid adjustedWorkdayAs (expected 1–7): 8']);
  });

  it('rejects an unknown IANA time zone', () => {
    expect(problems({ timeZone: 'Asia/Beijing' })).toEqual(['时区无效 / invalid IANA time zone: "Asia/Beijing"']);
    expect(problems({ timeZone: '+08:00' })).toHaveLength(1);
    expect(problems({ timeZone: 'Europe/Berlin' })).toEqual([]);
  });

  it.each([['02-30'], ['13-01'], ['2-01'], ['00-10'], ['11-1'], ['2026-11-01']])('rejects the season date %j', (from) => {
    expect(problems({ season: { from, to: '02-28' } })).toEqual([
      `营业季节日期无效 / invalid season date (expected MM-DD): season.from = ${JSON.stringify(from)}`,
    ]);
  });

  it('rejects closures and openings that end at or before their start, or are not instants', () => {
    expect(problems({ closures: [{ from: shIso('2026-10-02 00:00'), to: shIso('2026-10-01 00:00'), reason: '' }] })).toEqual([
      '临时关闭的结束时间须晚于开始时间 / a closure must end after it starts: closures[0] 2026-10-02T00:00:00+08:00 – 2026-10-01T00:00:00+08:00',
    ]);
    expect(problems({ openings: [{ from: shIso('2026-10-02 00:00'), to: shIso('2026-10-02 00:00'), reason: '' }] })).toHaveLength(1);
    // The same instant written in two offsets is still zero length.
    expect(problems({ openings: [{ from: '2026-10-02T08:00:00+08:00', to: '2026-10-02T00:00:00Z', reason: '' }] })).toHaveLength(1);
    expect(problems({ closures: [{ from: 'tomorrow', to: shIso('2026-10-02 00:00'), reason: '' }] })).toEqual([
      '时间无效 / invalid ISO instant: closures[0].from = "tomorrow"',
    ]);
  });

  it('checks holiday windows as a daily cycle and requires them for SPECIAL_HOURS', () => {
    expect(
      problems({ holidayPolicy: 'SPECIAL_HOURS', holidayWindows: [{ start: '20:00', end: '02:00' }, { start: '01:00', end: '03:00' }] }),
    ).toEqual(['节假日时段重叠 / holiday windows overlap: 20:00–02:00 and 01:00–03:00']);
    expect(problems({ holidayPolicy: 'SPECIAL_HOURS' })).toEqual([
      '节假日特别时段为空 / SPECIAL_HOURS needs at least one holiday window (use CLOSED to close on holidays)',
    ]);
    expect(problems({ holidayWindows: [{ start: '9', end: '10:00' }] })).toHaveLength(1);
  });

  it('rejects an unknown holiday policy', () => {
    const bad = { ...schedule(), holidayPolicy: 'SOMETIMES' } as unknown as RuleSchedule;
    expect(validateSchedule(bad)).toEqual([
      '节假日规则无效 / invalid holiday policy: "SOMETIMES" (CLOSED, OPEN_AS_USUAL, SPECIAL_HOURS)',
    ]);
  });

  it('reports every problem at once, still checking instants when the zone is bad', () => {
    const all = problems({
      timeZone: 'Mars/Olympus',
      windows: [...daily(ALL_DAYS, '10:00', '12:00'), { day: 4, start: '11:00', end: '11:00' }, { day: 4, start: '11:30', end: '13:00' }],
      season: { from: '04-31', to: '10-31' },
      closures: [{ from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z', reason: '' }],
    });
    expect(all.map((p) => p.split(' / ')[0])).toEqual([
      '时区无效',
      '时间窗口长度为零',
      '时间窗口重叠',
      '营业季节日期无效',
      '临时关闭的结束时间须晚于开始时间',
    ]);
  });
});
