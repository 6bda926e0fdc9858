// Changes to an assignment by its zone's reviewers: renew to a later end, suspend and reinstate,
// revoke with a reason (the zone's waiting list is served in the same transaction). The spot's
// status follows the assignments that cover today.
import type { Assignment, Prisma, PrismaClient } from '@prisma/client';
import { badInput, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { recordAudit } from '../audit/audit.service';
import { loadRuleContext } from '../rules/evaluate';
import { addDays } from '../../schedule/schedule.time';
import type { ZoneRow } from '../zones/zones.sql';
import { inTransaction, todayIn, type Writer } from './allocation.common';
import { allocationPolicy } from './allocation.policy';
import { syncSpotStatus, zonesByIds } from './allocation.sql';
import { invalidTransition } from './applications.service';
import { lockAssignment } from './assignments.sql';
import { checkLength, dayOf, dbDate, maxDay, parseDay } from './period';
import { promoteNext } from './waiting-list.service';
import { assertInSeason, cleanText, ruleOn } from './zone-rules';

type Tx = Prisma.TransactionClient;

/** The assignment, locked, once the caller is known to review its zone. */
async function assignmentForReview(tx: Tx, w: Writer, id: string): Promise<{ before: Assignment; zone: ZoneRow }> {
  const cityId = w.viewer.cityId;
  const found = await lockAssignment(tx, cityId, id);
  const before = found ? await tx.assignment.findUnique({ where: { cityId_id: { cityId, id } } }) : null;
  if (!before) throw notFound('摊位分配', 'assignment', id);
  const [zone] = await zonesByIds(tx, cityId, [before.zoneId]);
  await allocationPolicy.assertReviewsZone(tx, w.viewer, zone);
  return { before, zone };
}

async function save(tx: Tx, w: Writer, before: Assignment, data: Prisma.AssignmentUpdateInput, operation: string, today: string, sync = true) {
  const after = await tx.assignment.update({
    where: { cityId_id: { cityId: before.cityId, id: before.id } },
    data: { ...data, version: { increment: 1 }, updatedAt: w.now },
  });
  if (sync) await syncSpotStatus(tx, before.cityId, [before.spotId], today);
  await recordAudit(tx, w, { cityId: before.cityId, operation, entityType: 'Assignment', entityId: before.id, before, after });
  return after;
}

const LIVE = ['ACTIVE', 'SUSPENDED'];

export async function renewAssignment(prisma: PrismaClient, w: Writer, rawId: string, rawEndsOn: string): Promise<Assignment> {
  const id = parseId(rawId);
  const endsOn = parseDay(rawEndsOn, 'endsOn');
  return inTransaction(prisma, async (tx) => {
    const { before, zone } = await assignmentForReview(tx, w, id);
    if (!LIVE.includes(before.status)) throw invalidTransition(before.status, 'RENEWED');
    const current = dayOf(before.endsOn);
    if (endsOn <= current) {
      throw badInput(`新的结束日期须晚于 ${current} / the new end must be after ${current}`, { field: 'endsOn', reason: 'INVALID_PERIOD' });
    }
    const rc = await loadRuleContext(tx, before.cityId, [zone.id]);
    const today = todayIn(rc.timeZone, w.now);
    checkLength({ startsOn: maxDay(today, dayOf(before.startsOn)), endsOn });
    // The added days answer to the rule in force when they begin.
    const added = { startsOn: addDays(current, 1), endsOn };
    assertInSeason(ruleOn(rc, zone, added.startsOn), zone, added);
    return save(tx, w, before, { endsOn: dbDate(endsOn) }, 'renewAssignment', today);
  });
}

async function transition(prisma: PrismaClient, w: Writer, rawId: string, from: string[], to: 'SUSPENDED' | 'ACTIVE' | 'REVOKED', reason: string | null, operation: string) {
  const id = parseId(rawId);
  return inTransaction(prisma, async (tx) => {
    const { before } = await assignmentForReview(tx, w, id);
    if (!from.includes(before.status)) throw invalidTransition(before.status, to);
    const city = await tx.city.findUniqueOrThrow({ where: { id: before.cityId }, select: { timeZone: true } });
    const today = todayIn(city.timeZone, w.now);
    if (to !== 'REVOKED') return save(tx, w, before, { status: to, reason }, operation, today);
    // Revoked: the waiting list first, the spot's status once after (see promoteNext on lock order).
    const after = await save(tx, w, before, { status: to, reason }, operation, today, false);
    await promoteNext(tx, w, before, today);
    await syncSpotStatus(tx, before.cityId, [before.spotId], today);
    return after;
  });
}

export const suspendAssignment = (prisma: PrismaClient, w: Writer, id: string, reason: string) =>
  transition(prisma, w, id, ['ACTIVE'], 'SUSPENDED', cleanText(reason, 'reason', true), 'suspendAssignment');

/** Reinstated, the suspension's reason goes (the audit trail keeps it). */
export const reinstateAssignment = (prisma: PrismaClient, w: Writer, id: string) =>
  transition(prisma, w, id, ['SUSPENDED'], 'ACTIVE', null, 'reinstateAssignment');

export const revokeAssignment = (prisma: PrismaClient, w: Writer, id: string, reason: string) =>
  transition(prisma, w, id, LIVE, 'REVOKED', cleanText(reason, 'reason', true), 'revokeAssignment');
