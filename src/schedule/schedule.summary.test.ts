import { weeklySummary } from './schedule';
import { WORKDAYS, daily, schedule } from './schedule.fixtures';

describe('weeklySummary', () => {
  it('prints every weekday, overnight windows on the day they start, sorted by start', () => {
    const summary = weeklySummary(
      schedule({
        windows: [
          ...daily(WORKDAYS, '17:00', '01:00'),
          { day: 6, start: '18:00', end: '24:00' },
          { day: 6, start: '06:00', end: '09:30' },
          { day: 7, start: '20:00', end: '00:00' },
        ],
      }),
    );
    expect(summary.days).toEqual([
      { day: 1, dayName: '周一 Mon', windows: ['17:00–01:00 (次日 next day)'] },
      { day: 2, dayName: '周二 Tue', windows: ['17:00–01:00 (次日 next day)'] },
      { day: 3, dayName: '周三 Wed', windows: ['17:00–01:00 (次日 next day)'] },
      { day: 4, dayName: '周四 Thu', windows: ['17:00–01:00 (次日 next day)'] },
      { day: 5, dayName: '周五 Fri', windows: ['17:00–01:00 (次日 next day)'] },
      { day: 6, dayName: '周六 Sat', windows: ['06:00–09:30', '18:00–24:00'] },
      { day: 7, dayName: '周日 Sun', windows: ['20:00–24:00'] },
    ]);
  });

  it('shows closed days as empty and a whole day as 00:00–24:00', () => {
    const summary = weeklySummary(schedule({ windows: [{ day: 3, start: '00:00', end: '24:00' }] }));
    expect(summary.days.map((d) => d.windows)).toEqual([[], [], ['00:00–24:00'], [], [], [], []]);
  });

  it('describes the season, wrapping or not', () => {
    expect(weeklySummary(schedule()).season).toBe('全年营业 / open all year');
    expect(weeklySummary(schedule({ season: { from: '04-01', to: '10-31' } })).season).toBe(
      '营业季节 4月1日至10月31日 / season: 1 Apr – 31 Oct',
    );
    expect(weeklySummary(schedule({ season: { from: '11-01', to: '02-28' } })).season).toBe(
      '营业季节 11月1日至次年2月28日 / season: 1 Nov – 28 Feb',
    );
  });

  it('describes each holiday policy and the weekday adjusted working days follow', () => {
    expect(weeklySummary(schedule()).holidays).toBe(
      '法定节假日休市；调休上班日按周一时段营业 / closed on public holidays; adjusted working days (调休) follow Mon hours',
    );
    expect(weeklySummary(schedule({ holidayPolicy: 'OPEN_AS_USUAL', adjustedWorkdayAs: 5 })).holidays).toBe(
      '法定节假日照常营业；调休上班日按周五时段营业 / open as usual on public holidays; adjusted working days (调休) follow Fri hours',
    );
    const special = schedule({
      holidayPolicy: 'SPECIAL_HOURS',
      holidayWindows: [{ start: '18:00', end: '02:00' }, { start: '10:00', end: '14:00' }],
    });
    expect(weeklySummary(special).holidays).toBe(
      '法定节假日营业时间 10:00–14:00, 18:00–02:00 (次日 next day)；调休上班日按周一时段营业' +
        ' / public holidays 10:00–14:00, 18:00–02:00 (次日 next day); adjusted working days (调休) follow Mon hours',
    );
  });

  it('refuses an invalid schedule', () => {
    expect(() => weeklySummary(schedule({ windows: [{ day: 1, start: '10:00', end: '10:00' }] }))).toThrow(/invalid schedule/);
  });
});
