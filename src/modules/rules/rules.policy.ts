// Who may set the rules. Zone rules and exceptions follow the zone's own policy (admins anywhere,
// officers in the districts they hold); the city-wide catalogue (business types, holidays) is the
// admins'; anyone, signed in or not, may ask whether vending is allowed.
import type { Viewer } from '../../graphql/context';
import { requireRole } from '../accounts/accounts.policy';
import { zonesPolicy } from '../zones/zones.policy';

export const rulesPolicy = {
  writeZoneRules: (viewer: Viewer | null) => zonesPolicy.write(viewer),
  writeDistanceRules: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN', 'OFFICER'], { zh: '设定距离规则', en: 'set distance rules' }),
  writeCatalog: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN'], { zh: '维护业态和节假日', en: 'edit business types and holidays' }),
  assertDistricts: zonesPolicy.assertDistricts,
  assertHoldsZone: zonesPolicy.assertHoldsZone,
};
