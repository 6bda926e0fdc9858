// Giving a spot to an application: the assignment, the application APPROVED and both audit rows,
// inside the caller's transaction. Approval, the draw and waiting-list promotion all end here, so
// the exclusion constraints judge every one of them the same way.
import type { Application, Assignment, Prisma } from '@prisma/client';
import { badInput } from '../../graphql/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import type { RuleContext } from '../rules/evaluate';
import type { SpotRow } from '../spots/spots.models';
import { syncSpotStatus } from './allocation.sql';
import { dbDate, type Period } from './period';

type Tx = Prisma.TransactionClient;

/** A spot's fixed type takes its own children: a 小吃 food spot takes 煎饼 jianbing. */
export function spotTakesType(ctx: RuleContext, spotType: string | null, type: string): boolean {
  if (spotType === null) return true;
  // The same walk up the catalogue as a zone rule's allowsType, bounded against a cycle.
  for (let c: string | null | undefined = type, hops = 0; c && hops < 10; c = ctx.parents.get(c), hops++) {
    if (c === spotType) return true;
  }
  return false;
}

/** The checks every spot given or asked for passes: of the zone, in use, and fit for the type. */
export function assertSpotFits(ctx: RuleContext, spot: SpotRow | undefined, zoneId: string, type: string): SpotRow {
  if (!spot || spot.zoneId !== zoneId) {
    throw badInput('该摊位不属于此区域 / the spot is not in this zone', { field: 'spotId', reason: 'SPOT_NOT_IN_ZONE' });
  }
  if (spot.status === 'RETIRED' || spot.status === 'SUSPENDED') {
    throw badInput(`${spot.number} 号摊位已停用 / spot ${spot.number} is not in use (${spot.status})`, { field: 'spotId', reason: 'SPOT_NOT_IN_USE' });
  }
  if (!spotTakesType(ctx, spot.businessType, type)) {
    throw badInput(`${spot.number} 号摊位限定业态 ${spot.businessType} / spot ${spot.number} is for ${spot.businessType} only`, {
      field: 'spotId', reason: 'SPOT_BUSINESS_TYPE',
    });
  }
  return spot;
}

export interface GrantOptions {
  /** The draw syncs its spots' status once, after every winner. */
  syncSpot?: boolean;
  operation?: string;
}

/** Who decides, and when: a reviewer, or the system (viewer null) serving a waiting list. */
export type Decider = Actor & { now: Date };

export async function grant(
  tx: Tx, actor: Decider, app: Application, spotId: string, period: Period, today: string, opts: GrantOptions = {},
): Promise<Assignment> {
  // The insert is the decision: a spot or vendor already booked for an overlapping day fails here
  // with the exclusion constraint's SQLSTATE 23P01, whatever an earlier read saw.
  const assignment = await tx.assignment.create({
    data: {
      cityId: app.cityId, spotId, zoneId: app.zoneId, vendorId: app.vendorId, applicationId: app.id,
      businessType: app.businessType, startsOn: dbDate(period.startsOn), endsOn: dbDate(period.endsOn),
    },
  });
  const decidedAt = actor.now;
  const approved = await tx.application.update({
    where: { cityId_id: { cityId: app.cityId, id: app.id } },
    data: { status: 'APPROVED', decidedBy: actor.viewer?.accountId ?? null, decidedAt, version: { increment: 1 }, updatedAt: decidedAt },
  });
  if (opts.syncSpot !== false) await syncSpotStatus(tx, app.cityId, [spotId], today);
  const operation = opts.operation ?? 'approveApplication';
  await recordAudit(tx, actor, { cityId: app.cityId, operation, entityType: 'Application', entityId: app.id, before: app, after: approved });
  await recordAudit(tx, actor, { cityId: app.cityId, operation: 'createAssignment', entityType: 'Assignment', entityId: assignment.id, after: assignment });
  return assignment;
}
