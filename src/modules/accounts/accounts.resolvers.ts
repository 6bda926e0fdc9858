import type { Resolvers } from '../../generated/graphql';
import { parseId, parseIds } from '../../graphql/ids';
import { districtsByIds } from '../cities/cities.sql';
import { cityById } from '../cities/cities.service';
import { zoneById } from '../zones/zones.sql';
import { accountsPolicy } from './accounts.policy';
import * as service from './accounts.service';

export const accountsResolvers: Resolvers = {
  Query: {
    me: (_p, _a, ctx) =>
      ctx.viewer ? ctx.db.prisma.account.findUnique({ where: { cityId_id: { cityId: ctx.viewer.cityId, id: ctx.viewer.accountId } } }) : null,
    apiTokens: (_p, _a, ctx) => {
      const v = accountsPolicy.ownTokens(ctx.viewer);
      return ctx.db.prisma.apiToken.findMany({ where: { cityId: v.cityId, accountId: v.accountId }, orderBy: { createdAt: 'desc' } });
    },
  },
  Mutation: {
    login: (_p, { username, password }, ctx) => ctx.auth.login(username, password),
    createApiToken: (_p, { name, expiresInDays }, ctx) =>
      service.createApiToken(ctx.db.prisma, { viewer: accountsPolicy.ownTokens(ctx.viewer), requestId: ctx.requestId }, name, expiresInDays),
    revokeApiToken: (_p, { id }, ctx) =>
      service.revokeApiToken(ctx.db.prisma, { viewer: accountsPolicy.ownTokens(ctx.viewer), requestId: ctx.requestId }, parseId(id)),
    createAccount: (_p, { input }, ctx) => {
      const viewer = accountsPolicy.manageAccounts(ctx.viewer);
      const account = {
        ...input,
        districtIds: parseIds(input.districtIds, 'districtIds'),
        zoneId: input.zoneId ? parseId(input.zoneId, 'zoneId') : null,
      };
      return service.createAccount(ctx.db.prisma, { viewer, requestId: ctx.requestId }, account, ctx.auth.bcryptCost);
    },
    setAccountActive: (_p, { id, active }, ctx) =>
      service.setAccountActive(ctx.db.prisma, { viewer: accountsPolicy.manageAccounts(ctx.viewer), requestId: ctx.requestId }, parseId(id), active),
  },
  Account: {
    city: async (a, _x, ctx) => (await cityById(ctx.db.prisma, a.cityId))!,
    districts: async (a, _x, ctx) => {
      const links = await ctx.db.prisma.accountDistrict.findMany({ where: { cityId: a.cityId, accountId: a.id } });
      return districtsByIds(ctx.db.prisma, a.cityId, links.map((l) => l.districtId));
    },
    zone: (a, _x, ctx) => (a.zoneId ? zoneById(ctx.db.prisma, a.cityId, a.zoneId) : null),
  },
};
