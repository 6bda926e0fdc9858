// The demo city's rules: typical hours and business types per zone kind (as bureaus publish them:
// night markets into the small hours, morning markets at dawn, farmers' points in the growing
// season) and the distance buffers around its school gates, hospital entrance and hydrants.
import type { StoredSchedule } from '../modules/rules/rules.models';
import type { IsoWeekday, WeeklyWindow } from '../schedule/schedule.types';
import type { DemoFeatureKind, DemoZoneKind } from './demo-city.data';

const ALL: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const every = (days: IsoWeekday[], start: string, end: string): WeeklyWindow[] => days.map((day) => ({ day, start, end }));

function schedule(windows: WeeklyWindow[], extra: Partial<StoredSchedule> = {}): StoredSchedule {
  return { windows, season: null, holidayPolicy: 'OPEN_AS_USUAL', holidayWindows: [], adjustedWorkdayAs: 1, ...extra };
}

export interface DemoRule { schedule: StoredSchedule; types: string[] | null; capacity: number }

export const DEMO_RULES: Record<Exclude<DemoZoneKind, 'NO_VENDING'>, DemoRule> = {
  NIGHT_MARKET: {
    schedule: schedule([...every([1, 2, 3, 4, 7], '17:00', '01:00'), ...every([5, 6], '17:00', '02:00')]),
    types: ['food', 'goods', 'crafts'], capacity: 120,
  },
  MORNING_MARKET: { schedule: schedule(every(ALL, '05:30', '09:00')), types: ['produce', 'food.breakfast'], capacity: 80 },
  STALL_CLUSTER: {
    schedule: schedule([...every(ALL, '07:00', '10:00'), ...every(ALL, '17:00', '22:00')],
      { holidayPolicy: 'SPECIAL_HOURS', holidayWindows: [{ start: '09:00', end: '22:30' }] }),
    types: ['food', 'produce', 'goods'], capacity: 30,
  },
  FEATURE_STREET: { schedule: schedule(every(ALL, '10:00', '23:00')), types: null, capacity: 60 },
  SERVICE_POINT: { schedule: schedule(every(ALL, '08:00', '20:00')), types: null, capacity: 6 },
  TEMPORARY_MARKET: {
    schedule: schedule(every([6, 7], '09:00', '21:00'), { season: { from: '11-01', to: '02-28' } }),
    types: ['goods', 'crafts', 'food'], capacity: 50,
  },
  GUIDED_STALL_POINT: { schedule: schedule([...every(ALL, '06:00', '09:00'), ...every(ALL, '16:00', '21:00')]), types: ['produce', 'food'], capacity: 20 },
  FARMERS_PRODUCE_POINT: {
    schedule: schedule([...every(ALL, '06:00', '11:00'), ...every(ALL, '16:00', '19:30')], { season: { from: '05-01', to: '10-31' } }),
    types: ['produce.farmers'], capacity: 10,
  },
  REPAIR_AND_KEY_POINT: { schedule: schedule(every([1, 2, 3, 4, 5, 6], '08:00', '18:00'), { holidayPolicy: 'CLOSED' }), types: ['repair'], capacity: 4 },
  RURAL_REVITALISATION_POINT: { schedule: schedule(every([5, 6, 7], '09:00', '18:00')), types: ['produce', 'crafts'], capacity: 12 },
};

/** Distance buffers by feature kind; a school gate's applies only at school run times on school days. */
export const DEMO_BUFFERS: Partial<Record<DemoFeatureKind, { bufferM: number; schedule: StoredSchedule | null }>> = {
  SCHOOL_GATE: {
    bufferM: 50,
    schedule: schedule([...every([1, 2, 3, 4, 5], '07:00', '08:30'), ...every([1, 2, 3, 4, 5], '16:30', '18:00')], { holidayPolicy: 'CLOSED' }),
  },
  HOSPITAL_ENTRANCE: { bufferM: 30, schedule: null },
  FIRE_HYDRANT: { bufferM: 5, schedule: null },
  CROSSING: { bufferM: 10, schedule: null },
};
