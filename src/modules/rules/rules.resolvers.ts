// Thin: authorize, call the service, return.
import type { DistanceFeatureKind, Resolvers } from '../../generated/graphql';
import type { Context } from '../../graphql/context';
import { parseId } from '../../graphql/ids';
import { requireViewer } from '../accounts/accounts.policy';
import type { ZoneRow } from '../zones/zones.sql';
import * as catalog from './catalog.service';
import * as distance from './distance.service';
import { dateOnly, versionAt, zoneNextOpenings } from './evaluate';
import { clampOpenings } from './public-zone';
import { rulesPolicy } from './rules.policy';
import * as rules from './rules.service';
import { distanceRules } from './rules.sql';
import { weeklySummary } from '../../schedule/schedule';
import type { StoredSchedule } from './rules.models';
import { vendingCheck } from './vending-check.service';
import { zoneRuleContext } from './rules.loaders';
import { isZoneOpen } from '../openings/openings.loaders';

const writer = (ctx: Context, check: (v: Context['viewer']) => NonNullable<Context['viewer']>) => ({ viewer: check(ctx.viewer), requestId: ctx.requestId });

export const rulesResolvers: Resolvers = {
  Query: {
    vendingCheck: (_p, args, ctx) => vendingCheck(ctx.db, ctx.viewer, args),
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
      const rc = await zoneRuleContext(ctx, z.cityId, z.id);
      return versionAt(rc, z.id, rules.instantOr(at, rc.timeZone));
    },
    rules: async (z, _a, ctx) => (await zoneRuleContext(ctx, z.cityId, z.id)).versions.get(z.id) ?? [],
    exceptions: (z, _a, ctx) => ctx.db.prisma.zoneException.findMany({
      where: { cityId: z.cityId, zoneId: z.id, endsAt: { gt: new Date() } }, orderBy: { startsAt: 'asc' },
    }),
    // From the precomputed open intervals, a page of zones in one look-up (see openings.loaders.ts).
    isOpen: (z: ZoneRow, { at, businessType }, ctx) =>
      (z.kind === 'NO_VENDING' || z.status === 'RETIRED' ? false : isZoneOpen(ctx, z.cityId, z.id, at, businessType)),
    nextOpenings: async (z, { from, count }, ctx) => {
      const rc = await zoneRuleContext(ctx, z.cityId, z.id);
      const n = Math.min(Math.max(count ?? 3, 0), 20);
      return zoneNextOpenings(rc, z.id, rules.instantOr(from, rc.timeZone), n);
    },
    weeklySchedule: async (z, _a, ctx) => {
      const rc = await zoneRuleContext(ctx, z.cityId, z.id);
      const rule = versionAt(rc, z.id, new Date());
      return rule ? weeklySummary({ ...rule.schedule, timeZone: rc.timeZone, closures: [], openings: [] }) : null;
    },
  },
  PublicZone: {
    // Worked out on first asking (see PublicZoneModel): the caller's count only cuts the list.
    nextOpenings: (z, { count }) => z.openings().slice(0, clampOpenings(count)),
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
