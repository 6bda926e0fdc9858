// The demo city's stalls, written through the services themselves (so the demo obeys every rule the
// API enforces): spots in every vending zone, three dozen vendors with verified priority categories, a
// finished allocation round at the Yihe night market with its published draw, approved assignments,
// applications waiting for review, and check-ins at the zones open right now. The round is run as it
// would have been in the past two weeks: opened ten days ago, applied for, drawn after its deadline.
import type { Account, PrismaClient } from '@prisma/client';
import type { Database } from '../db/database';
import type { Viewer } from '../graphql/context';
import { ApiError } from '../graphql/errors';
import type { Writer } from '../modules/allocation/allocation.common';
import { applyForSpot } from '../modules/allocation/applications.service';
import { checkIn } from '../modules/allocation/check-in.service';
import { approveApplication, returnApplication } from '../modules/allocation/review.service';
import { drawAllocationRound, openAllocationRound } from '../modules/allocation/rounds.service';
import { createSpotsGrid } from '../modules/spots/spots.bulk';
import { idNumberCheckChar, parsePhone } from '../modules/vendors/pii-format';
import { piiFor } from '../modules/vendors/pii';
import { insertProfile, insertVendor, setPriority, unusablePassword } from '../modules/vendors/vendors.service';
import { addDays, localDate } from '../schedule/schedule.time';
import { DEMO_ROUND, DEMO_SPOT_LAYOUT, DEMO_VENDORS, type DemoVendor } from './demo-stalls.data';

const DAY_MS = 86_400_000;

export interface StallSeedContext {
  cityId: string;
  timeZone: string;
  /** demo zone key → { id, kind } */
  zones: Map<string, { id: string; kind: string }>;
  /** demo username → account */
  accounts: Map<string, Account>;
  log: (m: string) => void;
}

const viewerOf = (a: Account, districtIds: string[] = []): Viewer => ({
  accountId: a.id, cityId: a.cityId, username: a.username, role: a.role, districtIds, zoneId: a.zoneId, via: 'session',
});

export async function seedDemoStalls(db: Database, c: StallSeedContext): Promise<void> {
  const now = new Date();
  const today = localDate(now.getTime(), c.timeZone);
  const admin: Writer = { viewer: viewerOf(c.accounts.get('admin')!), requestId: 'seed', now };
  const { spots, centres } = await seedSpots(db.prisma, c, admin);
  const vendors = await seedVendors(db, c, admin);
  // The demo vendor 赵秀英 holds spot 1 of the night market for the season, approved a month ago.
  const market = c.zones.get(DEMO_ROUND.zoneKey)!.id;
  const zhao = vendors[0];
  const monthAgo: Writer = { ...admin, now: new Date(now.getTime() - 30 * DAY_MS) };
  const own = await applyForSpot(db.prisma, { ...vendorWriter(zhao, monthAgo.now) }, {
    zoneId: market, spotId: spots.get(market)![0], businessType: 'food.snacks',
    startsOn: addDays(today, -29), endsOn: addDays(today, 150), note: '煎饼果子，自带灭火器 / pancakes, own fire extinguisher',
  });
  await approveApplication(db.prisma, monthAgo, own.id);
  const bidders = vendors.flatMap((v, i) => (i > 0 && DEMO_VENDORS[i].zoneKey === DEMO_ROUND.zoneKey ? [{ account: v, demo: DEMO_VENDORS[i] }] : []));
  await seedRound(db.prisma, c, admin, spots.get(market)!, bidders, today);
  await seedOtherApplications(db.prisma, c, admin, spots, vendors, today);
  await seedCheckIns(db.prisma, c, centres, now);
}

function vendorWriter(v: Account, now: Date): Writer {
  return { viewer: viewerOf(v), requestId: 'seed', now };
}

/** A grid of stalls in every vending zone, as the bureau would draw them: zone id → spot ids by number, and each spot's centre. */
async function seedSpots(prisma: PrismaClient, c: StallSeedContext, w: Writer) {
  const spots = new Map<string, string[]>();
  const centres = new Map<string, unknown>();
  for (const { id, kind } of c.zones.values()) {
    const layout = DEMO_SPOT_LAYOUT[kind];
    if (!layout || spots.has(id)) continue;
    const batch = await createSpotsGrid(prisma, w, { zoneId: id, ...layout, bearingDeg: 0 }, false);
    spots.set(id, batch.spots.map((s) => s.id!));
    for (const s of batch.spots) centres.set(s.id!, s.geometry);
  }
  c.log(`demo stalls: ${centres.size} spots in ${spots.size} zones`);
  return { spots, centres };
}

function idNumber(v: DemoVendor): string {
  return v.idFirst17 + idNumberCheckChar(v.idFirst17);
}

