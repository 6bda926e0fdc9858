import { openStateAt } from './schedule';
import { ALL_DAYS, WORKDAYS, china, daily, plain, schedule, sh, shIso } from './schedule.fixtures';

const codes = (state: { reasons: { code: string }[] }): string[] => state.reasons.map((r) => r.code);

describe('openStateAt: weekly windows', () => {
  const s = schedule({ windows: daily(WORKDAYS, '09:00', '17:00') });

  it('opens at the start (inclusive) and closes at the end (exclusive)', () => {
    expect(openStateAt(s, plain, sh('2026-11-23 08:59')).open).toBe(false);
    expect(openStateAt(s, plain, sh('2026-11-23 09:00'))).toEqual({
      open: true,
      reasons: [],
      window: { from: shIso('2026-11-23 09:00'), to: shIso('2026-11-23 17:00') },
    });
    const closed = openStateAt(s, plain, sh('2026-11-23 17:00'));
    expect(closed.open).toBe(false);
    expect(closed.window).toBeUndefined();
    expect(closed.reasons).toEqual([{ code: 'CLOSED_AT_THIS_TIME', message: '当前不在营业时间 / not open at this time' }]);
  });

  it('is closed on a weekday without windows and with no windows at all', () => {
    expect(codes(openStateAt(s, plain, sh('2026-11-28 10:00')))).toEqual(['CLOSED_AT_THIS_TIME']);
    expect(codes(openStateAt(schedule(), plain, sh('2026-11-23 10:00')))).toEqual(['CLOSED_AT_THIS_TIME']);
  });

  it('reports the whole merged interval when a 24:00 end meets the next day 00:00', () => {
    const merged = schedule({ windows: [{ day: 1, start: '20:00', end: '24:00' }, { day: 2, start: '00:00', end: '02:00' }] });
    expect(openStateAt(merged, plain, sh('2026-11-23 23:00')).window).toEqual({
      from: shIso('2026-11-23 20:00'),
      to: shIso('2026-11-24 02:00'),
    });
  });

  it('cuts the window of a zone that never closes at searchDays either side', () => {
    const always = schedule({ windows: daily(ALL_DAYS, '00:00', '24:00') });
    expect(openStateAt(always, plain, sh('2026-11-23 12:00'), 3).window).toEqual({
      from: shIso('2026-11-20 12:00'),
      to: shIso('2026-11-26 12:00'),
    });
  });

  it('refuses an invalid schedule or instant instead of guessing', () => {
    const bad = schedule({ windows: [{ day: 1, start: '9:00', end: '17:00' }] });
    expect(() => openStateAt(bad, plain, sh('2026-11-23 10:00'))).toThrow(/invalid schedule: 时间格式无效/);
    expect(() => openStateAt(schedule(), plain, new Date('nonsense'))).toThrow(/not a valid date/);
  });
});

describe('openStateAt: overnight windows belong to the day they start', () => {
  const friday = schedule({ windows: [{ day: 5, start: '17:00', end: '01:00' }] });

  it('keeps a Friday 17:00–01:00 window open at Saturday 00:30 and closes it at 01:00', () => {
    expect(openStateAt(friday, plain, sh('2026-11-28 00:30'))).toMatchObject({
      open: true,
      window: { from: shIso('2026-11-27 17:00'), to: shIso('2026-11-28 01:00') },
    });
    expect(openStateAt(friday, plain, sh('2026-11-28 01:00')).open).toBe(false);
    expect(openStateAt(friday, plain, sh('2026-11-27 16:59')).open).toBe(false);
  });

  it('crosses the week boundary: Sun 22:00 – Mon 02:00', () => {
    const sunday = schedule({ windows: [{ day: 7, start: '22:00', end: '02:00' }] });
    expect(openStateAt(sunday, plain, sh('2026-11-30 01:00'))).toEqual({
      open: true,
      reasons: [],
      window: { from: shIso('2026-11-29 22:00'), to: shIso('2026-11-30 02:00') },
    });
    expect(codes(openStateAt(sunday, plain, sh('2026-11-30 02:00')))).toEqual(['CLOSED_AT_THIS_TIME']);
    expect(openStateAt(sunday, plain, sh('2026-11-29 22:00')).open).toBe(true);
    expect(openStateAt(sunday, plain, sh('2026-11-29 21:59')).open).toBe(false);
  });

  it('treats an end of 00:00 as midnight of the next day', () => {
    const untilMidnight = schedule({ windows: [{ day: 1, start: '18:00', end: '00:00' }] });
    expect(openStateAt(untilMidnight, plain, sh('2026-11-23 23:59')).window?.to).toBe(shIso('2026-11-24 00:00'));
    expect(openStateAt(untilMidnight, plain, sh('2026-11-24 00:00')).open).toBe(false);
  });
});

