// Thin: authorize, call the service, return.
import type { Resolvers } from '../../generated/graphql';
import { districtLoader } from '../cities/cities.loaders';
import { zonesPolicy } from './zones.policy';
import * as service from './zones.service';

export const zonesResolvers: Resolvers = {
  Query: {
    zone: (_p, { id }, ctx) => service.zone(ctx.db.prisma, zonesPolicy.read(ctx.viewer), id),
    zones: (_p, args, ctx) => service.zones(ctx.db, zonesPolicy.read(ctx.viewer), args),
  },
  Mutation: {
    createZone: (_p, { input }, ctx) =>
      service.createZone(ctx.db.prisma, { viewer: zonesPolicy.write(ctx.viewer), requestId: ctx.requestId }, input),
    updateZone: (_p, { id, input }, ctx) =>
      service.updateZone(ctx.db.prisma, { viewer: zonesPolicy.write(ctx.viewer), requestId: ctx.requestId }, id, input),
    retireZone: (_p, { id, reason }, ctx) =>
      service.retireZone(ctx.db.prisma, { viewer: zonesPolicy.write(ctx.viewer), requestId: ctx.requestId }, id, reason),
  },
  Zone: {
    district: (z, _a, ctx) => districtLoader(ctx, z.cityId).load(z.districtId),
  },
};
