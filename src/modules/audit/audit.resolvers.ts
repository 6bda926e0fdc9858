import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../accounts/accounts.policy';
import { auditLog } from './audit.service';

export const auditResolvers: Resolvers = {
  Query: {
    auditLog: (_p, args, ctx) => {
      const v = requireRole(ctx.viewer, ['ADMIN'], { zh: '查看审计日志', en: 'read the audit log' });
      return auditLog(ctx.db.prisma, v.cityId, {
        ...args,
        from: args.from ? new Date(args.from) : null,
        to: args.to ? new Date(args.to) : null,
      });
    },
  },
  AuditEntry: {
    id: (e) => e.id.toString(),
  },
};
