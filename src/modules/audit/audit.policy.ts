// The audit trail is the bureau's record of its own work: admins read it.
import type { Viewer } from '../../graphql/context';
import { requireRole } from '../accounts/accounts.policy';

export const auditPolicy = {
  read: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN'], { zh: '查看审计日志', en: 'read the audit log' }),
};
