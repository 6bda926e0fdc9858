// Zone rule versions and temporary closures / openings. A version takes effect on a local date that
// is today or later, so history is never rewritten; a version not yet in force may be replaced.
import type { PrismaClient } from '@prisma/client';
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { recordAudit, type Actor } from '../audit/audit.service';
import { refreshZoneOpenings } from '../openings/openings.service';
import { zoneById } from '../zones/zones.sql';
import { rulesPolicy } from './rules.policy';
import { scheduleJson, type StoredSchedule, type ZoneRuleModel } from './rules.models';
import { validateSchedule } from '../../schedule/schedule';
import type { DailyWindow, HolidayPolicy, IsoWeekday, WeeklyWindow } from '../../schedule/schedule.types';
import { isValidIsoDate, localDate, parseInstant } from '../../schedule/schedule.time';

type Writer = Actor & { viewer: Viewer };

export interface ScheduleInput {
  windows: WeeklyWindow[] | { day: number; start: string; end: string }[];
  season?: { from: string; to: string } | null;
  holidayPolicy?: HolidayPolicy | null;
  holidayWindows?: DailyWindow[] | null;
  adjustedWorkdayAs?: number | null;
}

/** Checks a schedule in the city's time zone; every problem in one BAD_USER_INPUT. */
export function toStoredSchedule(input: ScheduleInput, timeZone: string): StoredSchedule {
  const stored = {
    windows: input.windows as WeeklyWindow[],
    season: input.season ?? null,
    holidayPolicy: input.holidayPolicy ?? 'CLOSED',
    holidayWindows: input.holidayWindows ?? [],
    adjustedWorkdayAs: (input.adjustedWorkdayAs ?? 1) as IsoWeekday,
  };
  const problems = validateSchedule({ ...stored, timeZone, closures: [], openings: [] });
  if (problems.length) throw badInput(`规则无效 / invalid rule: ${problems.join('; ')}`, { problems });
  return stored;
}

export interface ZoneRuleInput extends ScheduleInput {
  effectiveFrom: string;
  allowedBusinessTypes?: string[] | null;
  capacity?: number | null;
  maxStallAreaM2?: number | null;
}

async function writableZone(tx: Db, w: Writer, zoneId: string) {
  const zone = await zoneById(tx, w.viewer.cityId, zoneId, true);
  if (!zone) throw notFound('区域', 'zone', zoneId);
  if (zone.status === 'RETIRED') throw conflict('已撤销的区域不能设定规则 / a retired zone takes no rules');
  await rulesPolicy.assertHoldsZone(tx, w.viewer, zone);
  return zone;
}

