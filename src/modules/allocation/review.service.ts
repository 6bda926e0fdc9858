// Review of applications by the bureau or a zone's manager: approve (choosing the spot), reject with
// a reason, or return for more information. The zone of the application decides who may review it.
import type { Application, Assignment, Prisma, PrismaClient } from '@prisma/client';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { loadRuleContext } from '../rules/evaluate';
import type { ZoneRow } from '../zones/zones.sql';
import { inTransaction, todayIn, type Writer } from './allocation.common';
import { allocationPolicy } from './allocation.policy';
import { spotsByIds, zonesByIds } from './allocation.sql';
import { changeApplication, invalidTransition } from './applications.service';
import { lockApplication } from './applications.sql';
import { assertSpotFits, grant } from './grant';
import { roundById } from './rounds.sql';
import { dayOf, maxDay } from './period';
import { cleanText } from './zone-rules';

type Tx = Prisma.TransactionClient;

/** The application, locked, once the reviewer is known to hold its zone (before its state is told). */
export async function applicationForReview(tx: Tx, w: Writer, id: string): Promise<{ app: Application; zone: ZoneRow }> {
  const cityId = w.viewer.cityId;
  const found = await lockApplication(tx, cityId, id);
  const app = found ? await tx.application.findUnique({ where: { cityId_id: { cityId, id } } }) : null;
  if (!app) throw notFound('申请', 'application', id);
  const [zone] = await zonesByIds(tx, cityId, [app.zoneId]);
  await allocationPolicy.assertReviewsZone(tx, w.viewer, zone);
  return { app, zone };
}

/** Round applications wait for the draw: the lottery, not a reviewer, orders them. */
async function assertNotInOpenRound(tx: Tx, app: Application, to: string): Promise<void> {
  if (!app.roundId) return;
  const round = await roundById(tx, app.cityId, app.roundId);
  if (round?.status === 'OPEN') {
    throw badInput('轮次申请由抽签决定 / a round application is decided by the draw', { reason: 'INVALID_TRANSITION', from: app.status, to });
  }
}

export async function approveApplication(
  prisma: PrismaClient, w: Writer, rawId: string, rawSpotId?: string | null, expectedVersion?: number | null,
): Promise<Assignment> {
  const id = parseId(rawId);
  const chosen = rawSpotId ? parseId(rawSpotId, 'spotId') : null;
  return inTransaction(prisma, async (tx) => {
    const { app, zone } = await applicationForReview(tx, w, id);
    if (expectedVersion != null && expectedVersion !== app.version) {
      throw conflict(`申请已被他人处理（当前版本 ${app.version}）/ the application was changed by someone else (now version ${app.version})`, {
        reason: 'STALE_VERSION', currentVersion: app.version,
      });
    }
    if (app.status !== 'SUBMITTED' && app.status !== 'WAITLISTED') throw invalidTransition(app.status, 'APPROVED');
    await assertNotInOpenRound(tx, app, 'APPROVED');
    const spotId = chosen ?? app.spotId;
    if (!spotId) throw badInput('请选择摊位 / choose the spot to give', { field: 'spotId', reason: 'SPOT_REQUIRED' });
    const rc = await loadRuleContext(tx, app.cityId, [zone.id]);
    const today = todayIn(rc.timeZone, w.now);
    assertSpotFits(rc, (await spotsByIds(tx, app.cityId, [spotId]))[0], zone.id, app.businessType);
    // Approved late, the assignment starts today: the days already gone cannot be given.
    const period = { startsOn: maxDay(today, dayOf(app.startsOn)), endsOn: dayOf(app.endsOn) };
    if (period.endsOn < today) {
      throw badInput('申请的期限已过 / the period applied for is over', { reason: 'PERIOD_OVER' });
    }
    return grant(tx, w, app, spotId, period, today);
  });
}

export async function rejectApplication(prisma: PrismaClient, w: Writer, rawId: string, rawReason: string): Promise<Application> {
  const id = parseId(rawId);
  const reason = cleanText(rawReason, 'reason', true)!;
  return inTransaction(prisma, async (tx) => {
    const { app } = await applicationForReview(tx, w, id);
    if (!['SUBMITTED', 'RETURNED', 'WAITLISTED'].includes(app.status)) throw invalidTransition(app.status, 'REJECTED');
    return changeApplication(tx, w, app, { status: 'REJECTED', reason, decidedBy: w.viewer.accountId, decidedAt: w.now }, 'rejectApplication');
  });
}

export async function returnApplication(prisma: PrismaClient, w: Writer, rawId: string, rawReason: string): Promise<Application> {
  const id = parseId(rawId);
  const reason = cleanText(rawReason, 'reason', true)!;
  return inTransaction(prisma, async (tx) => {
    const { app } = await applicationForReview(tx, w, id);
    if (app.status !== 'SUBMITTED' || app.roundId) throw invalidTransition(app.status, 'RETURNED');
    return changeApplication(tx, w, app, { status: 'RETURNED', reason }, 'returnApplication');
  });
}
