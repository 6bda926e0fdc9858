// A shop owner's sign applications: write a draft (the shop, its facade, the signs, the contact), correct
// it, and submit it. Submission runs the compliance check against the guide in force: a compliant one
// goes to review, a non-compliant one comes straight back (RETURNED) with the rule-by-rule guidance —
// "come and help", never a rejection for a fixable design.
import crypto from 'node:crypto';
import type { Prisma, PrismaClient } from '@prisma/client';
import { badInput, notFound } from '../../graphql/errors';
import { parseId, parseIds } from '../../graphql/ids';
import { parsePoint, type Crs } from '../../geo/input';
import { recordAudit } from '../audit/audit.service';
import { inTransaction, type Writer } from '../allocation/allocation.common';
import { piiFor } from '../vendors/pii';
import { parsePhone } from '../vendors/pii-format';
import type { Database } from '../../db/database';
import { checkSigns, SIGN_TYPE_NAME, type SignSpec } from './compliance';
import { cityToday, selectGuide } from './guides.service';
import { placeOfPoint, type GuideRow } from './guides.sql';
import { cleanText, parseFacade, parseSigns, publicText, type SignSpecInput } from './signs.input';
import { signsPolicy } from './signs.policy';
import * as sql from './applications.sql';
import { attachFiles } from './files.sql';
import { auditView, invalidTransition, viewOf, type SignApplicationView } from './signs.models';

type Tx = Prisma.TransactionClient;

export interface SignApplicationInput {
  shopName: string;
  address: string;
  location: unknown;
  crs?: Crs | null;
  facade: { widthM: number; heightM: number };
  contactName: string;
  contactPhone: string;
  signs: readonly SignSpecInput[];
  attachmentIds?: readonly string[] | null;
  amendsId?: string | null;
}

/** The ciphertext of the contact's phone is bound to its application row and column. */
export const phoneContext = (cityId: string, id: string) => `sign_application/${cityId}/${id}/contactPhone`;

function parseInput(input: SignApplicationInput) {
  return {
    shopName: publicText(input.shopName, 'shopName', 100),
    address: publicText(input.address, 'address', 200),
    lonLat: parsePoint(input.location, input.crs ?? 'WGS84', 'location').coordinates,
    facade: parseFacade(input.facade),
    contactName: cleanText(input.contactName, 'contactName', 50, true)!,
    contactPhone: parsePhone(input.contactPhone, 'contactPhone'),
    signs: parseSigns(input.signs),
    attachmentIds: parseIds(input.attachmentIds, 'attachmentIds'),
    amendsId: input.amendsId ? parseId(input.amendsId, 'amendsId') : null,
  };
}

function assertTypesAllowed(guide: GuideRow, signs: SignSpec[]): void {
  signs.forEach((s, i) => {
    if (guide.rules.some((r) => r.signType === s.type && r.allowed)) return;
    const n = SIGN_TYPE_NAME[s.type];
    throw badInput(`「${guide.streetName}」的导则不允许设置${n.zh} / the guide of ${guide.streetName} does not allow a ${n.en}`, {
      field: `signs.${i}.type`, reason: 'SIGN_TYPE_FORBIDDEN',
    });
  });
}

/** Where the shop is (its district) and which guide it answers to; typed refusals otherwise. */
async function placeShop(tx: Tx, w: Writer, p: ReturnType<typeof parseInput>): Promise<sql.ShopFields> {
  const cityId = w.viewer.cityId;
  const place = await placeOfPoint(tx, p.lonLat, cityId);
  if (!place) throw badInput('店铺位置超出本市辖区 / the shop lies outside the city\'s districts', { field: 'location', reason: 'OUTSIDE_CITY' });
  const guide = await selectGuide(tx, cityId, await cityToday(tx, cityId, w.now), p.lonLat);
  assertTypesAllowed(guide, p.signs);
  return {
    districtId: place.districtId, guideId: guide.id, shopName: p.shopName, address: p.address, lonLat: p.lonLat,
    facadeWidthM: p.facade.widthM, facadeHeightM: p.facade.heightM, contactName: p.contactName, signs: p.signs, amendsId: p.amendsId,
  };
}

async function assertAmendable(tx: Tx, w: Writer, amendsId: string): Promise<void> {
  const permit = await sql.applicationById(tx, w.viewer.cityId, amendsId);
  if (!permit || permit.applicantId !== w.viewer.accountId) throw notFound('店招许可', 'sign permit', amendsId);
  if (permit.status !== 'APPROVED') throw badInput('只能变更有效的许可 / only an approved permit can be amended', { field: 'amendsId', reason: 'NOT_A_PERMIT' });
}

