// The city's catalogue for rules: business types (业态, two levels, stable codes) and the holiday
// calendar (seeded from chinese-days; admins enter next year's dates when the State Council
// publishes them, before the package knows them).
// Every change publishes `catalog:<cityId>`, so the cached catalogue (catalog-cache.ts) goes at once.
import type { HolidayKind, PrismaClient } from '@prisma/client';
import { transactionWithChanges } from '../../db/changes';
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import { refreshCityOpenings } from '../openings/openings.service';
import type { HolidayDayModel } from './rules.models';
import { isValidIsoDate, localDate } from '../../schedule/schedule.time';

type Writer = Actor & { viewer: Viewer };
const CODE = /^[a-z][a-z0-9_.-]{1,39}$/;

export interface BusinessTypeInput { code: string; parentCode?: string | null; name: string; nameEn: string }

export async function createBusinessType(prisma: PrismaClient, w: Writer, input: BusinessTypeInput) {
  const cityId = w.viewer.cityId;
  const problems: string[] = [];
  if (!CODE.test(input.code)) problems.push('代码须为 2–40 位小写字母、数字、._- / code: 2–40 of a-z 0-9 . _ -, starting with a letter');
  if (input.parentCode != null && !CODE.test(input.parentCode)) problems.push(`上级业态代码无效 / parentCode is not a business type code: ${JSON.stringify(input.parentCode.slice(0, 40))}`);
  if (!input.name.trim() || !input.nameEn.trim()) problems.push('中英文名称都不能为空 / name and nameEn must not be blank');
  if (problems.length) throw badInput(problems.join('; '), { problems });
  return transactionWithChanges(prisma, async (tx, publish) => {
    if (await tx.businessType.findUnique({ where: { cityId_code: { cityId, code: input.code } } })) {
      throw conflict(`业态代码已存在 / business type code already exists: ${input.code}`);
    }
    if (input.parentCode) {
      const parent = await tx.businessType.findUnique({ where: { cityId_code: { cityId, code: input.parentCode } } });
      if (!parent) throw badInput(`上级业态不存在 / unknown parentCode: ${input.parentCode}`);
      if (parent.parentCode) throw badInput('业态只有两级 / business types have two levels: the parent must be a top-level type');
    }
    const row = await tx.businessType.create({
      data: { cityId, code: input.code, parentCode: input.parentCode ?? null, name: input.name.trim(), nameEn: input.nameEn.trim() },
    });
    await publish({ kind: 'catalog', id: cityId });
    await recordAudit(tx, w, { cityId, operation: 'createBusinessType', entityType: 'BusinessType', entityId: row.code, after: row });
    return row;
  });
}

export interface BusinessTypeUpdate { name?: string | null; nameEn?: string | null; active?: boolean | null }

export async function updateBusinessType(prisma: PrismaClient, w: Writer, code: string, input: BusinessTypeUpdate) {
  const cityId = w.viewer.cityId;
  if ((input.name != null && !input.name.trim()) || (input.nameEn != null && !input.nameEn.trim())) {
    throw badInput('名称不能为空 / names must not be blank');
  }
  if (input.name == null && input.nameEn == null && input.active == null) throw badInput('没有要修改的内容 / nothing to change');
  return transactionWithChanges(prisma, async (tx, publish) => {
    const before = await tx.businessType.findUnique({ where: { cityId_code: { cityId, code } } });
    if (!before) throw notFound('业态', 'business type', code);
    const after = await tx.businessType.update({
      where: { cityId_code: { cityId, code } },
      data: {
        ...(input.name != null ? { name: input.name.trim() } : {}),
        ...(input.nameEn != null ? { nameEn: input.nameEn.trim() } : {}),
        ...(input.active != null ? { active: input.active } : {}),
      },
    });
    await publish({ kind: 'catalog', id: cityId });
    await recordAudit(tx, w, { cityId, operation: 'updateBusinessType', entityType: 'BusinessType', entityId: code, before, after });
    return after;
  });
}

export function businessTypes(db: Db, cityId: string) {
  return db.businessType.findMany({ where: { cityId, active: true }, orderBy: [{ parentCode: 'asc' }, { code: 'asc' }] });
}

