// Thin: authorize, call the service, return.
import type { Resolvers } from '../../generated/graphql';
import type { Context } from '../../graphql/context';
import { publicZone } from '../rules/public-zone';
import { zoneRuleContext } from '../rules/rules.loaders';
import { occupancy, zoneOccupancy, zoneOccupancyLoader } from './occupancy.service';
import * as bulk from './spots.bulk';
import { currentAssignmentLoader, zoneRowLoader } from './spots.loaders';
import { openSpotsNear } from './spots.near';
import { spotsPolicy } from './spots.policy';
import * as service from './spots.service';

const writer = (ctx: Context) => ({ viewer: spotsPolicy.write(ctx.viewer), requestId: ctx.requestId });

export const spotsResolvers: Resolvers = {
  Query: {
    spots: (_p, args, ctx) => service.spots(ctx.db, spotsPolicy.read(ctx.viewer), args),
    spot: (_p, { id }, ctx) => service.spot(ctx.db, spotsPolicy.read(ctx.viewer), id),
    // Anyone may ask: the caller's city when signed in, else the city whose districts hold the point.
    openSpotsNear: (_p, args, ctx) => openSpotsNear(ctx.db, ctx.viewer, args),
    zoneOccupancy: (_p, { city }, ctx) => zoneOccupancy(ctx.db, city),
    occupancy: (_p, { districtId }, ctx) => occupancy(ctx.db, spotsPolicy.occupancy(ctx.viewer), districtId),
  },
  Mutation: {
    createSpot: (_p, { input }, ctx) => service.createSpot(ctx.db.prisma, writer(ctx), input),
    createSpotsAlongLine: (_p, { input, dryRun }, ctx) => bulk.createSpotsAlongLine(ctx.db.prisma, writer(ctx), input, dryRun),
    createSpotsGrid: (_p, { input, dryRun }, ctx) => bulk.createSpotsGrid(ctx.db.prisma, writer(ctx), input, dryRun),
    updateSpot: (_p, { id, input }, ctx) => service.updateSpot(ctx.db.prisma, writer(ctx), id, input),
    setSpotStatus: (_p, { id, status, reason }, ctx) => service.setSpotStatus(ctx.db.prisma, writer(ctx), id, status, reason),
  },
  Spot: {
    zone: (s, _a, ctx) => zoneRowLoader(ctx, s.cityId).load(s.zoneId),
    currentAssignment: async (s, _a, ctx) => spotsPolicy.visibleAssignment(ctx.viewer, await currentAssignmentLoader(ctx, s.cityId).load(s.id)),
  },
  OpenSpot: {
    // The zone as the public sees it at the asked instant: hours in words and its next openings.
    zone: async (o, _a, ctx) => {
      const [row, rules] = await Promise.all([zoneRowLoader(ctx, o.cityId).load(o.zoneId), zoneRuleContext(ctx, o.cityId, o.zoneId)]);
      return publicZone(rules, row, o.at);
    },
  },
  Zone: {
    occupancy: (z, _a, ctx) => zoneOccupancyLoader(ctx, z.cityId).load(z.id),
  },
};
