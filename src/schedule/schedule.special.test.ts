import { nextOpenings, openStateAt } from './schedule';
import { ALL_DAYS, WORKDAYS, china, daily, plain, schedule, sh, shIso } from './schedule.fixtures';

const codes = (state: { reasons: { code: string }[] }): string[] => state.reasons.map((r) => r.code);

describe('openStateAt: temporary closures and openings', () => {
  const closure = { from: shIso('2026-11-23 19:00'), to: shIso('2026-11-23 20:30'), reason: '道路施工' };
  const s = schedule({ windows: daily(WORKDAYS, '18:00', '22:00'), closures: [closure] });

  it('closes inside an open window, saying until when and why', () => {
    expect(openStateAt(s, plain, sh('2026-11-23 19:00'))).toEqual({
      open: false,
      reasons: [
        { code: 'TEMPORARILY_CLOSED', message: '临时关闭至 2026-11-23 20:30（道路施工） / temporarily closed until 2026-11-23 20:30' },
      ],
    });
  });

  it('shortens the windows on either side of the closure', () => {
    expect(openStateAt(s, plain, sh('2026-11-23 18:30')).window).toEqual({ from: shIso('2026-11-23 18:00'), to: shIso('2026-11-23 19:00') });
    expect(openStateAt(s, plain, sh('2026-11-23 20:30')).window).toEqual({ from: shIso('2026-11-23 20:30'), to: shIso('2026-11-23 22:00') });
  });

  it('overrides an opening, and lists every overlapping closure and the weekly reason too', () => {
    const both = schedule({
      closures: [closure, { from: shIso('2026-11-23 20:00'), to: shIso('2026-11-24 06:00'), reason: '' }],
      openings: [{ from: shIso('2026-11-23 19:30'), to: shIso('2026-11-23 23:00'), reason: '夜市' }],
    });
    expect(codes(openStateAt(both, plain, sh('2026-11-23 20:00')))).toEqual(['TEMPORARILY_CLOSED', 'TEMPORARILY_CLOSED']);
    const night = openStateAt(both, plain, sh('2026-11-24 03:00'));
    expect(night.reasons).toEqual([
      { code: 'TEMPORARILY_CLOSED', message: '临时关闭至 2026-11-24 06:00 / temporarily closed until 2026-11-24 06:00' },
      { code: 'CLOSED_AT_THIS_TIME', message: '当前不在营业时间 / not open at this time' },
    ]);
  });

  it('opens outside windows for a temporary opening, merging with a window it touches', () => {
    const market = schedule({
      windows: daily(WORKDAYS, '18:00', '22:00'),
      openings: [
        { from: shIso('2026-11-28 19:00'), to: shIso('2026-11-28 23:00'), reason: '周末夜市' },
        { from: shIso('2026-11-23 16:00'), to: shIso('2026-11-23 18:00'), reason: '提前开市' },
      ],
    });
    expect(openStateAt(market, plain, sh('2026-11-28 20:00')).window).toEqual({ from: shIso('2026-11-28 19:00'), to: shIso('2026-11-28 23:00') });
    expect(openStateAt(market, plain, sh('2026-11-23 17:00')).window).toEqual({ from: shIso('2026-11-23 16:00'), to: shIso('2026-11-23 22:00') });
    expect(openStateAt(market, plain, sh('2026-11-28 23:00')).open).toBe(false);
  });

  it('opens for an opening on a CLOSED holiday and out of season', () => {
    const s2 = schedule({
      season: { from: '04-01', to: '09-30' },
      openings: [{ from: shIso('2026-10-02 18:00'), to: shIso('2026-10-02 23:00'), reason: '国庆灯会' }],
    });
    expect(openStateAt(s2, china, sh('2026-10-02 20:00')).open).toBe(true);
  });

  it('gives only the closure as reason when the hours would be open, even if another day is out of season', () => {
    // 30 Sep is out of season but its night overlaps 1 Oct's special hours, which are in season.
    const s = schedule({
      windows: [{ day: 3, start: '22:00', end: '02:00' }],
      season: { from: '10-01', to: '12-31' },
      holidayPolicy: 'SPECIAL_HOURS',
      holidayWindows: [{ start: '00:00', end: '03:00' }],
    });
    expect(openStateAt(s, china, sh('2026-10-01 01:00')).window).toEqual({ from: shIso('2026-10-01 00:00'), to: shIso('2026-10-01 03:00') });
    const closed = { ...s, closures: [{ from: shIso('2026-10-01 00:30'), to: shIso('2026-10-01 01:30'), reason: '' }] };
    expect(codes(openStateAt(closed, china, sh('2026-10-01 01:00')))).toEqual(['TEMPORARILY_CLOSED']);
    expect(codes(openStateAt(s, china, sh('2026-09-30 23:00')))).toEqual(['OUT_OF_SEASON']);
  });

  it('reads an offset-less closure in the schedule zone, not the server zone', () => {
    const local = schedule({ windows: daily(WORKDAYS, '18:00', '22:00'), closures: [{ from: '2026-11-23T19:00', to: '2026-11-23T20:00', reason: '' }] });
    expect(openStateAt(local, plain, new Date('2026-11-23T11:30:00Z')).open).toBe(false);
    expect(openStateAt(local, plain, new Date('2026-11-23T12:00:00Z')).open).toBe(true);
  });
});

