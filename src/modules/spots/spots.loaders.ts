// Per-request batching for the fields a page of spots asks of each row: a spot's zone and its
// assignment today (a zone's occupancy is batched the same way, in occupancy.service.ts). A page of
// 50 costs one statement per field, not 50.
import DataLoader from 'dataloader';
import type { Assignment } from '@prisma/client';
import type { Context } from '../../graphql/context';
import { cityCatalog } from '../rules/catalog-cache';
import { localDate } from '../../schedule/schedule.time';
import { listZones, type ZoneRow } from '../zones/zones.sql';

/** The largest batch one statement answers (a zone list and a spot page hold at most 100 rows). */
const MAX_BATCH = 100;

type Batch<V> = (ctx: Context, cityId: string, ids: readonly string[]) => Promise<(V | Error)[]>;

/** One loader per request and city, created on first use and dropped with the request. */
export function perRequest<V>(batch: Batch<V>): (ctx: Context, cityId: string) => DataLoader<string, V> {
  const store = new WeakMap<Context, Map<string, DataLoader<string, V>>>();
  return (ctx, cityId) => {
    let byCity = store.get(ctx);
    if (!byCity) store.set(ctx, (byCity = new Map()));
    let loader = byCity.get(cityId);
    if (!loader) byCity.set(cityId, (loader = new DataLoader((ids) => batch(ctx, cityId, ids), { maxBatchSize: MAX_BATCH })));
    return loader;
  };
}

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
