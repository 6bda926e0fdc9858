// The public's view of a zone and of a distance buffer in a vendingCheck answer. Anyone may ask that
// question, so it answers with what a vendor needs on a phone (name, kind, hours in words, the next
// openings, the business types by name) and nothing a full Zone would let a caller traverse to: rule
// versions not yet in force, closure reasons, versions, timestamps, audit-ish data.
import type { DistanceFeatureKind, PublicBusinessType, PublicFeature } from '../../generated/graphql';
import type { ZoneRow } from '../zones/zones.sql';
import { dateOnly, upcomingVersion, versionAt, zoneNextOpenings, type RuleContext } from './evaluate';
import type { PublicZoneModel, ZoneRuleModel } from './rules.models';
import type { DistanceRuleRow } from './rules.sql';
import { weeklySummary } from '../../schedule/schedule';
import type { RuleSchedule } from '../../schedule/schedule.types';

/** The most openings a caller may ask of a public zone; they are computed up front (see PublicZoneModel). */
export const PUBLIC_OPENINGS_MAX = 10;

export function clampOpenings(count: number | null | undefined): number {
  return Math.min(Math.max(count ?? 3, 0), PUBLIC_OPENINGS_MAX);
}

/** The rule's business types by name; null: every type. */
export function businessTypes(ctx: RuleContext, rule: ZoneRuleModel): PublicBusinessType[] | null {
  if (rule.allowAllBusinessTypes) return null;
  return rule.allowedBusinessTypes.map((code) => {
    const names = ctx.typeNames.get(code);
    return { code, name: names?.name ?? code, nameEn: names?.nameEn ?? code };
  });
}

function once<T>(work: () => T): () => T {
  let done: { value: T } | null = null;
  return () => (done ??= { value: work() }).value;
}

/**
 * The zone at the instant of the check. Before its first version starts, that version's hours are the
 * useful answer ("opens from 1 December, Fri–Sat 17:00–02:00"), so it is shown with its date.
 */
export function publicZone(ctx: RuleContext, z: ZoneRow, at: Date): PublicZoneModel {
  const rule = z.kind === 'NO_VENDING' ? null : (versionAt(ctx, z.id, at) ?? upcomingVersion(ctx, z.id, at));
  return {
    id: z.id,
    name: z.name,
    kind: z.kind,
    geometry: z.geometry,
    weeklySchedule: rule ? weeklySummary({ ...rule.schedule, timeZone: ctx.timeZone, closures: [], openings: [] }) : null,
    scheduleFrom: rule ? dateOnly(rule.effectiveFrom) : null,
    allowedBusinessTypes: rule ? businessTypes(ctx, rule) : [],
    openings: once(() => (rule ? zoneNextOpenings(ctx, z.id, at, PUBLIC_OPENINGS_MAX) : [])),
  };
}

/**
 * A buffer's hours are the weekday lines of its schedule only: the summary's holiday line speaks of a
 * market "closed on holidays", which for a buffer would read backwards.
 */
export function publicFeature(b: DistanceRuleRow, schedule: RuleSchedule | null): PublicFeature {
  return {
    name: b.name,
    // Written only through DistanceRuleInput, whose featureKind is this enum.
    featureKind: b.featureKind as DistanceFeatureKind,
    bufferM: b.bufferM,
    hours: schedule ? weeklySummary(schedule).days : null,
  };
}
