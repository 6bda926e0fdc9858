// The bureau's side of sign permits: take an application into review, return it for correction, approve
// it (a permit number and a validity period) or reject it with a reason; later renew or revoke the
// permit. Only officers of the shop's district and admins decide; assistants record notes. Every
// transition is one transaction with its audit row; a transition the workflow does not allow changes nothing.
import type { Prisma, PrismaClient, SignApplicationStatus } from '@prisma/client';
import { badInput, notFound } from '../../graphql/errors';
import { parseId } from '../../graphql/ids';
import { addDays, isValidIsoDate } from '../../schedule/schedule.time';
import { recordAudit } from '../audit/audit.service';
import { inTransaction, type Writer } from '../allocation/allocation.common';
import { cityToday } from './guides.service';
import * as sql from './applications.sql';
import { auditView, invalidTransition, viewOf, type SignApplicationView } from './signs.models';
import { cleanText } from './signs.input';
import { signsPolicy } from './signs.policy';

type Tx = Prisma.TransactionClient;
/** A permit's default validity: three years (the bureaus' usual term), to the day before. */
const DEFAULT_YEARS = 3;
const MAX_YEARS = 10;

const dbDate = (d: string) => new Date(`${d}T00:00:00Z`);
const plusYears = (d: string, years: number) => `${Number(d.slice(0, 4)) + years}${d.slice(4)}`;

async function forDecision(tx: Tx, w: Writer, id: string) {
  const app = await sql.applicationById(tx, w.viewer.cityId, id, true);
  if (!app) throw notFound('店招申请', 'sign application', id);
  signsPolicy.assertDistrict(w.viewer, app.districtId);
  return app;
}

async function transition(
  prisma: PrismaClient, w: Writer, rawId: string, operation: string,
  from: SignApplicationStatus[], to: SignApplicationStatus,
  data: (app: sql.SignApplicationRecord, today: string, tx: Tx) => Promise<Prisma.SignApplicationUpdateInput> | Prisma.SignApplicationUpdateInput,
): Promise<SignApplicationView> {
  const id = parseId(rawId);
  const cityId = w.viewer.cityId;
  return inTransaction(prisma, async (tx) => {
    const before = await forDecision(tx, w, id);
    const today = await cityToday(tx, cityId, w.now);
    if (!from.includes(before.status)) throw invalidTransition(viewOf(before, today).status, to);
    const extra = await data(before, today, tx);
    await tx.signApplication.update({
      where: { cityId_id: { cityId, id } },
      data: { ...extra, status: to, version: { increment: 1 }, updatedAt: w.now },
    });
    const after = (await sql.applicationById(tx, cityId, id))!;
    await recordAudit(tx, w, { cityId, operation, entityType: 'SignApplication', entityId: id, before: auditView(before), after: auditView(after) });
    return viewOf(after, today);
  });
}

const reasonOf = (text: string) => cleanText(text, 'reason', 500, true)!;

export const startSignReview = (prisma: PrismaClient, w: Writer, id: string) =>
  transition(prisma, w, id, 'startSignReview', ['SUBMITTED'], 'UNDER_REVIEW', () => ({}));

export function returnSignApplication(prisma: PrismaClient, w: Writer, id: string, rawReason: string) {
  const reason = reasonOf(rawReason);
  return transition(prisma, w, id, 'returnSignApplication', ['SUBMITTED', 'UNDER_REVIEW'], 'RETURNED', () => ({ reason }));
}

export function rejectSignApplication(prisma: PrismaClient, w: Writer, id: string, rawReason: string) {
  const reason = reasonOf(rawReason);
  return transition(prisma, w, id, 'rejectSignApplication', ['SUBMITTED', 'UNDER_REVIEW'], 'REJECTED',
    () => ({ reason, decidedBy: w.viewer.accountId, decidedAt: w.now }));
}

/** The last day of validity asked for, or the default term; never before tomorrow, never beyond ten years. */
function validUntilOf(given: string | null | undefined, today: string, field: string): string {
  const until = given ?? addDays(plusYears(today, DEFAULT_YEARS), -1);
  if (!isValidIsoDate(until) || until <= today || until > plusYears(today, MAX_YEARS)) {
    throw badInput(`${field} 须为今天之后、${MAX_YEARS} 年以内的日期（YYYY-MM-DD）/ ${field} must be a date after today and within ${MAX_YEARS} years (YYYY-MM-DD)`, { field });
  }
  return until;
}

export function approveSignApplication(prisma: PrismaClient, w: Writer, id: string, validUntil?: string | null) {
  return transition(prisma, w, id, 'approveSignApplication', ['UNDER_REVIEW'], 'APPROVED', async (app, today, tx) => {
    const until = validUntilOf(validUntil, today, 'validUntil');
    if (app.amendsId) await supersede(tx, w, app.amendsId);
    return {
      permitNumber: await sql.nextPermitNumber(tx, w.viewer.cityId, today.slice(0, 4)),
      validFrom: dbDate(today), validUntil: dbDate(until), reason: null, decidedBy: w.viewer.accountId, decidedAt: w.now,
    };
  });
}

/** An amendment approved: the permit it replaces ends as AMENDED, in the same transaction. */
async function supersede(tx: Tx, w: Writer, permitId: string): Promise<void> {
  const old = await sql.applicationById(tx, w.viewer.cityId, permitId, true);
  if (!old || old.status !== 'APPROVED') return;
  await tx.signApplication.update({ where: { cityId_id: { cityId: old.cityId, id: old.id } }, data: { status: 'AMENDED', version: { increment: 1 }, updatedAt: w.now } });
  await recordAudit(tx, w, { cityId: old.cityId, operation: 'amendSignPermit', entityType: 'SignApplication', entityId: old.id, before: auditView(old), after: { status: 'AMENDED' } });
}

/** Extends a permit (also one that has just expired) to a later last day. */
export function renewSignPermit(prisma: PrismaClient, w: Writer, id: string, validUntil: string) {
  return transition(prisma, w, id, 'renewSignPermit', ['APPROVED'], 'APPROVED', (app, today) => {
    const until = validUntilOf(validUntil, today, 'validUntil');
    if (app.validUntil && until <= app.validUntil) {
      throw badInput(`续期日期须晚于当前到期日 ${app.validUntil} / the new last day must be after the current one, ${app.validUntil}`, { field: 'validUntil' });
    }
    return { validUntil: dbDate(until) };
  });
}

export function revokeSignPermit(prisma: PrismaClient, w: Writer, id: string, rawReason: string) {
  const reason = reasonOf(rawReason);
  return transition(prisma, w, id, 'revokeSignPermit', ['APPROVED'], 'REVOKED', () => ({ reason, decidedBy: w.viewer.accountId, decidedAt: w.now }));
}

/** Staff of the shop's district (assistants included) record what they saw or said; notes are never edited. */
export async function addSignApplicationNote(prisma: PrismaClient, w: Writer, rawId: string, rawText: string): Promise<SignApplicationView> {
  const id = parseId(rawId);
  const text = cleanText(rawText, 'text', 1000, true)!;
  const cityId = w.viewer.cityId;
  return inTransaction(prisma, async (tx) => {
    const app = await forDecision(tx, w, id);
    const note = await tx.signNote.create({ data: { cityId, applicationId: id, authorId: w.viewer.accountId, text, createdAt: w.now } });
    await recordAudit(tx, w, { cityId, operation: 'addSignApplicationNote', entityType: 'SignApplication', entityId: id, after: note });
    return viewOf(app, await cityToday(tx, cityId, w.now));
  });
}