export async function createSignApplication(db: Database, w: Writer, input: SignApplicationInput): Promise<SignApplicationView> {
  const p = parseInput(input);
  const pii = await piiFor(db);
  const cityId = w.viewer.cityId;
  return inTransaction(db.prisma, async (tx) => {
    if (p.amendsId) await assertAmendable(tx, w, p.amendsId);
    const fields = await placeShop(tx, w, p);
    const id = crypto.randomUUID();
    const row = await sql.insertApplication(tx, cityId, id, w.viewer.accountId, fields, pii.encrypt(p.contactPhone, phoneContext(cityId, id)));
    await attachFiles(tx, cityId, w.viewer.accountId, id, p.attachmentIds);
    await recordAudit(tx, w, { cityId, operation: 'createSignApplication', entityType: 'SignApplication', entityId: id, after: auditView(row) });
    return viewOf(row, await cityToday(tx, cityId, w.now));
  });
}

/** The applicant's own application, locked, in a state they may still change. */
async function ownEditable(tx: Tx, w: Writer, id: string, to: string) {
  const app = await sql.applicationById(tx, w.viewer.cityId, id, true);
  if (!app) throw notFound('店招申请', 'sign application', id);
  signsPolicy.assertOwn(w.viewer, app);
  if (app.status !== 'DRAFT' && app.status !== 'RETURNED') throw invalidTransition(app.status, to);
  return app;
}

export async function updateSignApplication(db: Database, w: Writer, rawId: string, input: SignApplicationInput): Promise<SignApplicationView> {
  const id = parseId(rawId);
  const p = parseInput(input);
  const pii = await piiFor(db);
  const cityId = w.viewer.cityId;
  return inTransaction(db.prisma, async (tx) => {
    const before = await ownEditable(tx, w, id, 'DRAFT');
    if (p.amendsId && p.amendsId !== before.amendsId) throw badInput('不能更改所变更的许可 / the permit being amended cannot change', { field: 'amendsId' });
    const fields = await placeShop(tx, w, { ...p, amendsId: before.amendsId });
    const after = await sql.updateShop(tx, cityId, id, fields, pii.encrypt(p.contactPhone, phoneContext(cityId, id)), w.now);
    await tx.signFile.updateMany({ where: { cityId, applicationId: id, id: { notIn: p.attachmentIds } }, data: { applicationId: null } });
    await attachFiles(tx, cityId, w.viewer.accountId, id, p.attachmentIds);
    await recordAudit(tx, w, { cityId, operation: 'updateSignApplication', entityType: 'SignApplication', entityId: id, before: auditView(before), after: auditView(after) });
    return viewOf(after, await cityToday(tx, cityId, w.now));
  });
}

/** Submit (or resubmit after a return): checked against the guide in force today. */
export async function submitSignApplication(prisma: PrismaClient, w: Writer, rawId: string): Promise<SignApplicationView> {
  const id = parseId(rawId);
  const cityId = w.viewer.cityId;
  return inTransaction(prisma, async (tx) => {
    const before = await ownEditable(tx, w, id, 'SUBMITTED');
    const today = await cityToday(tx, cityId, w.now);
    const lonLat = (before.location as { coordinates: [number, number] }).coordinates;
    const guide = await selectGuide(tx, cityId, today, lonLat);
    const check = checkSigns(guide.rules, { widthM: before.facadeWidthM, heightM: before.facadeHeightM }, before.signs);
    const failed = check.results.filter((r) => !r.passed).length;
    await tx.signApplication.update({
      where: { cityId_id: { cityId, id } },
      data: {
        status: check.compliant ? 'SUBMITTED' : 'RETURNED', guideId: guide.id, compliant: check.compliant,
        compliance: { ...check, streetName: guide.streetName, guideVersion: guide.version } as unknown as Prisma.InputJsonValue,
        reason: check.compliant ? null : `有 ${failed} 项不符合「${guide.streetName}」招牌导则，请按逐条指引修改后再提交 / ${failed} rule(s) of the ${guide.streetName} sign guide not met: correct the design as the guidance says and submit again`,
        submittedAt: w.now, version: { increment: 1 }, updatedAt: w.now,
      },
    });
    const after = (await sql.applicationById(tx, cityId, id))!;
    await recordAudit(tx, w, { cityId, operation: 'submitSignApplication', entityType: 'SignApplication', entityId: id, before: auditView(before), after: auditView(after) });
    return viewOf(after, today);
  });
}
