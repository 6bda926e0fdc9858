import type { Resolvers } from '../../generated/graphql';
import { parseId } from '../../graphql/ids';
import { auditPolicy } from './audit.policy';
import { auditLog } from './audit.service';

export const auditResolvers: Resolvers = {
  Query: {
    auditLog: (_p, args, ctx) => {
      const v = auditPolicy.read(ctx.viewer);
      return auditLog(ctx.db.prisma, v.cityId, {
        ...args,
        accountId: args.accountId ? parseId(args.accountId, 'accountId') : null,
        from: args.from ? new Date(args.from) : null,
        to: args.to ? new Date(args.to) : null,
      });
    },
  },
  AuditEntry: {
    id: (e) => e.id.toString(),
  },
};
