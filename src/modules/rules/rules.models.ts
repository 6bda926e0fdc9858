// Shapes the rules domain hands to GraphQL, and the stored form of a rule's schedule.
import type { Prisma, ZoneRule } from '@prisma/client';
import type { PublicFeature, PublicZone } from '../../generated/graphql';
import type { DailyWindow, HolidayPolicy, IsoWeekday, OpenInterval, Season, WeeklyWindow } from '../../schedule/schedule.types';

/** What zone_rule.schedule and distance_rule.schedule hold; the time zone is the city's. */
export interface StoredSchedule {
  windows: WeeklyWindow[];
  season: Season | null;
  holidayPolicy: HolidayPolicy;
  holidayWindows: DailyWindow[];
  adjustedWorkdayAs: IsoWeekday;
}

export type ZoneRuleModel = Omit<ZoneRule, 'schedule'> & { schedule: StoredSchedule };

export interface HolidayDayModel {
  date: string;
  kind: 'HOLIDAY' | 'ADJUSTED_WORKDAY';
  nameZh: string | null;
  nameEn: string | null;
}

export type VendingReasonCode =
  | 'OUTSIDE_ZONES' | 'IN_NO_VENDING_AREA' | 'TOO_CLOSE_TO' | 'CLOSED_AT_THIS_TIME'
  | 'HOLIDAY_CLOSED' | 'TEMPORARILY_CLOSED' | 'BUSINESS_TYPE_NOT_ALLOWED' | 'OUT_OF_SEASON';

export interface VendingReasonModel {
  code: VendingReasonCode;
  message: string;
  zone: PublicZoneModel | null;
  feature: PublicFeature | null;
  distanceM: number | null;
}

/**
 * The public view of a zone (a codegen mapper). Its next openings cost a walk through the calendar, so
 * they are worked out only when a caller asks for them (once per zone, the most a caller may ask for;
 * the resolver cuts the list to count).
 */
export interface PublicZoneModel extends Omit<PublicZone, 'nextOpenings'> {
  openings(): OpenInterval[];
}

export interface NearbyZoneModel {
  zone: PublicZoneModel;
  distanceM: number;
}

export interface VendingCheckModel {
  allowed: boolean;
  at: Date;
  zones: PublicZoneModel[];
  reasons: VendingReasonModel[];
  nextAllowedAt: Date | null;
  nearestAllowedZone: NearbyZoneModel | null;
}

/** A schedule as Prisma's JSON input (it is plain data: strings, numbers, arrays, null). */
export function scheduleJson(s: StoredSchedule): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(s)) as Prisma.InputJsonObject;
}