describe('openStateAt: seasons', () => {
  const summer = schedule({ windows: daily(ALL_DAYS, '18:00', '02:00'), season: { from: '04-01', to: '10-31' }, holidayPolicy: 'OPEN_AS_USUAL' });

  it('is closed out of season and open from the first season day', () => {
    expect(openStateAt(summer, plain, sh('2026-03-31 19:00')).reasons).toEqual([
      { code: 'OUT_OF_SEASON', message: '非营业季节（营业季节 4月1日至10月31日） / out of season (season: 1 Apr – 31 Oct)' },
    ]);
    expect(openStateAt(summer, plain, sh('2026-04-01 19:00')).open).toBe(true);
  });

  it('keeps a window that started on the last season day open past midnight', () => {
    expect(openStateAt(summer, plain, sh('2026-11-01 01:00')).window).toEqual({ from: shIso('2026-10-31 18:00'), to: shIso('2026-11-01 02:00') });
    expect(codes(openStateAt(summer, plain, sh('2026-11-01 19:00')))).toEqual(['OUT_OF_SEASON']);
  });

  it('does not open the night of 31 Mar into the first season day', () => {
    expect(codes(openStateAt(summer, plain, sh('2026-04-01 01:00')))).toEqual(['OUT_OF_SEASON']);
  });

  it('handles a season wrapping the year end (11-01 to 02-28), leap day included literally', () => {
    const winter = schedule({ windows: daily(ALL_DAYS, '18:00', '02:00'), season: { from: '11-01', to: '02-28' } });
    expect(openStateAt(winter, plain, sh('2026-12-31 23:00')).open).toBe(true);
    expect(openStateAt(winter, plain, sh('2027-01-15 19:00')).open).toBe(true);
    expect(openStateAt(winter, plain, sh('2027-03-01 01:00')).open).toBe(true);
    expect(codes(openStateAt(winter, plain, sh('2027-03-01 19:00')))).toEqual(['OUT_OF_SEASON']);
    expect(codes(openStateAt(winter, plain, sh('2026-10-31 19:00')))).toEqual(['OUT_OF_SEASON']);
    expect(codes(openStateAt(winter, plain, sh('2028-02-29 19:00')))).toEqual(['OUT_OF_SEASON']);
    expect(openStateAt(winter, plain, sh('2026-07-01 19:00')).reasons[0].message).toBe(
      '非营业季节（营业季节 11月1日至次年2月28日） / out of season (season: 1 Nov – 28 Feb)',
    );
  });

  it('reports every reason that applies: out of season and holiday, plus the hour when no window covers it', () => {
    const s = schedule({ windows: daily(ALL_DAYS, '18:00', '22:00'), season: { from: '04-01', to: '09-30' } });
    expect(codes(openStateAt(s, china, sh('2026-10-01 19:00')))).toEqual(['OUT_OF_SEASON', 'HOLIDAY_CLOSED']);
    expect(codes(openStateAt(s, china, sh('2026-10-01 03:00')))).toEqual(['OUT_OF_SEASON', 'HOLIDAY_CLOSED', 'CLOSED_AT_THIS_TIME']);
  });
});

