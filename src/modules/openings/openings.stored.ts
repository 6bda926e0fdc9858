// A published map keeps the rules its zones had when it was published (publication/), so "open now" on
// the public map answers by the published hours even after the live rules change. These helpers turn a
// zone's rules into that stored form and back into a RuleContext the interval computation reads.
import { dateOnly, type RuleContext } from '../rules/evaluate';
import type { StoredSchedule, ZoneRuleModel } from '../rules/rules.models';

export interface StoredZoneRules {
  versions: { effectiveFrom: string; schedule: StoredSchedule; allowAll: boolean; allowed: string[] }[];
  closures: { from: string; to: string }[];
  openings: { from: string; to: string }[];
}

/** What of the zone's rules decides its open intervals (exactly the inputs of zoneSignature and zonePieces). */
export function storedRules(ctx: RuleContext, zoneId: string): StoredZoneRules {
  return {
    versions: (ctx.versions.get(zoneId) ?? []).map((v) => ({
      effectiveFrom: dateOnly(v.effectiveFrom), schedule: v.schedule, allowAll: v.allowAllBusinessTypes, allowed: [...v.allowedBusinessTypes],
    })),
    closures: (ctx.closures.get(zoneId) ?? []).map((r) => ({ from: r.from, to: r.to })),
    openings: (ctx.openings.get(zoneId) ?? []).map((r) => ({ from: r.from, to: r.to })),
  };
}

/**
 * A context holding the city's calendar and catalogue from `base` and, under `key`, the stored rules.
 * Only the fields the interval computation reads are filled in a version.
 */
export function contextFromStored(base: RuleContext, entries: { key: string; rules: StoredZoneRules }[]): RuleContext {
  const ctx: RuleContext = { ...base, versions: new Map(), closures: new Map(), openings: new Map() };
  for (const { key, rules } of entries) {
    ctx.versions.set(key, rules.versions.map((v) => ({
      effectiveFrom: new Date(`${v.effectiveFrom}T00:00:00Z`), schedule: v.schedule,
      allowAllBusinessTypes: v.allowAll, allowedBusinessTypes: v.allowed,
    }) as unknown as ZoneRuleModel));
    ctx.closures.set(key, rules.closures.map((r) => ({ ...r, reason: '' })));
    ctx.openings.set(key, rules.openings.map((r) => ({ ...r, reason: '' })));
  }
  return ctx;
}