export async function assertBusinessType(db: Db, cityId: string, code: string): Promise<void> {
  const type = await db.businessType.findUnique({ where: { cityId_code: { cityId, code } } });
  if (!type || !type.active) {
    throw badInput(`未知或已停用的业态 / unknown or retired business type: ${code}`, { field: 'businessType' });
  }
}

function toModel(h: { date: Date; kind: HolidayKind; nameZh: string | null; nameEn: string | null }): HolidayDayModel {
  return { date: h.date.toISOString().slice(0, 10), kind: h.kind, nameZh: h.nameZh, nameEn: h.nameEn };
}

export async function holidays(db: Db, cityId: string, year: number): Promise<HolidayDayModel[]> {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('年份须在 2000–2100 / year must be 2000–2100');
  const rows = await db.holidayDay.findMany({
    where: { cityId, date: { gte: new Date(`${year}-01-01T00:00:00Z`), lt: new Date(`${year + 1}-01-01T00:00:00Z`) } },
    orderBy: { date: 'asc' },
  });
  return rows.map(toModel);
}

export interface HolidayInput { date: string; kind: HolidayKind; nameZh?: string | null; nameEn?: string | null }

/**
 * The calendar of days already begun is history, as rule versions are: a zone was open or closed
 * that day under the calendar as it then stood, and the audit trail and inspections rely on it.
 */
async function assertNotPast(db: Db, cityId: string, day: string): Promise<void> {
  const city = await db.city.findUniqueOrThrow({ where: { id: cityId }, select: { timeZone: true } });
  const today = localDate(Date.now(), city.timeZone);
  if (day < today) {
    throw badInput(`${day} 已过去，节假日历史不能改写 / ${day} is in the past: the holiday calendar's history cannot be rewritten (today is ${today})`, { field: 'date' });
  }
}

export async function setHolidayDay(prisma: PrismaClient, w: Writer, input: HolidayInput): Promise<HolidayDayModel> {
  if (!isValidIsoDate(input.date)) throw badInput(`日期无效 / invalid date: ${input.date}`, { field: 'date' });
  const cityId = w.viewer.cityId;
  await assertNotPast(prisma, cityId, input.date);
  const date = new Date(`${input.date}T00:00:00Z`);
  const weekday = date.getUTCDay();
  if (input.kind === 'ADJUSTED_WORKDAY' && weekday !== 0 && weekday !== 6) {
    throw badInput('调休上班日应为周末 / an adjusted working day falls on a weekend');
  }
  return transactionWithChanges(prisma, async (tx, publish) => {
    const before = await tx.holidayDay.findUnique({ where: { cityId_date: { cityId, date } } });
    const data = { kind: input.kind, nameZh: input.nameZh ?? null, nameEn: input.nameEn ?? null };
    const row = await tx.holidayDay.upsert({ where: { cityId_date: { cityId, date } }, create: { cityId, date, ...data }, update: data });
    // Inside the transaction the cache is bypassed (a transaction's client has no change feed), so the
    // refresh reads the calendar as just changed.
    await refreshCityOpenings(tx, cityId);
    await publish({ kind: 'catalog', id: cityId });
    await recordAudit(tx, w, { cityId, operation: 'setHolidayDay', entityType: 'HolidayDay', entityId: input.date, before: before && toModel(before), after: toModel(row) });
    return toModel(row);
  });
}

export async function removeHolidayDay(prisma: PrismaClient, w: Writer, day: string): Promise<boolean> {
  if (!isValidIsoDate(day)) throw badInput(`日期无效 / invalid date: ${day}`, { field: 'date' });
  const cityId = w.viewer.cityId;
  await assertNotPast(prisma, cityId, day);
  const date = new Date(`${day}T00:00:00Z`);
  return transactionWithChanges(prisma, async (tx, publish) => {
    const before = await tx.holidayDay.findUnique({ where: { cityId_date: { cityId, date } } });
    if (!before) throw notFound('节假日', 'holiday day', day);
    await tx.holidayDay.delete({ where: { cityId_date: { cityId, date } } });
    await refreshCityOpenings(tx, cityId);
    await publish({ kind: 'catalog', id: cityId });
    await recordAudit(tx, w, { cityId, operation: 'removeHolidayDay', entityType: 'HolidayDay', entityId: day, before: toModel(before) });
    return true;
  });
}
