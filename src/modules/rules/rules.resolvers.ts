// Thin: authorize, call the service, return.
import type { DistanceFeatureKind, Resolvers } from '../../generated/graphql';
import type { Context } from '../../graphql/context';
import { parseId } from '../../graphql/ids';
import { requireViewer } from '../accounts/accounts.policy';
import type { ZoneRow } from '../zones/zones.sql';
import * as catalog from './catalog.service';
import * as distance from './distance.service';
import { dateOnly, loadRuleContext, versionAt, zoneNextOpenings, zoneStateAt, type RuleContext } from './evaluate';
import { clampOpenings } from './public-zone';
import { rulesPolicy } from './rules.policy';
import * as rules from './rules.service';
import { distanceRules } from './rules.sql';
import { weeklySummary } from './schedule';
import type { StoredSchedule } from './rules.models';
import { vendingCheck } from './vending-check.service';

const contexts = new WeakMap<Context, Map<string, Promise<RuleContext>>>();

/** One load of the city's rules per request, however many zones ask. */
function ruleContext(ctx: Context, cityId: string): Promise<RuleContext> {
  let byCity = contexts.get(ctx);
  if (!byCity) contexts.set(ctx, (byCity = new Map()));
  let loaded = byCity.get(cityId);
  if (!loaded) byCity.set(cityId, (loaded = loadRuleContext(ctx.db.prisma, cityId)));
  return loaded;
}

const writer = (ctx: Context, check: (v: Context['viewer']) => NonNullable<Context['viewer']>) => ({ viewer: check(ctx.viewer), requestId: ctx.requestId });

export const rulesResolvers: Resolvers = {
  Query: {
    vendingCheck: (_p, args, ctx) => vendingCheck(ctx.db.prisma, ctx.viewer, args),
    businessTypes: (_p, _a, ctx) => catalog.businessTypes(ctx.db.prisma, requireViewer(ctx.viewer).cityId),
    holidays: (_p, { year }, ctx) => catalog.holidays(ctx.db.prisma, requireViewer(ctx.viewer).cityId, year),
    distanceRules: (_p, _a, ctx) => distanceRules(ctx.db.prisma, requireViewer(ctx.viewer).cityId),
  },
  Mutation: {
    setZoneRule: (_p, { zoneId, input }, ctx) => rules.setZoneRule(ctx.db.prisma, writer(ctx, rulesPolicy.writeZoneRules), zoneId, input),
    addZoneException: (_p, { zoneId, input }, ctx) => rules.addZoneException(ctx.db.prisma, writer(ctx, rulesPolicy.writeZoneRules), zoneId, input),
    removeZoneException: (_p, { id }, ctx) => rules.removeZoneException(ctx.db.prisma, writer(ctx, rulesPolicy.writeZoneRules), id),
    createBusinessType: (_p, { input }, ctx) => catalog.createBusinessType(ctx.db.prisma, writer(ctx, rulesPolicy.writeCatalog), input),
    updateBusinessType: (_p, { code, input }, ctx) => catalog.updateBusinessType(ctx.db.prisma, writer(ctx, rulesPolicy.writeCatalog), code, input),
    setHolidayDay: (_p, { input }, ctx) => catalog.setHolidayDay(ctx.db.prisma, writer(ctx, rulesPolicy.writeCatalog), input),
    removeHolidayDay: (_p, { date }, ctx) => catalog.removeHolidayDay(ctx.db.prisma, writer(ctx, rulesPolicy.writeCatalog), date),
    createDistanceRule: (_p, { input }, ctx) => distance.createDistanceRule(ctx.db.prisma, writer(ctx, rulesPolicy.writeDistanceRules), input),
    retireDistanceRule: (_p, { id }, ctx) => distance.retireDistanceRule(ctx.db.prisma, writer(ctx, rulesPolicy.writeDistanceRules), parseId(id)),
  },
  Zone: {
    rule: async (z, { at }, ctx) => {
      const rc = await ruleContext(ctx, z.cityId);
      return versionAt(rc, z.id, rules.instantOr(at, rc.timeZone));
    },
    rules: async (z, _a, ctx) => (await ruleContext(ctx, z.cityId)).versions.get(z.id) ?? [],
    exceptions: (z, _a, ctx) => ctx.db.prisma.zoneException.findMany({
      where: { cityId: z.cityId, zoneId: z.id, endsAt: { gt: new Date() } }, orderBy: { startsAt: 'asc' },
    }),
    isOpen: async (z: ZoneRow, { at, businessType }, ctx) => {
      if (z.kind === 'NO_VENDING' || z.status === 'RETIRED') return false;
      const rc = await ruleContext(ctx, z.cityId);
      if (businessType && !rc.activeTypes.has(businessType)) await catalog.assertBusinessType(ctx.db.prisma, z.cityId, businessType);
      const s = zoneStateAt(rc, z.id, rules.instantOr(at, rc.timeZone), businessType);
      return s.open && s.typeAllowed;
    },
    nextOpenings: async (z, { from, count }, ctx) => {
      const rc = await ruleContext(ctx, z.cityId);
      const n = Math.min(Math.max(count ?? 3, 0), 20);
      return zoneNextOpenings(rc, z.id, rules.instantOr(from, rc.timeZone), n);
    },
    weeklySchedule: async (z, _a, ctx) => {
      const rc = await ruleContext(ctx, z.cityId);
      const rule = versionAt(rc, z.id, new Date());
      return rule ? weeklySummary({ ...rule.schedule, timeZone: rc.timeZone, closures: [], openings: [] }) : null;
    },
  },
  PublicZone: {
    // Built whole with the check (see PublicZoneModel): the caller's count only cuts the list.
    nextOpenings: (z, { count }) => z.nextOpenings.slice(0, clampOpenings(count)),
  },
  ZoneRule: {
    effectiveFrom: (r) => dateOnly(r.effectiveFrom),
    windows: (r) => r.schedule.windows,
    season: (r) => r.schedule.season,
    holidayPolicy: (r) => r.schedule.holidayPolicy,
    holidayWindows: (r) => r.schedule.holidayWindows,
    adjustedWorkdayAs: (r) => r.schedule.adjustedWorkdayAs,
    allowedBusinessTypes: (r) => (r.allowAllBusinessTypes ? null : r.allowedBusinessTypes),
  },
  ZoneException: {
    from: (e) => e.startsAt,
    to: (e) => e.endsAt,
  },
  BusinessType: {
    children: (b, _a, ctx) => ctx.db.prisma.businessType.findMany({ where: { cityId: b.cityId, parentCode: b.code, active: true }, orderBy: { code: 'asc' } }),
  },
  DistanceRule: {
    // Written only through DistanceRuleInput, whose featureKind is this enum.
    featureKind: (r) => r.featureKind as DistanceFeatureKind,
    windows: (r) => (r.schedule ? (r.schedule as StoredSchedule).windows : null),
    holidayPolicy: (r) => (r.schedule ? (r.schedule as StoredSchedule).holidayPolicy : null),
  },
};
