import type { Resolvers } from '../../generated/graphql';
import { requireViewer } from '../accounts/accounts.policy';
import { notFound } from '../../graphql/errors';
import { districtsOfCity } from './cities.sql';
import { cityById } from './cities.service';

export const citiesResolvers: Resolvers = {
  Query: {
    city: async (_p, _a, ctx) => {
      const v = requireViewer(ctx.viewer);
      return (await cityById(ctx.db.prisma, v.cityId)) ?? Promise.reject(notFound('城市', 'city', v.cityId));
    },
    districts: (_p, _a, ctx) => districtsOfCity(ctx.db.prisma, requireViewer(ctx.viewer).cityId),
  },
  City: {
    center: (c) => [c.centerLon, c.centerLat],
    districts: (c, _a, ctx) => districtsOfCity(ctx.db.prisma, c.id),
  },
};
