// Who may apply, review, run lotteries and read applications. Reviewers are admins (the whole
// city), officers holding every district a zone touches, and a self-governed zone's manager for that
// zone only. Assistants may read but never decide (national guidance: auxiliary work only); vendors
// act on their own applications, assignments and check-ins.
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { ApiError } from '../../graphql/errors';
import { requireRole } from '../accounts/accounts.policy';
import { zonesPolicy } from '../zones/zones.policy';

interface ZoneRef {
  cityId: string;
  id: string;
  districtId: string;
}

const refuse = (message: string, reason: string) => new ApiError('FORBIDDEN', message, { reason });

const REVIEWERS = ['ADMIN', 'OFFICER', 'ZONE_MANAGER'] as const;
const READERS = ['ADMIN', 'OFFICER', 'ASSISTANT', 'ZONE_MANAGER'] as const;

export const allocationPolicy = {
  vendor: (viewer: Viewer | null) => requireRole(viewer, ['VENDOR'], { zh: '申请摊位或签到', en: 'apply for spots or check in' }),
  review: (viewer: Viewer | null) => requireRole(viewer, REVIEWERS, { zh: '审批摊位申请或管理分配', en: 'review applications or manage assignments' }),
  rounds: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN', 'OFFICER'], { zh: '组织摊位分配抽签', en: 'run allocation rounds' }),
  read: (viewer: Viewer | null) => requireRole(viewer, READERS, { zh: '查看摊位申请与分配', en: 'read applications and assignments' }),

  /** A review (or assignment change) of one zone's application: the zone decides who may. */
  async assertReviewsZone(tx: Db, viewer: Viewer, zone: ZoneRef): Promise<void> {
    if (viewer.role === 'ZONE_MANAGER') {
      if (viewer.zoneId !== zone.id) throw refuse('只能管理本自治区域 / you may only manage your own zone', 'NOT_YOUR_ZONE');
      return;
    }
    if (viewer.role !== 'ADMIN' && viewer.role !== 'OFFICER') {
      throw refuse(`该角色无权审批 / the ${viewer.role} role may not review applications`, 'ROLE_MAY_NOT_REVIEW');
    }
    await zonesPolicy.assertHoldsZone(tx, viewer, zone);
  },

  /** Rounds are the bureau's: an admin, or an officer holding every district of the zone. */
  async assertRunsRounds(tx: Db, viewer: Viewer, zone: ZoneRef): Promise<void> {
    if (viewer.role !== 'ADMIN' && viewer.role !== 'OFFICER') {
      throw refuse(`该角色无权组织抽签 / the ${viewer.role} role may not run allocation rounds`, 'ROLE_MAY_NOT_RUN_ROUNDS');
    }
    await zonesPolicy.assertHoldsZone(tx, viewer, zone);
  },

  /**
   * What a reader may list: the whole city (admin), the zones touching their districts (officers,
   * assistants) or their own zone (zone manager). Asking for a zone outside that is FORBIDDEN.
   */
  readScope(viewer: Viewer, zoneId: string | null): { zoneId: string | null; districtIds: string[] | null } {
    if (viewer.role === 'ZONE_MANAGER') {
      if (zoneId && zoneId !== viewer.zoneId) throw refuse('只能查看本自治区域 / you may only read your own zone', 'NOT_YOUR_ZONE');
      if (!viewer.zoneId) throw refuse('该账号未关联区域 / this account manages no zone', 'NOT_YOUR_ZONE');
      return { zoneId: viewer.zoneId, districtIds: null };
    }
    if (viewer.role === 'ADMIN') return { zoneId, districtIds: null };
    return { zoneId, districtIds: viewer.districtIds };
  },
};
