// Who may see and change vendors. Admins and officers register vendors and verify their priority
// categories (the bureau's decision); assistants may read vendors for their auxiliary work but neither
// verify nor look a person up by identity number or phone. A vendor edits only their own profile. The
// phone and identity number are shown in full to the vendor themself and to admins; to everyone else
// who may see a vendor at all (officers, assistants, a zone's manager through its applications) they
// are masked. The public never sees a vendor.
import type { Role } from '@prisma/client';
import type { Viewer } from '../../graphql/context';
import { requireRole } from '../accounts/accounts.policy';
import type { VendorRow } from './vendors.models';

const STAFF: readonly Role[] = ['ADMIN', 'OFFICER', 'ASSISTANT'];
const DECIDERS: readonly Role[] = ['ADMIN', 'OFFICER'];

export const vendorsPolicy = {
  read: (viewer: Viewer | null) => requireRole(viewer, STAFF, { zh: '查看摊主', en: 'see vendors' }),
  /** An exact look-up by identity number or phone finds a person: not for assistants. */
  lookUp: (viewer: Viewer | null) =>
    requireRole(viewer, DECIDERS, { zh: '按身份证号或手机号查找摊主', en: 'look vendors up by identity number or phone' }),
  register: (viewer: Viewer | null) => requireRole(viewer, DECIDERS, { zh: '登记摊主', en: 'register vendors' }),
  verifyPriority: (viewer: Viewer | null) =>
    requireRole(viewer, DECIDERS, { zh: '核实或撤销摊主的优先类别', en: 'verify or remove vendors\' priority categories' }),
  own: (viewer: Viewer | null) => requireRole(viewer, ['VENDOR'], { zh: '修改摊主资料', en: 'edit a vendor profile' }),

  /** Whether the viewer sees this vendor's phone and identity number unmasked. */
  seesInFull(viewer: Viewer | null, row: Pick<VendorRow, 'cityId' | 'accountId'>): boolean {
    if (!viewer || viewer.cityId !== row.cityId) return false;
    return viewer.role === 'ADMIN' || viewer.accountId === row.accountId;
  },
};
