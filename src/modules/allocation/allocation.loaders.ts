// Per-request batches for the fields of applications, assignments, rounds and check-ins: a page of
// 50 applications costs one query for their spots, one for their vendors, one for their zones.
import DataLoader from 'dataloader';
import type { AllocationRound, Assignment } from '@prisma/client';
import type { Context } from '../../graphql/context';
import type { PublicZoneModel } from '../rules/rules.models';
import { publicZone } from '../rules/public-zone';
import { zoneRuleContext } from '../rules/rules.loaders';
import type { SpotRow } from '../spots/spots.models';
import type { VendorRow } from '../vendors/vendors.models';
import type { ZoneRow } from '../zones/zones.sql';
import { spotsByIds, vendorsByIds, zonesByIds } from './allocation.sql';
import { waitingPositions } from './applications.sql';
import { roundApplicantCounts } from './assignments.sql';
import { roundsByIds } from './rounds.sql';

const loaders = new WeakMap<Context, Map<string, DataLoader<string, unknown>>>();

/** One loader per request, kind and city; `batch` answers with a map, missing keys load as null. */
function perRequest<V>(ctx: Context, kind: string, cityId: string, batch: (ids: readonly string[]) => Promise<Map<string, V>>): DataLoader<string, V | null> {
  let byKey = loaders.get(ctx);
  if (!byKey) loaders.set(ctx, (byKey = new Map()));
  const key = `${kind}:${cityId}`;
  let loader = byKey.get(key) as DataLoader<string, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | null>(async (ids) => {
      const found = await batch(ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    byKey.set(key, loader as DataLoader<string, unknown>);
  }
  return loader;
}

const byId = <T>(rows: T[], key: (r: T) => string) => new Map(rows.map((r) => [key(r), r]));

export const spotRows = (ctx: Context, cityId: string) =>
  perRequest<SpotRow>(ctx, 'spot', cityId, async (ids) => byId(await spotsByIds(ctx.db.prisma, cityId, ids), (r) => r.id));

export const vendorRows = (ctx: Context, cityId: string) =>
  perRequest<VendorRow>(ctx, 'vendor', cityId, async (ids) => byId(await vendorsByIds(ctx.db.prisma, cityId, ids), (r) => r.accountId));

export const zoneRows = (ctx: Context, cityId: string) =>
  perRequest<ZoneRow>(ctx, 'zone', cityId, async (ids) => byId(await zonesByIds(ctx.db.prisma, cityId, ids), (r) => r.id));

export const rounds = (ctx: Context, cityId: string) =>
  perRequest<AllocationRound>(ctx, 'round', cityId, async (ids) =>
    byId(await roundsByIds(ctx.db.prisma, cityId, ids), (r) => r.id));

export const assignmentsById = (ctx: Context, cityId: string) =>
  perRequest<Assignment>(ctx, 'assignment', cityId, async (ids) =>
    byId(await ctx.db.prisma.assignment.findMany({ where: { cityId, id: { in: [...ids] } } }), (r) => r.id));

/** The latest assignment made from each application (a promotion after a revocation makes a second). */
export const assignmentOfApplication = (ctx: Context, cityId: string) =>
  perRequest<Assignment>(ctx, 'assignmentOfApplication', cityId, async (ids) => {
    const rows = await ctx.db.prisma.assignment.findMany({ where: { cityId, applicationId: { in: [...ids] } }, orderBy: { createdAt: 'asc' } });
    return byId(rows, (r) => r.applicationId ?? '');
  });

/** zoneId → (applicationId → place on the zone's waiting list). */
export const waitingLists = (ctx: Context, cityId: string) =>
  perRequest<Map<string, number>>(ctx, 'waiting', cityId, async (zoneIds) => {
    const out = new Map(zoneIds.map((z) => [z, new Map<string, number>()]));
    for (const r of await waitingPositions(ctx.db.prisma, cityId, zoneIds)) out.get(r.zoneId)?.set(r.id, r.position);
    return out;
  });

export const applicantCounts = (ctx: Context, cityId: string) =>
  perRequest<number>(ctx, 'applicants', cityId, async (ids) =>
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
