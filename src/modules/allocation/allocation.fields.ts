// Fields of Application, Assignment, AllocationRound and CheckIn, resolved from the Prisma rows (the
// codegen mappers) through per-request loaders. Dates of periods leave as YYYY-MM-DD; a round's seed
// leaves only once drawn; zones leave in their public view.
import type { Prisma } from '@prisma/client';
import type { DrawEntry, Resolvers } from '../../generated/graphql';
import * as load from './allocation.loaders';
import { vendorLoader } from '../vendors/vendors.loaders';
import { isActive } from './check-in.service';
import { dayOf } from './period';

/** The stored result, read defensively: it is JSON, and it is what the public verifies against. */
export function drawEntries(result: Prisma.JsonValue | null): DrawEntry[] {
  if (!Array.isArray(result)) return [];
  return result.flatMap((e) => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return [];
    return [{
      position: Number(e.position), applicationId: String(e.applicationId), maskedName: String(e.maskedName),
      priorityTier: Number(e.priorityTier), drawKey: String(e.drawKey), spotNumber: e.spotNumber == null ? null : Number(e.spotNumber),
    }];
  });
}

export const allocationFields: Resolvers = {
  Application: {
    zone: (a, _x, ctx) => load.publicZoneOf(ctx, a.cityId, a.zoneId),
    spot: (a, _x, ctx) => (a.spotId ? load.spotRows(ctx, a.cityId).load(a.spotId) : null),
    round: (a, _x, ctx) => (a.roundId ? load.rounds(ctx, a.cityId).load(a.roundId) : null),
    vendor: (a, _x, ctx) => vendorLoader(ctx, a.cityId).load(a.vendorId),
    startsOn: (a) => dayOf(a.startsOn),
    endsOn: (a) => dayOf(a.endsOn),
    waitingPosition: async (a, _x, ctx) =>
      a.status === 'WAITLISTED' ? ((await load.waitingLists(ctx, a.cityId).load(a.zoneId))?.get(a.id) ?? null) : null,
    assignment: (a, _x, ctx) => load.assignmentOfApplication(ctx, a.cityId).load(a.id),
  },
  Assignment: {
    spot: (a, _x, ctx) => load.must(load.spotRows(ctx, a.cityId).load(a.spotId), 'spot'),
    zone: (a, _x, ctx) => load.publicZoneOf(ctx, a.cityId, a.zoneId),
    vendor: (a, _x, ctx) => vendorLoader(ctx, a.cityId).load(a.vendorId),
    startsOn: (a) => dayOf(a.startsOn),
    endsOn: (a) => dayOf(a.endsOn),
  },
  AllocationRound: {
    zone: (r, _x, ctx) => load.publicZoneOf(ctx, r.cityId, r.zoneId),
    spots: async (r, _x, ctx) => {
      const rows = await load.spotRows(ctx, r.cityId).loadMany(r.spotIds);
      return rows.flatMap((s) => (s && !(s instanceof Error) ? [s] : [])).sort((a, b) => a.number - b.number);
    },
    startsOn: (r) => dayOf(r.startsOn),
    endsOn: (r) => dayOf(r.endsOn),
    // The commitment is public from the start; the seed only after the draw, or anyone could
    // compute the order while applications are still open.
    seed: (r) => (r.status === 'DRAWN' ? r.seed : null),
    applicants: async (r, _x, ctx) => (await load.applicantCounts(ctx, r.cityId).load(r.id)) ?? 0,
    results: (r) => (r.status === 'DRAWN' ? drawEntries(r.result) : []),
  },
  CheckIn: {
    assignment: (c, _x, ctx) => load.must(load.assignmentsById(ctx, c.cityId).load(c.assignmentId), 'assignment'),
    active: (c, _x, ctx) => isActive(c, ctx.auth.now()),
  },
};
