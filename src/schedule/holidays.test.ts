import { getDayDetail } from 'chinese-days';
import { chineseDaysEntries, ListHolidayCalendar } from './holidays';
import { addDays, isoWeekday } from './schedule.time';

describe('chineseDaysEntries', () => {
  const entries = chineseDaysEntries(2026, 2026);
  const byDate = new Map(entries.map((e) => [e.date, e]));

  it('contains the National Day holidays 1–7 Oct 2026 with Chinese and English names', () => {
    for (let day = 1; day <= 7; day++) {
      expect(byDate.get(`2026-10-0${day}`)).toEqual({
        date: `2026-10-0${day}`,
        kind: 'HOLIDAY',
        nameZh: '国庆节',
        nameEn: 'National Day',
      });
    }
    expect(byDate.has('2026-10-08')).toBe(false);
  });

  it('contains exactly the six adjusted working days of 2026, all on weekends', () => {
    const adjusted = entries.filter((e) => e.kind === 'ADJUSTED_WORKDAY');
    expect(adjusted.map((e) => e.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(adjusted.every((e) => isoWeekday(e.date) >= 6)).toBe(true);
    expect(byDate.get('2026-10-10')).toEqual({ date: '2026-10-10', kind: 'ADJUSTED_WORKDAY', nameZh: '国庆节', nameEn: 'National Day' });
    expect(byDate.get('2026-02-14')?.nameZh).toBe('春节');
  });

  it('lists every 2026 holiday block, weekend days inside a block included, and no plain weekend', () => {
    const holidays = entries.filter((e) => e.kind === 'HOLIDAY');
    expect(holidays).toHaveLength(33);
    expect(new Set(holidays.map((e) => e.nameZh))).toEqual(new Set(['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节']));
    expect(byDate.get('2026-10-03')?.kind).toBe('HOLIDAY');
    expect(byDate.has('2026-10-11')).toBe(false);
    expect(entries.map((e) => e.date)).toEqual([...entries.map((e) => e.date)].sort());
  });

  // chinese-days builds its function tables in the host's local time, so they are only right on
  // hosts at or east of UTC; the entries come from its zone-free JSON and must agree there.
  const hostEastOfUtc = new Date(2026, 0, 1).getTimezoneOffset() <= 0;
  (hostEastOfUtc ? it : it.skip)('agrees with getDayDetail on every day of 2026', () => {
    const calendar = new ListHolidayCalendar(entries);
    for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      const detail = getDayDetail(date);
      const kind = calendar.dayKind(date);
      const works = kind === 'WORKDAY' || kind === 'ADJUSTED_WORKDAY';
      expect({ date, works }).toEqual({ date, works: detail.work });
      if (byDate.has(date)) expect(detail.name).toContain(byDate.get(date)?.nameZh ?? '?');
    }
  });

  it('covers every year the package knows without duplicate dates, and nothing for unknown years', () => {
    const all = chineseDaysEntries(2004, 2026);
    expect(new Set(all.map((e) => e.date)).size).toBe(all.length);
    expect(() => new ListHolidayCalendar(all)).not.toThrow();
    expect(all.some((e) => e.nameZh === '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日')).toBe(true);
    expect(chineseDaysEntries(2090, 2091)).toEqual([]);
  });

  it('rejects a reversed or fractional year range', () => {
    expect(() => chineseDaysEntries(2027, 2026)).toThrow(RangeError);
    expect(() => chineseDaysEntries(2026.5, 2027)).toThrow(RangeError);
  });
});

describe('ListHolidayCalendar', () => {
  const calendar = new ListHolidayCalendar([
    { date: '2026-10-01', kind: 'HOLIDAY', nameZh: '国庆节', nameEn: 'National Day' },
    { date: '2026-10-10', kind: 'ADJUSTED_WORKDAY', nameZh: '国庆节', nameEn: null },
    { date: '2026-12-24', kind: 'HOLIDAY', nameZh: null, nameEn: null },
  ]);

  it('answers day kinds from its rows and the plain Mon–Fri pattern elsewhere', () => {
    expect(calendar.dayKind('2026-10-01')).toBe('HOLIDAY');
    expect(calendar.dayKind('2026-10-10')).toBe('ADJUSTED_WORKDAY');
    expect(calendar.dayKind('2026-10-09')).toBe('WORKDAY');
    expect(calendar.dayKind('2026-10-11')).toBe('RESTDAY');
    expect(calendar.dayKind('2026-10-12')).toBe('WORKDAY');
    expect(calendar.size).toBe(3);
  });

  it('names holidays Chinese first with English beside, or whichever it has', () => {
    expect(calendar.holidayName('2026-10-01')).toBe('国庆节 National Day');
    expect(calendar.holidayName('2026-10-10')).toBe('国庆节');
    expect(calendar.holidayName('2026-12-24')).toBeNull();
    expect(calendar.holidayName('2026-10-09')).toBeNull();
  });

  it('refuses malformed or duplicate rows and malformed questions', () => {
    expect(() => new ListHolidayCalendar([{ date: '2026-02-30', kind: 'HOLIDAY', nameZh: null, nameEn: null }])).toThrow(
      'invalid holiday calendar: 日期无效 / invalid date: "2026-02-30"',
    );
    const row = { date: '2026-10-01', kind: 'HOLIDAY' as const, nameZh: null, nameEn: null };
    expect(() => new ListHolidayCalendar([row, { ...row, kind: 'ADJUSTED_WORKDAY' }])).toThrow(/duplicate date: 2026-10-01/);
    expect(() => calendar.dayKind('1 Oct 2026')).toThrow(RangeError);
  });
});
