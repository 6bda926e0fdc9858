// Who may do what with accounts and tokens; also the small helpers every domain policy starts from.
import type { Role } from '@prisma/client';
import type { Viewer } from '../../graphql/context';
import { forbidden, unauthenticated } from '../../graphql/errors';

export const ROLE_ZH: Record<Role, string> = {
  ADMIN: '管理员',
  OFFICER: '执法人员',
  ASSISTANT: '协管员',
  ZONE_MANAGER: '自治区域负责人',
  VENDOR: '摊主',
};

export interface Action {
  zh: string;
  en: string;
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

export function requireRole(viewer: Viewer | null, roles: readonly Role[], action: Action): Viewer {
  const v = requireViewer(viewer);
  if (!roles.includes(v.role)) throw forbidden(`${ROLE_ZH[v.role]}无权${action.zh} / the ${v.role} role may not ${action.en}`);
  return v;
}

export const accountsPolicy = {
  manageAccounts: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN'], { zh: '管理账号', en: 'manage accounts' }),
  /** Every signed-in account may hold API tokens for its own scripts. */
  ownTokens: (viewer: Viewer | null) => requireViewer(viewer),
  /** Every signed-in account changes its own password, proving the current one. */
  ownPassword: (viewer: Viewer | null) => requireViewer(viewer),
  /** Only administrators set another account's password (within their city, like all account management). */
  resetPassword: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN'], { zh: '重置他人密码', en: 'reset passwords' }),
};
