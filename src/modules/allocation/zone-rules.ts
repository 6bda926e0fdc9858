// The zone and its rule as applications, rounds and renewals see them: an active vending zone, the
// rule version in force on the first day of a period, its season covering every day, and a business
// type the catalogue knows and the rule allows (定时间、定区域、定业态).
import type { Db } from '../../db/database';
import { badInput, notFound } from '../../graphql/errors';
import { allowsType, versionAt, type RuleContext } from '../rules/evaluate';
import type { ZoneRuleModel } from '../rules/rules.models';
import { localInstant, monthDayLabel } from '../../schedule/schedule.time';
import type { ZoneRow } from '../zones/zones.sql';
import { zonesByIds } from './allocation.sql';
import { firstDayOutOfSeason, type Period } from './period';

export async function vendingZone(tx: Db, cityId: string, zoneId: string): Promise<ZoneRow> {
  const [zone] = await zonesByIds(tx, cityId, [zoneId]);
  if (!zone) throw notFound('区域', 'zone', zoneId);
  if (zone.status !== 'ACTIVE' || zone.kind === 'NO_VENDING') {
    throw badInput(`「${zone.name}」不是可设摊的区域 / ${zone.name} is not an active vending zone`, { field: 'zoneId', reason: 'NOT_A_VENDING_ZONE' });
  }
  return zone;
}

/** The version in force on a local date (its midnight in the city's zone). */
export function ruleOn(rc: RuleContext, zone: ZoneRow, day: string): ZoneRuleModel {
  const rule = versionAt(rc, zone.id, new Date(localInstant(day, 0, rc.timeZone)));
  if (!rule) {
    throw badInput(`「${zone.name}」在 ${day} 尚无开放规则 / ${zone.name} has no opening rule on ${day}`, { field: 'startsOn', reason: 'NO_RULE' });
  }
  return rule;
}

export function assertInSeason(rule: ZoneRuleModel, zone: ZoneRow, period: Period): void {
  const out = firstDayOutOfSeason(rule.schedule.season, period);
  if (out && rule.schedule.season) {
    const from = monthDayLabel(rule.schedule.season.from);
    const to = monthDayLabel(rule.schedule.season.to);
    throw badInput(`${out} 不在「${zone.name}」的开放季节（${from.zh}至${to.zh}）内 / ${out} is outside the season of ${zone.name} (${from.en} to ${to.en})`, {
      field: 'endsOn', reason: 'OUT_OF_SEASON', day: out, season: rule.schedule.season,
    });
  }
}

export function assertTypeAllowed(rc: RuleContext, rule: ZoneRuleModel, zone: ZoneRow, type: string): void {
  if (!rc.activeTypes.has(type)) {
    throw badInput(`未知或已停用的业态：${type} / unknown or retired business type: ${type}`, { field: 'businessType', reason: 'UNKNOWN_BUSINESS_TYPE' });
  }
  if (!allowsType(rc, rule, type)) {
    throw badInput(`「${zone.name}」不允许该业态 / ${zone.name} does not allow ${type}`, { field: 'businessType', reason: 'BUSINESS_TYPE_NOT_ALLOWED' });
  }
}

export function cleanText(text: string | null | undefined, field: string, required: boolean): string | null {
  const t = text?.trim() ?? '';
  if (!t) {
    if (required) throw badInput(`${field} 不能为空 / ${field} is required`, { field });
    return null;
  }
  if (t.length > 500) throw badInput(`${field} 最多 500 字 / ${field}: at most 500 characters`, { field });
  return t;
}