export async function setZoneRule(prisma: PrismaClient, w: Writer, rawZoneId: string, input: ZoneRuleInput): Promise<ZoneRuleModel> {
  const zoneId = parseId(rawZoneId, 'zoneId');
  const cityId = w.viewer.cityId;
  const city = await prisma.city.findUniqueOrThrow({ where: { id: cityId } });
  const problems: string[] = [];
  if (!isValidIsoDate(input.effectiveFrom)) problems.push(`生效日期无效 / effectiveFrom is not a date: ${input.effectiveFrom}`);
  const today = localDate(Date.now(), city.timeZone);
  if (isValidIsoDate(input.effectiveFrom) && input.effectiveFrom < today) {
    problems.push(`生效日期 ${input.effectiveFrom} 早于今天 ${today}，不能改写历史 / effectiveFrom is before today (${today}): history cannot be rewritten`);
  }
  if (input.capacity != null && (!Number.isInteger(input.capacity) || input.capacity < 0)) problems.push('摊位数须为非负整数 / capacity must be a whole number ≥ 0');
  if (input.maxStallAreaM2 != null && !(input.maxStallAreaM2 > 0 && input.maxStallAreaM2 <= 1000)) problems.push('摊位面积上限须在 0–1000 m² / maxStallAreaM2 must be in (0, 1000]');
  const codes = input.allowedBusinessTypes ?? null;
  if (codes) {
    const known = await prisma.businessType.findMany({ where: { cityId, code: { in: codes }, active: true }, select: { code: true } });
    const unknown = codes.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length) problems.push(`未知业态 / unknown business types: ${unknown.join(', ')}`);
  }
  if (problems.length) throw badInput(problems.join('; '), { problems });
  const schedule = toStoredSchedule(input, city.timeZone);
  return prisma.$transaction(async (tx) => {
    const zone = await writableZone(tx, w, zoneId);
    if (zone.kind === 'NO_VENDING') throw badInput('禁设区域没有开放规则 / a no-vending area has no opening rules');
    const effectiveFrom = new Date(`${input.effectiveFrom}T00:00:00Z`);
    const before = await tx.zoneRule.findUnique({ where: { cityId_zoneId_effectiveFrom: { cityId, zoneId, effectiveFrom } } });
    if (before && input.effectiveFrom <= today) {
      throw conflict(`${input.effectiveFrom} 的规则已生效，请从明天起设定新版本 / the version of ${input.effectiveFrom} is in force: start a new one tomorrow or later`);
    }
    if (before) await tx.zoneRule.delete({ where: { cityId_id: { cityId, id: before.id } } });
    const rule = await tx.zoneRule.create({
      data: {
        cityId, zoneId, effectiveFrom, schedule: scheduleJson(schedule),
        allowAllBusinessTypes: codes === null, allowedBusinessTypes: codes ? [...new Set(codes)] : [],
        capacity: input.capacity ?? null, maxStallAreaM2: input.maxStallAreaM2 ?? null,
      },
    });
    await refreshZoneOpenings(tx, cityId, zoneId);
    await recordAudit(tx, w, { cityId, operation: 'setZoneRule', entityType: 'ZoneRule', entityId: rule.id, before, after: { ...rule, zoneId } });
    return { ...rule, schedule };
  });
}

export interface ExceptionInput { kind: 'CLOSURE' | 'OPENING'; from: Date | string; to: Date | string; reason: string }

export async function addZoneException(prisma: PrismaClient, w: Writer, rawZoneId: string, input: ExceptionInput) {
  const zoneId = parseId(rawZoneId, 'zoneId');
  const from = new Date(input.from);
  const to = new Date(input.to);
  const reason = input.reason.trim();
  if (!(to > from)) throw badInput('结束时间须晚于开始时间 / to must be after from');
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw badInput('临时安排最长一年 / a temporary change lasts at most a year');
  if (!reason || reason.length > 200) throw badInput('原因须为 1–200 个字符 / reason: 1–200 characters');
  return prisma.$transaction(async (tx) => {
    const zone = await writableZone(tx, w, zoneId);
    const row = await tx.zoneException.create({ data: { cityId: zone.cityId, zoneId, kind: input.kind, startsAt: from, endsAt: to, reason } });
    await refreshZoneOpenings(tx, zone.cityId, zoneId);
    await recordAudit(tx, w, { cityId: zone.cityId, operation: 'addZoneException', entityType: 'ZoneException', entityId: row.id, after: row });
    return row;
  });
}

export async function removeZoneException(prisma: PrismaClient, w: Writer, rawId: string): Promise<boolean> {
  const id = parseId(rawId);
  return prisma.$transaction(async (tx) => {
    const before = await tx.zoneException.findUnique({ where: { cityId_id: { cityId: w.viewer.cityId, id } } });
    if (!before) throw notFound('临时安排', 'zone exception', id);
    await writableZone(tx, w, before.zoneId);
    await tx.zoneException.delete({ where: { cityId_id: { cityId: w.viewer.cityId, id } } });
    await refreshZoneOpenings(tx, before.cityId, before.zoneId);
    await recordAudit(tx, w, { cityId: before.cityId, operation: 'removeZoneException', entityType: 'ZoneException', entityId: id, before });
    return true;
  });
}

/** An instant argument, or now; parseInstant reads a value without offset in the city's zone. */
export function instantOr(value: Date | string | null | undefined, timeZone: string): Date {
  if (value == null) return new Date();
  if (value instanceof Date) return value;
  const ms = parseInstant(value, timeZone);
  if (ms === null) throw badInput(`无效的时间 / invalid instant: ${value}`);
  return new Date(ms);
}
