// Who may read and change stall spots. Admins act on the whole city; officers on zones lying wholly in
// districts they hold (zonesPolicy.assertHoldsZone); a zone manager (民主自治, a self-governed zone's
// representative) only on the one zone they represent. Assistants do auxiliary work only and vendors
// use spots, so neither ever draws one. Occupancy figures are for the bureau's staff, by district.
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { forbidden } from '../../graphql/errors';
import { requireRole, requireViewer } from '../accounts/accounts.policy';
import { zonesPolicy } from '../zones/zones.policy';

export const spotsPolicy = {
  read: (viewer: Viewer | null) => requireViewer(viewer),
  write: (viewer: Viewer | null) =>
    requireRole(viewer, ['ADMIN', 'OFFICER', 'ZONE_MANAGER'], { zh: '设置或修改摊位', en: 'create or change stall spots' }),
  occupancy: (viewer: Viewer | null) =>
    requireRole(viewer, ['ADMIN', 'OFFICER', 'ASSISTANT'], { zh: '查看辖区摊位使用情况', en: 'see the occupancy of districts' }),

  /** The zone check of a write, inside its transaction (an officer's districts are read there). */
  async assertZone(tx: Db, viewer: Viewer, zone: { cityId: string; id: string; districtId: string }): Promise<void> {
    if (viewer.role === 'ZONE_MANAGER') {
      if (viewer.zoneId !== zone.id) throw forbidden('只能管理您所负责区域内的摊位 / you may only manage the spots of the zone you represent');
      return;
    }
    await zonesPolicy.assertHoldsZone(tx, viewer, zone);
  },

  /** A vendor reading a spot sees only their own assignment of it: another vendor's is not theirs to see. */
  visibleAssignment<T extends { vendorId: string }>(viewer: Viewer | null, assignment: T | null): T | null {
    if (assignment && viewer?.role === 'VENDOR' && assignment.vendorId !== viewer.accountId) return null;
    return assignment;
  },

  /**
   * The districts an occupancy question covers: null for the whole city (admins only), else the one
   * asked for, or every district an officer or assistant holds.
   */
  occupancyDistricts(viewer: Viewer, districtId: string | null): string[] | null {
    if (viewer.role === 'ADMIN') return districtId ? [districtId] : null;
    if (!districtId) return viewer.districtIds;
    if (!viewer.districtIds.includes(districtId)) throw forbidden('该辖区不在您的管辖范围内 / you do not hold this district');
    return [districtId];
  },
};
