// Per-request batches for the fields of applications, assignments, rounds and check-ins: a page of
// 50 applications costs one query for their spots, one for their vendors, one for their zones.
import type { AllocationRound, Assignment } from '@prisma/client';
import type { Context } from '../../graphql/context';
import { perRequest } from '../../graphql/loaders';
import type { PublicZoneModel } from '../rules/rules.models';
import { publicZone } from '../rules/public-zone';
import { zoneRuleContext } from '../rules/rules.loaders';
import type { SpotRow } from '../spots/spots.models';
import type { ZoneRow } from '../zones/zones.sql';
import { spotsByIds, zonesByIds } from './allocation.sql';
import { waitingPositions } from './applications.sql';
import { roundApplicantCounts } from './assignments.sql';
import { roundsByIds } from './rounds.sql';

/** A loader whose batch answers with a map; ids missing from it load as null. */
function keyed<V>(batch: (ctx: Context, cityId: string, ids: readonly string[]) => Promise<Map<string, V>>) {
  return perRequest<V | null>(async (ctx, cityId, ids) => {
    const found = await batch(ctx, cityId, ids);
    return ids.map((id) => found.get(id) ?? null);
  });
}

const byId = <T>(rows: T[], key: (r: T) => string) => new Map(rows.map((r) => [key(r), r]));

export const spotRows = keyed<SpotRow>(async (ctx, cityId, ids) => byId(await spotsByIds(ctx.db.prisma, cityId, ids), (r) => r.id));

export const zoneRows = keyed<ZoneRow>(async (ctx, cityId, ids) => byId(await zonesByIds(ctx.db.prisma, cityId, ids), (r) => r.id));

export const rounds = keyed<AllocationRound>(async (ctx, cityId, ids) =>
  byId(await roundsByIds(ctx.db.prisma, cityId, ids), (r) => r.id));

export const assignmentsById = keyed<Assignment>(async (ctx, cityId, ids) =>
  byId(await ctx.db.prisma.assignment.findMany({ where: { cityId, id: { in: [...ids] } } }), (r) => r.id));

/** The latest assignment made from each application (a promotion after a revocation makes a second). */
export const assignmentOfApplication = keyed<Assignment>(async (ctx, cityId, ids) => {
  const rows = await ctx.db.prisma.assignment.findMany({ where: { cityId, applicationId: { in: [...ids] } }, orderBy: { createdAt: 'asc' } });
  return byId(rows, (r) => r.applicationId ?? '');
});

/** zoneId → (applicationId → place on the zone's waiting list). */
export const waitingLists = keyed<Map<string, number>>(async (ctx, cityId, zoneIds) => {
  const out = new Map(zoneIds.map((z) => [z, new Map<string, number>()]));
  for (const r of await waitingPositions(ctx.db.prisma, cityId, zoneIds)) out.get(r.zoneId)?.set(r.id, r.position);
  return out;
});

export const applicantCounts = keyed<number>(async (ctx, cityId, ids) =>
  new Map((await roundApplicantCounts(ctx.db.prisma, cityId, ids)).map((r) => [r.roundId, r.n])));

/** The public view of a zone now (hours in words, next openings), as vendingCheck shows zones. */
export async function publicZoneOf(ctx: Context, cityId: string, zoneId: string): Promise<PublicZoneModel> {
  const [rules, zone] = await Promise.all([zoneRuleContext(ctx, cityId, zoneId), zoneRows(ctx, cityId).load(zoneId)]);
  if (!zone) throw new Error(`zone ${zoneId} missing`);
  return publicZone(rules, zone, ctx.auth.now());
}

export async function must<T>(value: Promise<T | null>, what: string): Promise<T> {
  const v = await value;
  if (v === null) throw new Error(`${what} missing`);
  return v;
}
