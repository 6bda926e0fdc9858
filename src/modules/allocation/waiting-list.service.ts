// The waiting lists: a freed spot goes at once to the first waiting application of its zone that
// can take it (priority tier, then draw position, then arrival), for max(today, its start) to its
// end. A revocation frees a spot in the reviewer's transaction; lapsed assignments are ended and
// their spots passed on by promoteWaitingLists, which the hourly timer below calls for every city
// (one process runs it, like the open-interval roll-forward; the per-city advisory lock makes a
// second one harmless).
import type { Assignment, Prisma } from '@prisma/client';
import type { Database } from '../../db/database';
import { recordAudit, type Actor } from '../audit/audit.service';
import { inTransaction, todayIn } from './allocation.common';
import { syncCitySpotStatus } from './allocation.sql';
import { lapsedWaiting, nextWaiting } from './applications.sql';
import { lapsedAssignments, lockCityAllocation } from './assignments.sql';
import { grant, type Decider } from './grant';
import { dayOf, maxDay } from './period';

type Tx = Prisma.TransactionClient;

const HOUR_MS = 3_600_000;

/**
 * Gives the spot to the next waiting application that fits, when one does; returns the new assignment.
 * The caller syncs the spot's status afterwards: writing it takes the zone's spot lock (the spot
 * trigger's), and taking that lock before this insert could deadlock with an approval in the zone.
 */
export async function promoteNext(tx: Tx, actor: Decider, freed: Pick<Assignment, 'cityId' | 'zoneId' | 'spotId'>, today: string): Promise<Assignment | null> {
  const id = await nextWaiting(tx, freed.cityId, freed.zoneId, freed.spotId, today);
  if (!id) return null;
  const app = await tx.application.findUniqueOrThrow({ where: { cityId_id: { cityId: freed.cityId, id } } });
  const period = { startsOn: maxDay(today, dayOf(app.startsOn)), endsOn: dayOf(app.endsOn) };
  return grant(tx, actor, app, freed.spotId, period, today, { operation: 'promoteFromWaitingList', syncSpot: false });
}

export interface PromotionSummary {
  ended: number;
  promoted: number;
  expired: number;
}

/**
 * The daily pass of one city: live assignments past their last day become ENDED and their spots go
 * to the waiting lists; waiting applications whose period is over leave the list (NOT_ALLOCATED);
 * every spot's status follows the assignments of today. One transaction, one pass per city at a time.
 */
export async function promoteWaitingLists(db: Database, cityId: string, now: Date): Promise<PromotionSummary> {
  const system: Decider = { viewer: null, requestId: null, now };
  return inTransaction(db.prisma, async (tx) => {
    await lockCityAllocation(tx, cityId);
    const city = await tx.city.findUniqueOrThrow({ where: { id: cityId }, select: { timeZone: true } });
    const today = todayIn(city.timeZone, now);
    const summary: PromotionSummary = { ended: 0, promoted: 0, expired: 0 };
    for (const { id } of await lapsedAssignments(tx, cityId, today)) {
      const before = await tx.assignment.findUniqueOrThrow({ where: { cityId_id: { cityId, id } } });
      const after = await tx.assignment.update({ where: { cityId_id: { cityId, id } }, data: { status: 'ENDED', version: { increment: 1 }, updatedAt: now } });
      await recordAudit(tx, system, { cityId, operation: 'endAssignment', entityType: 'Assignment', entityId: id, before, after });
      summary.ended++;
      if (await promoteNext(tx, system, before, today)) summary.promoted++;
    }
    for (const { id } of await lapsedWaiting(tx, cityId, today)) {
      await expire(tx, system, cityId, id);
      summary.expired++;
    }
    await syncCitySpotStatus(tx, cityId, today);
    return summary;
  });
}

async function expire(tx: Tx, actor: Actor & { now: Date }, cityId: string, id: string): Promise<void> {
  const before = await tx.application.findUniqueOrThrow({ where: { cityId_id: { cityId, id } } });
  const after = await tx.application.update({
    where: { cityId_id: { cityId, id } },
    data: { status: 'NOT_ALLOCATED', reason: '候补期限已过 / the period waited for is over', version: { increment: 1 }, updatedAt: actor.now },
  });
  await recordAudit(tx, actor, { cityId, operation: 'expireWaitingApplication', entityType: 'Application', entityId: id, before, after });
}

/** One pass over every city; a city that fails does not stop the others (its error goes to onError). */
export async function promoteAllCities(
  db: Database, log: (m: string) => void, onError: (e: unknown) => void, now = new Date(),
): Promise<PromotionSummary> {
  const total: PromotionSummary = { ended: 0, promoted: 0, expired: 0 };
  for (const { id } of await db.prisma.city.findMany({ select: { id: true } })) {
    try {
      const s = await promoteWaitingLists(db, id, now);
      total.ended += s.ended;
      total.promoted += s.promoted;
      total.expired += s.expired;
      if (s.ended + s.promoted + s.expired > 0) {
        log(`摊位分配日结 / allocation pass for city ${id}: ${s.ended} ended, ${s.promoted} promoted from waiting lists, ${s.expired} waiting expired`);
      }
    } catch (e) {
      onError(e);
    }
  }
  return total;
}

/** Starts the hourly pass; unref'd so it never holds the process open. Returns the stop function. */
export function startWaitingListTimer(db: Database, log: (m: string) => void, onError: (e: unknown) => void): () => void {
  const timer = setInterval(() => { promoteAllCities(db, log, onError).catch(onError); }, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
