// Who may read and change zones. Admins act on the whole city; officers only inside the districts
// they hold; assistants, zone managers and vendors never draw or retire zones (assistants may only
// do auxiliary work under the national guidance).
import type { Viewer } from '../../graphql/context';
import { forbidden } from '../../graphql/errors';
import { requireRole, requireViewer } from '../accounts/accounts.policy';

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

  assertCity(viewer: Viewer, cityId: string | null | undefined): void {
    if (cityId && cityId.toLowerCase() !== viewer.cityId) throw forbidden('只能查询本市的数据 / you can only query your own city');
  },
};
