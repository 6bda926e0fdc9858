// Shapes the rules domain hands to GraphQL, and the stored form of a rule's schedule.
import type { Prisma, ZoneRule } from '@prisma/client';
import type { PublicFeature, PublicZone } from '../../generated/graphql';
import type { DailyWindow, HolidayPolicy, IsoWeekday, Season, WeeklyWindow } from '../../schedule/schedule.types';

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
 * The public view is built whole by the service (PublicZone has no mapper of its own), so it is the
 * generated type itself: nextOpenings holds the most a caller may ask for, the resolver cuts it to count.
 */
export type PublicZoneModel = PublicZone;

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