describe('openStateAt: a window spanning the start of National Day 2026', () => {
  const nights = daily(ALL_DAYS, '18:00', '02:00');
  const holidayWindows = [{ start: '10:00', end: '14:00' }, { start: '20:00', end: '23:00' }];

  it('uses the real calendar: 30 Sep is a workday, 1–7 Oct are National Day', () => {
    expect(china.dayKind('2026-09-30')).toBe('WORKDAY');
    expect(china.dayKind('2026-10-01')).toBe('HOLIDAY');
    expect(china.holidayName('2026-10-01')).toBe('国庆节 National Day');
  });

  it.each(['CLOSED', 'OPEN_AS_USUAL', 'SPECIAL_HOURS'] as const)(
    'keeps the Wed 30 Sep 18:00–02:00 window open at 01:00 on 1 Oct under %s',
    (holidayPolicy) => {
      const s = schedule({ windows: nights, holidayPolicy, holidayWindows });
      expect(openStateAt(s, china, sh('2026-10-01 01:00'))).toEqual({
        open: true,
        reasons: [],
        window: { from: shIso('2026-09-30 18:00'), to: shIso('2026-10-01 02:00') },
      });
    },
  );

  it('closes the 1 Oct evening window under CLOSED, naming the holiday', () => {
    const s = schedule({ windows: nights, holidayPolicy: 'CLOSED' });
    expect(openStateAt(s, china, sh('2026-10-01 19:00'))).toEqual({
      open: false,
      reasons: [{ code: 'HOLIDAY_CLOSED', message: '法定节假日休市（国庆节 National Day） / closed on public holidays' }],
    });
  });

  it('closes the overnight window of the last holiday even after midnight on a workday', () => {
    const s = schedule({ windows: nights, holidayPolicy: 'CLOSED' });
    expect(china.dayKind('2026-10-08')).toBe('WORKDAY');
    expect(codes(openStateAt(s, china, sh('2026-10-08 01:00')))).toEqual(['HOLIDAY_CLOSED']);
    expect(openStateAt(s, china, sh('2026-10-08 18:00')).open).toBe(true);
  });

  it('opens 1 Oct in the special hours only under SPECIAL_HOURS', () => {
    const s = schedule({ windows: nights, holidayPolicy: 'SPECIAL_HOURS', holidayWindows });
    expect(openStateAt(s, china, sh('2026-10-01 21:00')).window).toEqual({
      from: shIso('2026-10-01 20:00'),
      to: shIso('2026-10-01 23:00'),
    });
    expect(openStateAt(s, china, sh('2026-10-01 12:00')).open).toBe(true);
    const evening = openStateAt(s, china, sh('2026-10-01 19:00'));
    expect(evening.open).toBe(false);
    expect(evening.reasons).toEqual([
      { code: 'CLOSED_AT_THIS_TIME', message: '不在节假日营业时间内（国庆节 National Day） / outside public-holiday hours' },
    ]);
    expect(openStateAt(s, china, sh('2026-10-02 01:00')).open).toBe(false);
  });

  it('opens 1 Oct in its weekday hours under OPEN_AS_USUAL', () => {
    const s = schedule({ windows: nights, holidayPolicy: 'OPEN_AS_USUAL' });
    expect(openStateAt(s, china, sh('2026-10-01 19:00')).window).toEqual({
      from: shIso('2026-10-01 18:00'),
      to: shIso('2026-10-02 02:00'),
    });
  });
});

describe('openStateAt: adjusted working days (调休) follow adjustedWorkdayAs', () => {
  // Checked with chinese-days' getDayDetail, not guessed (holidays.test.ts repeats that check).
  const adjusted = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
  const s = schedule({
    windows: [...daily(WORKDAYS, '18:00', '22:00'), { day: 7, start: '08:00', end: '10:00' }, { day: 5, start: '22:00', end: '23:30' }],
  });

  it.each(adjusted)('%s is a weekend working day that opens with Monday hours', (date) => {
    expect(new Date(`${date}T00:00:00Z`).getUTCDay() % 6).toBe(0);
    expect(china.dayKind(date)).toBe('ADJUSTED_WORKDAY');
    expect(openStateAt(s, china, sh(`${date} 19:00`)).window).toEqual({
      from: shIso(`${date} 18:00`),
      to: shIso(`${date} 22:00`),
    });
  });

  it('does not use Sunday hours on an adjusted working Sunday, and a plain Sunday stays a rest day', () => {
    expect(openStateAt(s, china, sh('2026-09-20 09:00')).open).toBe(false);
    expect(openStateAt(s, china, sh('2026-09-13 09:00')).open).toBe(true);
    expect(openStateAt(s, china, sh('2026-09-13 19:00')).open).toBe(false);
  });

  it('uses another weekday when adjustedWorkdayAs says so', () => {
    const asFriday = { ...s, adjustedWorkdayAs: 5 as const };
    expect(openStateAt(asFriday, china, sh('2026-09-20 23:00')).window).toEqual({
      from: shIso('2026-09-20 18:00'),
      to: shIso('2026-09-20 23:30'),
    });
  });
});
