// Who may do what with sign permits. Shop owners sign in by phone code (role VENDOR: a phone-signed-in
// member of the public) and act on their own applications only; someone else's is "not found", not
// "forbidden", so ids cannot be probed. Officers review in the districts they hold (the district of the
// shop's location); assistants read and record notes there but never decide (national guidance:
// auxiliary work only); admins do everything, and alone publish design guides — a guide is the bureau's
// standard for a street, which may cross districts. Zone managers have no part in signs.
import type { Viewer } from '../../graphql/context';
import { ApiError, notFound } from '../../graphql/errors';
import { requireRole } from '../accounts/accounts.policy';

const REVIEWERS = ['ADMIN', 'OFFICER'] as const;
const STAFF = ['ADMIN', 'OFFICER', 'ASSISTANT'] as const;

export const signsPolicy = {
  applicant: (viewer: Viewer | null) => requireRole(viewer, ['VENDOR'], { zh: '申请店招许可', en: 'apply for sign permits' }),
  review: (viewer: Viewer | null) => requireRole(viewer, REVIEWERS, { zh: '审批店招许可', en: 'review sign permits' }),
  staff: (viewer: Viewer | null) => requireRole(viewer, STAFF, { zh: '查看店招申请', en: 'read sign applications' }),
  guides: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN'], { zh: '发布店招设置导则', en: 'publish sign design guides' }),
  /** Anyone signed in who may read some application: its applicant or staff. */
  reader: (viewer: Viewer | null) => requireRole(viewer, [...STAFF, 'VENDOR'], { zh: '查看店招申请', en: 'read sign applications' }),

  /** Staff act only in the districts they hold; admins in the whole city. */
  assertDistrict(viewer: Viewer, districtId: string): void {
    if (viewer.role === 'ADMIN') return;
    if (!viewer.districtIds.includes(districtId)) {
      throw new ApiError('FORBIDDEN', '该店铺位于您的辖区之外 / the shop lies outside the districts you hold', { reason: 'NOT_YOUR_DISTRICT' });
    }
  },

  /** The applicant's own application; anyone else's is not found. */
  assertOwn(viewer: Viewer, app: { applicantId: string; id: string }): void {
    if (app.applicantId !== viewer.accountId) throw notFound('店招申请', 'sign application', app.id);
  },

  /** Whether a reader may see an application at all (applicant, or staff of its district). */
  mayRead(viewer: Viewer, app: { applicantId: string; districtId: string }): boolean {
    if (viewer.role === 'VENDOR') return app.applicantId === viewer.accountId;
    if (viewer.role === 'ADMIN') return true;
    return (viewer.role === 'OFFICER' || viewer.role === 'ASSISTANT') && viewer.districtIds.includes(app.districtId);
  },

  /** Districts a staff list is limited to (null: all). */
  scope: (viewer: Viewer): string[] | null => (viewer.role === 'ADMIN' ? null : viewer.districtIds),

  /** The contact's phone: whole to the applicant and admins, masked to other staff. */
  seesFullPhone: (viewer: Viewer, app: { applicantId: string }) => viewer.role === 'ADMIN' || viewer.accountId === app.applicantId,
};
