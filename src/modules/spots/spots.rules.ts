// What a zone's rule says about its spots: the business type a spot may be fixed to, and how large a
// stall may be. The rule that speaks is the version in force today or, for a zone whose first
// version is still to come, that version (spots are drawn before a market opens).
import type { Db } from '../../db/database';
import { badInput } from '../../graphql/errors';
import { allowsType, loadRuleContext, upcomingVersion, versionAt, type RuleContext } from '../rules/evaluate';
import type { ZoneRuleModel } from '../rules/rules.models';
import type { ZoneRow } from '../zones/zones.sql';

export interface SpotRules {
  ctx: RuleContext;
  zone: ZoneRow;
  /** The version that speaks for the zone's spots; null when the zone has none. */
  rule: ZoneRuleModel | null;
}

/** Read inside the write's transaction, so a rule changed a moment ago is the one applied. */
export async function spotRules(tx: Db, zone: ZoneRow, at = new Date()): Promise<SpotRules> {
  const ctx = await loadRuleContext(tx, zone.cityId, [zone.id]);
  return { ctx, zone, rule: versionAt(ctx, zone.id, at) ?? upcomingVersion(ctx, zone.id, at) };
}

/** A fixed business type must be an active code of the city's catalogue that the zone's rule allows. */
export function assertBusinessType(r: SpotRules, code: string | null): void {
  if (code === null) return;
  if (!r.ctx.activeTypes.has(code)) {
    throw badInput(`未知或已停用的业态 / unknown or retired business type: ${code}`, { field: 'businessType', reason: 'UNKNOWN_BUSINESS_TYPE' });
  }
  if (r.rule && !allowsType(r.ctx, r.rule, code)) {
    throw badInput(`「${r.zone.name}」不允许该业态 / ${r.zone.name} does not allow ${code}`, { field: 'businessType', reason: 'BUSINESS_TYPE_NOT_ALLOWED' });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * A stall's ground may not exceed the rule's maximum stall size. `areaM2` is width × depth for a
 * stall drawn as a point, the polygon's area on the ellipsoid for one drawn as its outline.
 */
export function assertSize(r: SpotRules, areaM2: number, number?: number): void {
  const max = r.rule?.maxStallAreaM2;
  // A millionth of a square metre of slack: a polygon drawn to the limit is not refused for rounding.
  if (max == null || areaM2 <= max + 1e-6) return;
  const who = number === undefined ? { zh: '摊位', en: 'the spot' } : { zh: `摊位 ${number} `, en: `spot ${number}` };
  throw badInput(`${who.zh}面积 ${round(areaM2)} m² 超过「${r.zone.name}」规则的上限 ${max} m² / ${who.en} takes ${round(areaM2)} m², more than the ${max} m² the rule of ${r.zone.name} allows`, {
    reason: 'TOO_LARGE', areaM2: round(areaM2), maxStallAreaM2: max,
  });
}