/** The vendors: the demo account `vendor` gets the first profile; priorities verified by the demo officer. */
async function seedVendors(db: Database, c: StallSeedContext, w: Writer): Promise<Account[]> {
  const pii = await piiFor(db);
  const officer: Writer = { ...w, viewer: viewerOf(c.accounts.get('officer')!) };
  const accounts: Account[] = [];
  for (const [i, v] of DEMO_VENDORS.entries()) {
    const seed = { name: v.name, phone: parsePhone(v.phone), idNumber: idNumber(v), businessTypes: v.businessTypes };
    const account = await db.prisma.$transaction(async (tx) => {
      if (i > 0) return (await insertVendor(tx, pii, w, c.cityId, seed, await unusablePassword(), 'registerVendor')).account;
      const demo = c.accounts.get('vendor')!;
      await insertProfile(tx, pii, c.cityId, demo.id, seed);
      return demo;
    });
    for (const p of v.priorities) await setPriority(db, officer, account.id, p.category, p.evidenceRef);
    accounts.push(account);
  }
  c.log(`demo stalls: ${accounts.length} vendors`);
  return accounts;
}

/** Opened ten days ago with a deadline three days ago, applied for by the market's vendors, drawn now. */
async function seedRound(
  prisma: PrismaClient, c: StallSeedContext, admin: Writer, spotIds: string[], applicants: { account: Account; demo: DemoVendor }[], today: string,
) {
  const opened: Writer = { ...admin, now: new Date(admin.now.getTime() - 10 * DAY_MS) };
  const round = await openAllocationRound(prisma, opened, {
    zoneId: c.zones.get(DEMO_ROUND.zoneKey)!.id, spotIds: spotIds.slice(1, 1 + DEMO_ROUND.spots),
    startsOn: addDays(today, -2), endsOn: addDays(today, 88), deadline: new Date(admin.now.getTime() - 3 * DAY_MS),
  });
  for (const [i, { account, demo }] of applicants.entries()) {
    await applyForSpot(prisma, vendorWriter(account, new Date(opened.now.getTime() + (i + 1) * 3_600_000)), {
      zoneId: round.zoneId, roundId: round.id, businessType: demo.businessTypes[0],
      startsOn: addDays(today, -2), endsOn: addDays(today, 88),
    });
  }
  await drawAllocationRound(prisma, admin, round.id);
  c.log(`demo stalls: allocation round drawn, ${applicants.length} applicants for ${DEMO_ROUND.spots} spots`);
}

/** In the other zones: some vendors approved, some waiting for review, one returned for more papers. */
async function seedOtherApplications(prisma: PrismaClient, c: StallSeedContext, admin: Writer, spots: Map<string, string[]>, vendors: Account[], today: string) {
  const used = new Map<string, number>();
  for (const [i, v] of vendors.entries()) {
    const d = DEMO_VENDORS[i];
    if (d.zoneKey === DEMO_ROUND.zoneKey) continue;
    const zoneId = c.zones.get(d.zoneKey)!.id;
    const k = used.get(zoneId) ?? 0;
    used.set(zoneId, k + 1);
    const spotId = spots.get(zoneId)?.[k];
    if (!spotId) continue;
    const app = await applyForSpot(prisma, vendorWriter(v, new Date(admin.now.getTime() - 7 * DAY_MS)), {
      zoneId, spotId, businessType: d.businessTypes[0], startsOn: addDays(today, k % 3 === 2 ? 3 : -6), endsOn: addDays(today, 120),
    });
    if (k % 3 === 0) await approveApplication(prisma, { ...admin, now: new Date(admin.now.getTime() - 6 * DAY_MS) }, app.id);
    else if (k % 5 === 4) await returnApplication(prisma, admin, app.id, '请补充健康证明 / please add a health certificate');
  }
}

/** Vendors at their spots in the zones open now (none when every zone is closed at seeding time). */
async function seedCheckIns(prisma: PrismaClient, c: StallSeedContext, centres: Map<string, unknown>, now: Date) {
  const live = await prisma.assignment.findMany({ where: { cityId: c.cityId, status: 'ACTIVE' }, orderBy: { createdAt: 'asc' } });
  let done = 0;
  for (const [i, a] of live.entries()) {
    if (i % 3 === 2) continue; // not everyone has come out
    const vendor = await prisma.account.findFirstOrThrow({ where: { cityId: c.cityId, id: a.vendorId } });
    try {
      await checkIn(prisma, vendorWriter(vendor, now), a.id, centres.get(a.spotId));
      done++;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e; // closed now, or not yet started: no check-in
    }
  }
  c.log(`demo stalls: ${done} vendors checked in now`);
}
