import type { Resolvers } from '../../generated/graphql';
import { parseId, parseIds } from '../../graphql/ids';
import { districtsByIds } from '../cities/cities.sql';
import { cityById } from '../cities/cities.service';
import { zoneById } from '../zones/zones.sql';
import { accountsPolicy } from './accounts.policy';
import * as service from './accounts.service';
import * as passwords from './passwords.service';

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
    login: (_p, { username, password }, ctx) =>
      ctx.auth.login(username, password, { clientIp: ctx.clientIp ?? 'unknown', requestId: ctx.requestId }),
    changePassword: (_p, { currentPassword, newPassword }, ctx) =>
      passwords.changePassword(
        ctx.db.prisma, ctx.auth, { viewer: accountsPolicy.ownPassword(ctx.viewer), requestId: ctx.requestId },
        ctx.clientIp ?? 'unknown', currentPassword, newPassword,
      ),
    resetPassword: (_p, { accountId, newPassword }, ctx) =>
      passwords.resetPassword(
        ctx.db.prisma, ctx.auth, { viewer: accountsPolicy.resetPassword(ctx.viewer), requestId: ctx.requestId },
        parseId(accountId, 'accountId'), newPassword,
      ),
    createApiToken: (_p, { name, expiresInDays }, ctx) =>
      service.createApiToken(ctx.db.prisma, { viewer: accountsPolicy.ownTokens(ctx.viewer), requestId: ctx.requestId }, name, expiresInDays),
    revokeApiToken: (_p, { id }, ctx) =>
      service.revokeApiToken(ctx.db.prisma, { viewer: accountsPolicy.ownTokens(ctx.viewer), requestId: ctx.requestId }, parseId(id)),
    createAccount: (_p, { input }, ctx) => {
      const viewer = accountsPolicy.manageAccounts(ctx.viewer);
      const account = {
        ...input,
        districtIds: parseIds(input.districtIds, 'input.districtIds'),
        zoneId: input.zoneId ? parseId(input.zoneId, 'input.zoneId') : null,
      };
      return service.createAccount(ctx.db.prisma, { viewer, requestId: ctx.requestId }, account);
    },
    setAccountActive: (_p, { id, active }, ctx) =>
      service.setAccountActive(
        ctx.db.prisma, { viewer: accountsPolicy.manageAccounts(ctx.viewer), requestId: ctx.requestId }, parseId(id), active, ctx.auth.now(),
      ),
  },
  Account: {
    city: async (a, _x, ctx) => (await cityById(ctx.db.prisma, a.cityId))!,
    districts: async (a, _x, ctx) => {
      const links = await ctx.db.prisma.accountDistrict.findMany({ where: { cityId: a.cityId, accountId: a.id } });
      return districtsByIds(ctx.db.prisma, a.cityId, links.map((l) => l.districtId));
    },
    // Also a retired zone, with status RETIRED: it is still the zone this account represents, and
    // the truthful answer tells its manager why the zone is gone (zone(id) hides retired zones from
    // non-staff, but an Account is seen only by its owner and administrators).
    zone: (a, _x, ctx) => (a.zoneId ? zoneById(ctx.db.prisma, a.cityId, a.zoneId) : null),
  },
};
