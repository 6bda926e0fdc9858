// The draw of one round, inside the caller's transaction: who takes part, which spots are still free,
// the pure draw itself (draw.ts), then the assignments, the waiting list and the published result.
import type { AllocationRound, Prisma } from '@prisma/client';
import { badInput, notFound } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { maskName } from '../vendors/vendors.models';
import { wallClock } from '../../schedule/schedule.time';
import { todayIn, type Writer } from './allocation.common';
import { allocationPolicy } from './allocation.policy';
import { vendorRows } from '../vendors/vendors.sql';
import { spotsByIds, syncSpotStatus, zonesByIds } from './allocation.sql';
import { invalidTransition } from './applications.service';
import { bookedSpotIds, vendorsPlaced } from './assignments.sql';
import { runDraw } from './draw';
import { grant } from './grant';
import { dayOf, maxDay } from './period';
import { roundById } from './rounds.sql';

type Tx = Prisma.TransactionClient;

export async function drawRound(tx: Tx, w: Writer, id: string): Promise<AllocationRound> {
  const cityId = w.viewer.cityId;
  const round = await roundById(tx, cityId, id, true);
  if (!round) throw notFound('分配轮次', 'allocation round', id);
  const [zone] = await zonesByIds(tx, cityId, [round.zoneId]);
  await allocationPolicy.assertRunsRounds(tx, w.viewer, zone);
  if (round.status !== 'OPEN') throw invalidTransition(round.status, 'DRAWN');
  const city = await tx.city.findUniqueOrThrow({ where: { id: cityId }, select: { timeZone: true } });
  if (w.now < round.deadline) {
    const at = wallClock(round.deadline.getTime(), city.timeZone);
    throw badInput(`申请截止（${at}）后才能抽签 / the draw may run only after the deadline (${at})`, { reason: 'BEFORE_DEADLINE', deadline: round.deadline });
  }
  const today = todayIn(city.timeZone, w.now);
  // Drawn late, the winners' assignments start today; a round whose period is over gives nothing.
  const period = { startsOn: maxDay(today, dayOf(round.startsOn)), endsOn: dayOf(round.endsOn) };
  if (period.endsOn < today) throw badInput('该轮次的期限已过 / the round\'s period is over', { reason: 'PERIOD_OVER' });

  const submitted = await tx.application.findMany({ where: { cityId, roundId: id, status: 'SUBMITTED' }, orderBy: { id: 'asc' } });
  // A vendor placed in the zone since applying cannot hold a second spot: out of the draw, said so.
  const placed = await vendorsPlaced(tx, cityId, round.zoneId, submitted.map((a) => a.vendorId), period.startsOn, period.endsOn);
  const entrants = submitted.filter((a) => !placed.has(a.vendorId));
  const names = new Map((await vendorRows(tx, cityId, entrants.map((a) => a.vendorId))).map((v) => [v.accountId, maskName(v.name)]));
  // Spots retired, suspended or booked since the round opened are not given.
  const booked = await bookedSpotIds(tx, cityId, round.spotIds, period.startsOn, period.endsOn);
  const spots = (await spotsByIds(tx, cityId, round.spotIds)).filter((s) => s.status !== 'RETIRED' && s.status !== 'SUSPENDED' && !booked.has(s.id));

  const outcome = runDraw(round.seed, entrants.map((a) => ({ applicationId: a.id, priorityTier: a.priorityTier, maskedName: names.get(a.vendorId) ?? '*' })),
    spots.map((s) => ({ spotId: s.id, number: s.number })));
  for (const app of entrants) {
    const spotId = outcome.winners.get(app.id);
    if (spotId) await grant(tx, w, app, spotId, period, today, { syncSpot: false, operation: 'drawAllocationRound' });
  }
  const losers = entrants.filter((a) => !outcome.winners.has(a.id)).map((a) => a.id);
  await settle(tx, w, cityId, losers, 'WAITLISTED', null);
  await settle(tx, w, cityId, submitted.filter((a) => placed.has(a.vendorId)).map((a) => a.id), 'NOT_ALLOCATED',
    '已在该区域同期获得摊位 / already holds a spot in this zone for these days');
  await syncSpotStatus(tx, cityId, spots.map((s) => s.id), today);

  // updateMany: the model API would read spot_ids back, which the embedded adapter cannot decode (rounds.sql.ts).
  await tx.allocationRound.updateMany({
    where: { cityId, id },
    data: { status: 'DRAWN', drawnAt: w.now, result: outcome.entries.map((e) => ({ ...e })) },
  });
  const drawn = (await roundById(tx, cityId, id))!;
  await recordAudit(tx, w, { cityId, operation: 'drawAllocationRound', entityType: 'AllocationRound', entityId: id, before: { ...round, seed: undefined }, after: drawn });
  return drawn;
}

/** The applications that did not win: one statement, one audit row each. */
async function settle(tx: Tx, w: Writer, cityId: string, ids: string[], status: 'WAITLISTED' | 'NOT_ALLOCATED', reason: string | null): Promise<void> {
  if (ids.length === 0) return;
  await tx.application.updateMany({
    where: { cityId, id: { in: ids } },
    data: { status, reason, decidedBy: w.viewer.accountId, decidedAt: w.now, version: { increment: 1 }, updatedAt: w.now },
  });
  for (const id of ids) {
    await recordAudit(tx, w, { cityId, operation: 'drawAllocationRound', entityType: 'Application', entityId: id, after: { status, reason } });
  }
}
