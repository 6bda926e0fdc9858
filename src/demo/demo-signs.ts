// The demo city's sign permits, written through the signs services (so the demo obeys every rule the API
// enforces): the two street guides, shop owners' accounts, and a dozen applications walked
// through the workflow on their own past dates — drafted, submitted, sent back by the compliance check,
// returned by the officer, in review, approved, near expiry, expired, rejected, revoked. The demo vendor
// (赵秀英, 19900001000) owns 赵记煎饼 on Xiyanchi Street, returned by the check with guidance to correct.
import type { Account } from '@prisma/client';
import type { Database } from '../db/database';
import type { Viewer } from '../graphql/context';
import type { Writer } from '../modules/allocation/allocation.common';
import { recordAudit } from '../modules/audit/audit.service';
import { unusablePassword } from '../modules/vendors/vendors.service';
import { setSignGuide } from '../modules/signs/guides.service';
import { createSignApplication, submitSignApplication } from '../modules/signs/applications.service';
import * as review from '../modules/signs/review.service';
import { DEMO_SHOPS, DEMO_SIGN_GUIDES, type DemoShop } from './demo-signs.data';

const DAY_MS = 86_400_000;
/** A permit's default validity is three years: approved this many days ago, it lapses in ~20 days, or lapsed ~30 days ago. */
const EXPIRING_APPROVED_DAYS_AGO = 3 * 365 - 20;
const EXPIRED_APPROVED_DAYS_AGO = 3 * 365 + 30;

export interface SignSeedContext {
  cityId: string;
  /** demo username → account */
  accounts: Map<string, Account>;
  log: (m: string) => void;
}

const viewerOf = (a: Account, districtIds: string[] = []): Viewer => ({
  accountId: a.id, cityId: a.cityId, username: a.username, role: a.role, districtIds, zoneId: a.zoneId, via: 'session',
});

export async function seedDemoSigns(db: Database, c: SignSeedContext): Promise<void> {
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS);
  const admin: Writer = { viewer: viewerOf(c.accounts.get('admin')!), requestId: 'seed', now: at(0) };
  for (const g of DEMO_SIGN_GUIDES) await setSignGuide(db.prisma, admin, g);
  const officerAccount = c.accounts.get('officer')!;
  const held = await db.prisma.accountDistrict.findMany({ where: { cityId: c.cityId, accountId: officerAccount.id } });
  const officerViewer = viewerOf(officerAccount, held.map((d) => d.districtId));
  const officer = (daysAgo: number): Writer => ({ viewer: officerViewer, requestId: 'seed', now: at(daysAgo) });
  const owners = await seedOwners(db, c, admin);
  for (const [i, shop] of DEMO_SHOPS.entries()) {
    const owner = shop.owner === 'vendor' ? c.accounts.get('vendor')! : owners.get(shop.owner)!;
    const as = (daysAgo: number): Writer => ({ viewer: viewerOf(owner), requestId: 'seed', now: at(daysAgo) });
    await walk(db, shop, i, as, officer);
  }
  c.log(`demo signs: ${DEMO_SIGN_GUIDES.length} street guides, ${DEMO_SHOPS.length} applications`);
}

/**
 * The other shop owners: VENDOR accounts as the demo's own accounts are made, without a stall vendor's
 * profile (they sell nothing on the street, and the vendor directory and its counts stay the stalls').
 * Only the demo vendor is meant to sign in; the others exist to own their applications.
 */
async function seedOwners(db: Database, c: SignSeedContext, admin: Writer): Promise<Map<string, Account>> {
  const owners = new Map<string, Account>();
  for (const [i, shop] of DEMO_SHOPS.entries()) {
    if (shop.owner === 'vendor' || owners.has(shop.owner)) continue;
    const account = await db.prisma.$transaction(async (tx) => {
      const a = await tx.account.create({
        data: { cityId: c.cityId, username: `shop-owner-${i + 1}`, displayName: `店主 ${shop.owner} Shop owner`, role: 'VENDOR', passwordHash: await unusablePassword() },
      });
      await recordAudit(tx, admin, { cityId: c.cityId, operation: 'createAccount', entityType: 'Account', entityId: a.id, after: { ...a, passwordHash: undefined } });
      return a;
    });
    owners.set(shop.owner, account);
  }
  return owners;
}

/** Days before today at which each state's steps happened: [applied, review started, decided]. */
const TIMELINE: Record<DemoShop['state'], [number, number, number]> = {
  DRAFT: [10, 0, 0], RETURNED_BY_CHECK: [3, 0, 0], SUBMITTED: [2, 0, 0], UNDER_REVIEW: [3, 1, 0], RETURNED_BY_OFFICER: [5, 4, 4],
  APPROVED: [60, 58, 55], EXPIRING: [EXPIRING_APPROVED_DAYS_AGO + 5, EXPIRING_APPROVED_DAYS_AGO + 2, EXPIRING_APPROVED_DAYS_AGO],
  EXPIRED: [EXPIRED_APPROVED_DAYS_AGO + 5, EXPIRED_APPROVED_DAYS_AGO + 2, EXPIRED_APPROVED_DAYS_AGO], REJECTED: [20, 19, 18], REVOKED: [400, 398, 395],
};

async function walk(db: Database, shop: DemoShop, i: number, as: (d: number) => Writer, officer: (d: number) => Writer): Promise<void> {
  const [applied, reviewed, decided] = TIMELINE[shop.state];
  const app = await createSignApplication(db, as(applied), {
    shopName: shop.shopName, address: shop.address, location: { type: 'Point', coordinates: shop.point }, facade: shop.facade,
    contactName: shop.owner === 'vendor' ? '赵秀英' : shop.owner, contactPhone: shop.owner === 'vendor' ? '19900001000' : `1990000${2000 + i}`,
    signs: shop.signs,
  });
  if (shop.state === 'DRAFT') return;
  const submitted = await submitSignApplication(db.prisma, as(applied), app.id);
  if (shop.state === 'RETURNED_BY_CHECK' || shop.state === 'SUBMITTED') {
    if (submitted.status !== (shop.state === 'SUBMITTED' ? 'SUBMITTED' : 'RETURNED')) throw new Error(`demo sign ${shop.shopName}: ${submitted.status}`);
    return;
  }
  await review.startSignReview(db.prisma, officer(reviewed), app.id);
  switch (shop.state) {
    case 'UNDER_REVIEW': return;
    case 'RETURNED_BY_OFFICER': await review.returnSignApplication(db.prisma, officer(decided), app.id, shop.reason!); return;
    case 'REJECTED': await review.rejectSignApplication(db.prisma, officer(decided), app.id, shop.reason!); return;
    default: await review.approveSignApplication(db.prisma, officer(decided), app.id);
  }
  if (shop.state === 'REVOKED') await review.revokeSignPermit(db.prisma, officer(30), app.id, shop.reason!);
}
