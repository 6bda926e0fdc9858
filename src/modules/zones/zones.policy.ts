// Who may read and change zones. Admins act on the whole city; officers only inside the districts
// they hold; assistants, zone managers and vendors never draw or retire zones (assistants may only
// do auxiliary work under the national guidance).
import type { Db } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { forbidden } from '../../graphql/errors';
import { requireRole, requireViewer } from '../accounts/accounts.policy';
import { zoneDistrictIds } from './zones.sql';

const STAFF = ['ADMIN', 'OFFICER', 'ASSISTANT'] as const;

export const zonesPolicy = {
  read: (viewer: Viewer | null) => requireViewer(viewer),
  /** Retired zones are history for the bureau's staff, not for vendors. */
  readRetired: (viewer: Viewer | null) => requireRole(viewer, STAFF, { zh: '查看已撤销的区域', en: 'see retired zones' }),
  write: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN', 'OFFICER'], { zh: '划定或修改区域', en: 'draw or change zones' }),

  /** An officer must hold every district a zone lies in, before and after the change. */
  assertDistricts(viewer: Viewer, districtIds: readonly string[]): void {
    if (viewer.role === 'ADMIN') return;
    const outside = districtIds.filter((d) => !viewer.districtIds.includes(d));
    if (outside.length) {
      throw forbidden('该区域位于您的辖区之外 / the zone lies outside the districts you hold');
    }
  },

  /**
   * A write on an existing zone (its name, rules, exceptions, spots, retirement) needs every district
   * the zone touches, not only the one holding most of it: an officer of one district must not change
   * a zone that reaches into a district they do not hold.
   */
  async assertHoldsZone(tx: Db, viewer: Viewer, zone: { cityId: string; id: string; districtId: string }): Promise<void> {
    if (viewer.role === 'ADMIN') return;
    const touched = await zoneDistrictIds(tx, zone.cityId, zone.id);
    zonesPolicy.assertDistricts(viewer, touched.length ? touched : [zone.districtId]);
  },

  assertCity(viewer: Viewer, cityId: string | null | undefined): void {
    if (cityId && cityId.toLowerCase() !== viewer.cityId) throw forbidden('只能查询本市的数据 / you can only query your own city');
  },
};
