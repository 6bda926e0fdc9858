// Check-in at the assigned spot from the vendor's phone: accepted on a day the assignment is in
// force, within the city's radius of the spot, while the zone is open for the assigned business type.
// It lapses at the zone's closing time (or the assignment's end, whichever is first), or on checkOut.
//
// A second checkIn for the same assignment while one is active returns the active one, unchanged:
// a phone on a poor connection retries, and the retry must not fail or stack up rows. Active at
// another assignment (another zone) is a CONFLICT: a vendor is at one stall at a time.
import { notifyChange } from '../../db/changes';
import type { CheckIn, Prisma, PrismaClient } from '@prisma/client';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { parsePoint, type Crs } from '../../geo/input';
import { recordAudit } from '../audit/audit.service';
import { loadRuleContext, zoneNextOpenings, zoneStateAt } from '../rules/evaluate';
import { addDays, localInstant, wallClock } from '../../schedule/schedule.time';
import { inTransaction, todayIn, type Writer } from './allocation.common';
import { lockAssignment } from './assignments.sql';
import { distanceToSpot, insertCheckIn, lockCheckIn } from './check-in.sql';
import { dayOf } from './period';

type Tx = Prisma.TransactionClient;

export const isActive = (c: CheckIn, now: Date) => c.checkedOutAt === null && now < c.endsAt;

async function activeCheckIn(tx: Tx, w: Writer): Promise<CheckIn | null> {
  return tx.checkIn.findFirst({
    where: { cityId: w.viewer.cityId, vendorId: w.viewer.accountId, checkedOutAt: null, endsAt: { gt: w.now } },
    orderBy: { at: 'desc' },
  });
}

export async function checkIn(prisma: PrismaClient, w: Writer, rawAssignmentId: string, point: unknown, crs: Crs = 'WGS84'): Promise<CheckIn> {
  const id = parseId(rawAssignmentId, 'assignmentId');
  const [lon, lat] = parsePoint(point, crs).coordinates;
  const cityId = w.viewer.cityId;
  return inTransaction(prisma, async (tx) => {
    const a = (await lockAssignment(tx, cityId, id)) ? await tx.assignment.findUnique({ where: { cityId_id: { cityId, id } } }) : null;
    if (!a || a.vendorId !== w.viewer.accountId) throw notFound('摊位分配', 'assignment', id);
    const current = await activeCheckIn(tx, w);
    if (current?.assignmentId === id) return current;
    if (current) throw conflict('您已在另一摊位签到，请先签退 / you are checked in at another spot: check out there first', { reason: 'CHECKED_IN_ELSEWHERE', checkInId: current.id });

    const rc = await loadRuleContext(tx, cityId, [a.zoneId]);
    const today = todayIn(rc.timeZone, w.now);
    if (a.status !== 'ACTIVE' || dayOf(a.startsOn) > today || dayOf(a.endsOn) < today) {
      throw badInput(`今天（${today}）没有生效的摊位分配 / the assignment is not in force today (${today})`, { reason: 'NOT_ASSIGNED_TODAY', status: a.status });
    }
    const place = await distanceToSpot(tx, cityId, a.spotId, lon, lat);
    if (!place) throw notFound('摊位', 'spot', a.spotId);
    const metres = Math.round(place.distanceM);
    if (place.distanceM > place.radiusM) {
      throw badInput(`距摊位 ${metres} 米，须在 ${place.radiusM} 米内签到 / you are ${metres} m from your spot: check in within ${place.radiusM} m`, {
        reason: 'TOO_FAR', distanceM: metres, radiusM: place.radiusM,
      });
    }
    const state = zoneStateAt(rc, a.zoneId, w.now, a.businessType);
    const [opening] = zoneNextOpenings(rc, a.zoneId, w.now, 1, a.businessType);
    const inProgress = opening && Date.parse(opening.from) <= w.now.getTime() && w.now.getTime() < Date.parse(opening.to);
    if (!state.open || !state.typeAllowed || !inProgress) {
      const next = opening ? wallClock(Date.parse(opening.from), rc.timeZone) : null;
      const when = next ? `下次开放 ${next} / next opening ${next}` : '近期没有开放时间 / no opening soon';
      throw badInput(`区域现在不开放该业态：${when} / the zone is not open for ${a.businessType} now`, {
        reason: 'ZONE_CLOSED', nextOpeningAt: opening?.from ?? null,
      });
    }
    // A check-in never outlives the assignment: at the latest, local midnight after its last day.
    const endsAt = new Date(Math.min(Date.parse(opening.to), localInstant(addDays(dayOf(a.endsOn), 1), 0, rc.timeZone)));
    const newId = await insertCheckIn(tx, {
      cityId, assignmentId: id, spotId: a.spotId, zoneId: a.zoneId, vendorId: a.vendorId, at: w.now, lon, lat, distanceM: place.distanceM, endsAt,
    });
    const row = await tx.checkIn.findUniqueOrThrow({ where: { cityId_id: { cityId, id: newId } } });
    // Where the vendor stood stays in check_in only: the audit row has the distance, not the point.
    await recordAudit(tx, w, { cityId, operation: 'checkIn', entityType: 'CheckIn', entityId: newId, after: row });
    // The public map's live counts (publication/live.ts) hear of it once this commits.
    await notifyChange(tx, { kind: 'occupancy', id: cityId });
    return row;
  });
}

export async function checkOut(prisma: PrismaClient, w: Writer, rawId: string): Promise<CheckIn> {
  const id = parseId(rawId);
  const cityId = w.viewer.cityId;
  return inTransaction(prisma, async (tx) => {
    const before = (await lockCheckIn(tx, cityId, id)) ? await tx.checkIn.findUnique({ where: { cityId_id: { cityId, id } } }) : null;
    if (!before || before.vendorId !== w.viewer.accountId) throw notFound('签到', 'check-in', id);
    if (!isActive(before, w.now)) {
      throw badInput('该签到已结束（已签退或已过闭市时间）/ this check-in has ended (checked out or past closing time)', { reason: 'NOT_ACTIVE' });
    }
    const after = await tx.checkIn.update({ where: { cityId_id: { cityId, id } }, data: { checkedOutAt: w.now } });
    await recordAudit(tx, w, { cityId, operation: 'checkOut', entityType: 'CheckIn', entityId: id, before, after });
    await notifyChange(tx, { kind: 'occupancy', id: cityId });
    return after;
  });
}