describe('time zones with daylight saving (Europe/Berlin)', () => {
  const berlin = (windows: ReturnType<typeof daily>) => schedule({ timeZone: 'Europe/Berlin', windows });

  it('keeps wall-clock hours across the spring change: Sat 22:00 – Sun 04:00 lasts 5 h', () => {
    const s = berlin(daily([6], '22:00', '04:00'));
    const state = openStateAt(s, plain, new Date('2026-03-29T01:30:00Z'));
    expect(state.window).toEqual({ from: '2026-03-28T22:00:00+01:00', to: '2026-03-29T04:00:00+02:00' });
    expect(openStateAt(s, plain, new Date('2026-03-29T02:00:00Z')).open).toBe(false);
  });

  it('keeps wall-clock hours across the autumn change: Sat 22:00 – Sun 04:00 lasts 7 h', () => {
    const s = berlin(daily([6], '22:00', '04:00'));
    expect(openStateAt(s, plain, new Date('2026-10-25T02:30:00Z')).window).toEqual({
      from: '2026-10-24T22:00:00+02:00',
      to: '2026-10-25T04:00:00+01:00',
    });
    expect(openStateAt(s, plain, new Date('2026-10-25T03:00:00Z')).open).toBe(false);
  });

  it('opens 09:00 local on both sides of the change', () => {
    const s = berlin(daily([1], '09:00', '17:00'));
    expect(nextOpenings(s, plain, new Date('2026-03-22T00:00:00Z'), 2)).toEqual([
      { from: '2026-03-23T09:00:00+01:00', to: '2026-03-23T17:00:00+01:00' },
      { from: '2026-03-30T09:00:00+02:00', to: '2026-03-30T17:00:00+02:00' },
    ]);
  });

  it('moves a time skipped by the spring gap forward by the gap (RFC 5545), dropping a window left empty', () => {
    const partly = berlin(daily([7], '02:30', '04:00'));
    expect(nextOpenings(partly, plain, new Date('2026-03-28T00:00:00Z'), 1)).toEqual([
      { from: '2026-03-29T03:30:00+02:00', to: '2026-03-29T04:00:00+02:00' },
    ]);
    const inside = berlin(daily([7], '02:15', '02:45'));
    expect(nextOpenings(inside, plain, new Date('2026-03-28T00:00:00Z'), 1)).toEqual([
      { from: '2026-03-29T03:15:00+02:00', to: '2026-03-29T03:45:00+02:00' },
    ]);
    const emptied = berlin(daily([7], '02:30', '03:15'));
    expect(nextOpenings(emptied, plain, new Date('2026-03-28T00:00:00Z'), 1)).toEqual([
      { from: '2026-04-05T02:30:00+02:00', to: '2026-04-05T03:15:00+02:00' },
    ]);
  });

  it('reads a time repeated in autumn as its first occurrence (RFC 5545)', () => {
    const ends = berlin(daily([6], '22:00', '02:30'));
    expect(nextOpenings(ends, plain, new Date('2026-10-24T00:00:00Z'), 1)).toEqual([
      { from: '2026-10-24T22:00:00+02:00', to: '2026-10-25T02:30:00+02:00' },
    ]);
    const starts = berlin(daily([7], '02:30', '03:30'));
    expect(nextOpenings(starts, plain, new Date('2026-10-24T00:00:00Z'), 1)).toEqual([
      { from: '2026-10-25T02:30:00+02:00', to: '2026-10-25T03:30:00+01:00' },
    ]);
  });

  it('evaluates the same instant by the zone it is in', () => {
    const shanghai = schedule({ windows: daily([1], '09:00', '17:00') });
    const t = new Date('2026-11-23T09:30:00Z');
    expect(openStateAt(shanghai, plain, t).open).toBe(false);
    expect(openStateAt(berlin(daily([1], '09:00', '17:00')), plain, t).open).toBe(true);
  });
});
