// A vendor's applications: for a spot, for whichever spot of a zone, or in an open allocation round; and
// the vendor's own withdrawals and answers to a returned application.
import type { Application, Prisma, PrismaClient } from '@prisma/client';
import { badInput, conflict, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { recordAudit } from '../audit/audit.service';
import { loadRuleContext } from '../rules/evaluate';
import { priorityTier } from '../vendors/vendors.models';
import { inTransaction, todayIn, type Writer } from './allocation.common';
import { vendorRows } from '../vendors/vendors.sql';
import { spotsByIds } from './allocation.sql';
import { lockApplication } from './applications.sql';
import { roundById } from './rounds.sql';
import { assertSpotFits } from './grant';
import { checkPeriod, dbDate, dayOf, type Period } from './period';
import { assertInSeason, assertTypeAllowed, cleanText, ruleOn, vendingZone } from './zone-rules';

type Tx = Prisma.TransactionClient;

export interface ApplyInput {
  zoneId: string;
  spotId?: string | null;
  roundId?: string | null;
  businessType: string;
  startsOn: string;
  endsOn: string;
  note?: string | null;
}

export const invalidTransition = (from: string, to: string) =>
  badInput(`当前状态 ${from} 不能变为 ${to} / an application or assignment in ${from} cannot become ${to}`, { reason: 'INVALID_TRANSITION', from, to });

/** A round application takes the round's period, and only while the round is open. */
async function roundFor(tx: Tx, w: Writer, roundId: string, zoneId: string, period: Period) {
  const round = await roundById(tx, w.viewer.cityId, roundId);
  if (!round || round.zoneId !== zoneId) throw notFound('该区域的分配轮次', 'allocation round of this zone', roundId);
  if (round.status !== 'OPEN' || w.now >= round.deadline) {
    throw badInput('该轮次已截止 / this round is closed for applications', { field: 'roundId', reason: 'ROUND_CLOSED' });
  }
  if (dayOf(round.startsOn) !== period.startsOn || dayOf(round.endsOn) !== period.endsOn) {
    throw badInput(`轮次申请的期限须为 ${dayOf(round.startsOn)} 至 ${dayOf(round.endsOn)} / a round application covers the round's period, ${dayOf(round.startsOn)} to ${dayOf(round.endsOn)}`, {
      field: 'startsOn', reason: 'PERIOD_MISMATCH',
    });
  }
  const mine = await tx.application.findFirst({ where: { cityId: w.viewer.cityId, roundId, vendorId: w.viewer.accountId, status: { not: 'WITHDRAWN' } } });
  if (mine) throw conflict('已申请过本轮分配 / you have already applied in this round', { reason: 'ALREADY_APPLIED', applicationId: mine.id });
  return round;
}

/** No second open application of a vendor for overlapping days of one zone, and none for a vendor already placed there. */
async function assertNotDuplicate(tx: Tx, w: Writer, zoneId: string, p: Period): Promise<void> {
  const overlap = { cityId: w.viewer.cityId, zoneId, vendorId: w.viewer.accountId, startsOn: { lte: dbDate(p.endsOn) }, endsOn: { gte: dbDate(p.startsOn) } };
  const pending = await tx.application.findFirst({ where: { ...overlap, roundId: null, status: { in: ['SUBMITTED', 'RETURNED', 'WAITLISTED'] } } });
  if (pending) throw conflict('已有该区域同期的申请在办理中 / you already have an open application for this zone and period', { reason: 'DUPLICATE_APPLICATION', applicationId: pending.id });
  const held = await tx.assignment.findFirst({ where: { ...overlap, status: { in: ['ACTIVE', 'SUSPENDED'] } } });
  if (held) throw conflict('您在该区域同期已有摊位 / you already hold a spot in this zone for some of these days', { reason: 'VENDOR_ALREADY_ASSIGNED' });
}

export async function applyForSpot(prisma: PrismaClient, w: Writer, input: ApplyInput): Promise<Application> {
  const zoneId = parseId(input.zoneId, 'zoneId');
  const spotId = input.spotId ? parseId(input.spotId, 'spotId') : null;
  const roundId = input.roundId ? parseId(input.roundId, 'roundId') : null;
  const businessType = cleanText(input.businessType, 'businessType', true)!;
  const note = cleanText(input.note, 'note', false);
  if (spotId && roundId) throw badInput('轮次申请不能指定摊位 / a round application cannot name a spot', { field: 'spotId', reason: 'SPOT_WITH_ROUND' });
  const cityId = w.viewer.cityId;
  return inTransaction(prisma, async (tx) => {
    const [vendor] = await vendorRows(tx, cityId, [w.viewer.accountId]);
    if (!vendor) throw badInput('请先完善摊主资料 / complete your vendor profile first', { reason: 'PROFILE_REQUIRED' });
    const zone = await vendingZone(tx, cityId, zoneId);
    const rc = await loadRuleContext(tx, cityId, [zoneId]);
    const period = checkPeriod(input.startsOn, input.endsOn, todayIn(rc.timeZone, w.now));
    if (roundId) await roundFor(tx, w, roundId, zoneId, period);
    const rule = ruleOn(rc, zone, period.startsOn);
    assertInSeason(rule, zone, period);
    assertTypeAllowed(rc, rule, zone, businessType);
    if (spotId) assertSpotFits(rc, (await spotsByIds(tx, cityId, [spotId]))[0], zoneId, businessType);
    if (!roundId) await assertNotDuplicate(tx, w, zoneId, period);
    const app = await tx.application.create({
      data: {
        cityId, vendorId: vendor.accountId, zoneId, spotId, roundId, businessType, note,
        startsOn: dbDate(period.startsOn), endsOn: dbDate(period.endsOn),
        priorityTier: priorityTier(vendor.priorities.map((p) => p.category)),
      },
    });
    await recordAudit(tx, w, { cityId, operation: 'applyForSpot', entityType: 'Application', entityId: app.id, after: app });
    return app;
  });
}

/** The vendor's own application, locked; someone else's is not found (it is not theirs to know of). */
async function ownApplication(tx: Tx, w: Writer, id: string): Promise<Application> {
  const found = await lockApplication(tx, w.viewer.cityId, id);
  const app = found ? await tx.application.findUnique({ where: { cityId_id: { cityId: w.viewer.cityId, id } } }) : null;
  if (!app || app.vendorId !== w.viewer.accountId) throw notFound('申请', 'application', id);
  return app;
}

export async function changeApplication(tx: Tx, w: Writer, before: Application, data: Prisma.ApplicationUpdateInput, operation: string) {
  const after = await tx.application.update({
    where: { cityId_id: { cityId: before.cityId, id: before.id } },
    data: { ...data, version: { increment: 1 }, updatedAt: w.now },
  });
  await recordAudit(tx, w, { cityId: before.cityId, operation, entityType: 'Application', entityId: before.id, before, after });
  return after;
}

export async function withdrawApplication(prisma: PrismaClient, w: Writer, rawId: string): Promise<Application> {
  const id = parseId(rawId);
  return inTransaction(prisma, async (tx) => {
    const app = await ownApplication(tx, w, id);
    if (!['SUBMITTED', 'RETURNED', 'WAITLISTED'].includes(app.status)) throw invalidTransition(app.status, 'WITHDRAWN');
    return changeApplication(tx, w, app, { status: 'WITHDRAWN' }, 'withdrawApplication');
  });
}

export async function resubmitApplication(prisma: PrismaClient, w: Writer, rawId: string, rawNote?: string | null): Promise<Application> {
  const id = parseId(rawId);
  const note = cleanText(rawNote, 'note', false);
  return inTransaction(prisma, async (tx) => {
    const app = await ownApplication(tx, w, id);
    if (app.status !== 'RETURNED') throw invalidTransition(app.status, 'SUBMITTED');
    return changeApplication(tx, w, app, { status: 'SUBMITTED', ...(note !== null ? { note } : {}) }, 'resubmitApplication');
  });
}
