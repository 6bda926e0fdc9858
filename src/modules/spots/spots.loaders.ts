// Per-request batching for the fields a page of spots asks of each row: a spot's zone and its
// assignment today (a zone's occupancy is batched the same way, in occupancy.service.ts). A page of
// 50 costs one statement per field, not 50.
import type { Assignment } from '@prisma/client';
import { perRequest } from '../../graphql/loaders';
import { cityCatalog } from '../rules/catalog-cache';
import { localDate } from '../../schedule/schedule.time';
import { listZones, type ZoneRow } from '../zones/zones.sql';

/** Zones by id, on the fast path (the zone list's own statement, filtered to the ids). */
export const zoneRowLoader = perRequest<ZoneRow>(async (ctx, cityId, ids) => {
  const { rows } = await listZones(ctx.db.sql, { cityId, ids: [...ids] }, ids.length, null);
  const byId = new Map(rows.map((z) => [z.id, z]));
  return ids.map((id) => byId.get(id) ?? new Error(`zone ${id} missing`));
});

/** The live (ACTIVE or SUSPENDED) assignment covering the city's local date today, per spot. */
export const currentAssignmentLoader = perRequest<Assignment | null>(async (ctx, cityId, ids) => {
  const { timeZone } = await cityCatalog(ctx.db.prisma, cityId);
  const today = new Date(`${localDate(Date.now(), timeZone)}T00:00:00Z`);
  const rows = await ctx.db.prisma.assignment.findMany({
    where: { cityId, spotId: { in: [...ids] }, status: { in: ['ACTIVE', 'SUSPENDED'] }, startsOn: { lte: today }, endsOn: { gte: today } },
  });
  const bySpot = new Map(rows.map((a) => [a.spotId, a]));
  return ids.map((id) => bySpot.get(id) ?? null);
});
