// Occupancy: how many spots a zone has, how many are assigned today, how many vendors stand at theirs
// now, how many are free, and how long the waiting list is. The public map reads it for every zone of
// a city at once; the bureau's staff read it per district; a page of zones reads it through a loader.
import type { Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { cityIdByCode, districtInCity, occupancyTotal, zoneOccupancies, type OccupancyCounts } from './occupancy.sql';
import { perRequest } from '../../graphql/loaders';
import { spotsPolicy } from './spots.policy';

const EMPTY_OCCUPANCY: OccupancyCounts = { spots: 0, assigned: 0, checkedInNow: 0, free: 0, waitingList: 0 };

const counts = ({ spots, assigned, checkedInNow, free, waitingList }: OccupancyCounts): OccupancyCounts =>
  ({ spots, assigned, checkedInNow, free, waitingList });

/** Anyone: every active vending zone of the city named by its code, in one statement. */
export async function zoneOccupancy(db: Database, cityCode: string) {
  const cityId = await cityIdByCode(db.sql, cityCode.trim());
  if (!cityId) throw notFound('城市', 'city', cityCode.slice(0, 40));
  const rows = await zoneOccupancies(db.sql, { cityId });
  return rows.map((r) => ({ zoneId: r.zoneId, occupancy: counts(r) }));
}

/**
 * Staff: a district's active vending zones, or the city's (admins), or the districts an officer holds.
 * A zone counts in the district holding most of it (zone.district_id), so no zone is counted twice.
 */
export async function occupancy(db: Database, viewer: Viewer, rawDistrictId: string | null | undefined): Promise<OccupancyCounts> {
  const districtId = rawDistrictId ? parseId(rawDistrictId, 'districtId') : null;
  const districtIds = spotsPolicy.occupancyDistricts(viewer, districtId);
  if (districtId && !(await districtInCity(db.sql, viewer.cityId, districtId))) throw notFound('辖区', 'district', districtId);
  if (districtIds?.length === 0) return EMPTY_OCCUPANCY;
  return occupancyTotal(db.sql, { cityId: viewer.cityId, districtIds });
}

/** Zone.occupancy: the zones of one page in one statement. */
export const zoneOccupancyLoader = perRequest<OccupancyCounts>(async (ctx, cityId, ids) => {
  const rows = await zoneOccupancies(ctx.db.sql, { cityId, zoneIds: ids });
  const byId = new Map(rows.map((r) => [r.zoneId, counts(r)]));
  return ids.map((id) => byId.get(id) ?? EMPTY_OCCUPANCY);
});
