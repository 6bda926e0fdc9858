import { nextOpenings } from './schedule';
import { ALL_DAYS, WORKDAYS, china, compact, daily, plain, schedule, sh, shIso } from './schedule.fixtures';

describe('nextOpenings', () => {
  const evenings = schedule({ windows: daily(WORKDAYS, '18:00', '22:00') });

  it('lists the next intervals in order, skipping days without windows', () => {
    expect(compact(nextOpenings(evenings, plain, sh('2026-11-26 12:00'), 3))).toEqual([
      '2026-11-26 18:00 – 2026-11-26 22:00',
      '2026-11-27 18:00 – 2026-11-27 22:00',
      '2026-11-30 18:00 – 2026-11-30 22:00',
    ]);
  });

  it('returns the current interval first with its real start when already open', () => {
    expect(nextOpenings(evenings, plain, sh('2026-11-23 20:15'), 2)).toEqual([
      { from: shIso('2026-11-23 18:00'), to: shIso('2026-11-23 22:00') },
      { from: shIso('2026-11-24 18:00'), to: shIso('2026-11-24 22:00') },
    ]);
  });

  it('starts with the interval opening exactly at from, and skips one closing exactly at from', () => {
    expect(compact(nextOpenings(evenings, plain, sh('2026-11-23 18:00'), 1))).toEqual(['2026-11-23 18:00 – 2026-11-23 22:00']);
    expect(compact(nextOpenings(evenings, plain, sh('2026-11-23 22:00'), 1))).toEqual(['2026-11-24 18:00 – 2026-11-24 22:00']);
  });

  it('splits an interval around a temporary closure and drops a day closed all evening', () => {
    const s = schedule({
      windows: daily(WORKDAYS, '18:00', '22:00'),
      closures: [
        { from: shIso('2026-11-23 19:30'), to: shIso('2026-11-23 20:00'), reason: '检查' },
        { from: shIso('2026-11-24 00:00'), to: shIso('2026-11-25 00:00'), reason: '活动' },
      ],
    });
    expect(compact(nextOpenings(s, plain, sh('2026-11-23 12:00'), 3))).toEqual([
      '2026-11-23 18:00 – 2026-11-23 19:30',
      '2026-11-23 20:00 – 2026-11-23 22:00',
      '2026-11-25 18:00 – 2026-11-25 22:00',
    ]);
    // Inside the closure, the list starts after it rather than at a real start before it.
    expect(compact(nextOpenings(s, plain, sh('2026-11-23 19:45'), 1))).toEqual(['2026-11-23 20:00 – 2026-11-23 22:00']);
  });

  it('includes temporary openings and merges those touching a window', () => {
    const s = schedule({
      windows: daily(WORKDAYS, '18:00', '22:00'),
      openings: [
        { from: shIso('2026-11-28 19:00'), to: shIso('2026-11-28 23:00'), reason: '周末夜市' },
        { from: shIso('2026-11-27 22:00'), to: shIso('2026-11-27 23:30'), reason: '延时' },
      ],
    });
    expect(compact(nextOpenings(s, plain, sh('2026-11-27 12:00'), 3))).toEqual([
      '2026-11-27 18:00 – 2026-11-27 23:30',
      '2026-11-28 19:00 – 2026-11-28 23:00',
      '2026-11-30 18:00 – 2026-11-30 22:00',
    ]);
  });

  it('merges a window ending 24:00 with one starting 00:00, also across the week boundary', () => {
    const s = schedule({
      windows: [
        { day: 7, start: '20:00', end: '24:00' },
        { day: 1, start: '00:00', end: '02:00' },
        { day: 1, start: '02:00', end: '03:00' },
      ],
    });
    expect(compact(nextOpenings(s, plain, sh('2026-11-29 12:00'), 2))).toEqual([
      '2026-11-29 20:00 – 2026-11-30 03:00',
      '2026-12-06 20:00 – 2026-12-07 03:00',
    ]);
  });

  it('goes across National Day: closed 1–7 Oct, open on the adjusted working Saturday 10 Oct with Monday hours', () => {
    const s = schedule({ windows: daily(WORKDAYS, '18:00', '02:00') });
    expect(compact(nextOpenings(s, china, sh('2026-09-30 12:00'), 5))).toEqual([
      '2026-09-30 18:00 – 2026-10-01 02:00',
      '2026-10-08 18:00 – 2026-10-09 02:00',
      '2026-10-09 18:00 – 2026-10-10 02:00',
      '2026-10-10 18:00 – 2026-10-11 02:00',
      '2026-10-12 18:00 – 2026-10-13 02:00',
    ]);
  });

  it('uses the special hours on each holiday under SPECIAL_HOURS', () => {
    const s = schedule({
      windows: daily(ALL_DAYS, '18:00', '22:00'),
      holidayPolicy: 'SPECIAL_HOURS',
      holidayWindows: [{ start: '10:00', end: '23:00' }],
    });
    expect(compact(nextOpenings(s, china, sh('2026-09-30 12:00'), 3))).toEqual([
      '2026-09-30 18:00 – 2026-09-30 22:00',
      '2026-10-01 10:00 – 2026-10-01 23:00',
      '2026-10-02 10:00 – 2026-10-02 23:00',
    ]);
    expect(compact(nextOpenings(s, china, sh('2026-10-07 12:00'), 2))).toEqual([
      '2026-10-07 10:00 – 2026-10-07 23:00',
      '2026-10-08 18:00 – 2026-10-08 22:00',
    ]);
  });

  it('jumps to the next season, and the horizon limits the search', () => {
    const summer = schedule({ windows: daily([6], '18:00', '22:00'), season: { from: '04-01', to: '10-31' } });
    expect(compact(nextOpenings(summer, plain, sh('2026-10-30 12:00'), 2))).toEqual([
      '2026-10-31 18:00 – 2026-10-31 22:00',
      '2027-04-03 18:00 – 2027-04-03 22:00',
    ]);
    expect(compact(nextOpenings(summer, plain, sh('2026-10-30 12:00'), 2, 30))).toEqual(['2026-10-31 18:00 – 2026-10-31 22:00']);
  });

  it('returns nothing for a zone that never opens or count 0, and rejects bad arguments', () => {
    expect(nextOpenings(schedule(), china, sh('2026-01-01 00:00'), 3)).toEqual([]);
    expect(nextOpenings(evenings, plain, sh('2026-11-23 12:00'), 0)).toEqual([]);
    expect(() => nextOpenings(evenings, plain, sh('2026-11-23 12:00'), -1)).toThrow(RangeError);
    expect(() => nextOpenings(evenings, plain, sh('2026-11-23 12:00'), 1.5)).toThrow(RangeError);
    expect(() => nextOpenings(evenings, plain, sh('2026-11-23 12:00'), 1, 0)).toThrow(RangeError);
  });

  it('cuts an interval that outlasts the horizon, for a zone open around the clock', () => {
    const always = schedule({ windows: daily(ALL_DAYS, '00:00', '24:00') });
    expect(compact(nextOpenings(always, plain, sh('2026-11-23 12:00'), 2, 10))).toEqual([
      '2026-11-13 12:00 – 2026-12-03 12:00',
    ]);
  });

  it('finds an opening beyond the first search span (far-future night market)', () => {
    const s = schedule({ openings: [{ from: shIso('2027-02-10 18:00'), to: shIso('2027-02-11 01:00'), reason: '元宵灯会' }] });
    expect(compact(nextOpenings(s, china, sh('2026-11-23 12:00'), 2))).toEqual(['2027-02-10 18:00 – 2027-02-11 01:00']);
  });
});
