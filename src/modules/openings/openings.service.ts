// Keeping the open-intervals table true: a zone's signature and pieces are refreshed in the same
// transaction as the change of its rules or exceptions; the whole city when its holiday calendar
// changes; and every city's window is rolled forward by a timer (at most one instance at a time).
import type { PrismaClient } from '@prisma/client';
import type { Db } from '../../db/database';
import { loadRuleContext } from '../rules/evaluate';
import { zonePieces, zoneSignature } from './openings.compute';
import { contextFromStored, type StoredZoneRules } from './openings.stored';
import * as sql from './openings.sql';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The covered window: from two days back (recent questions) to two weeks ahead. */
export const WINDOW_BACK_MS = 2 * DAY_MS;
export const WINDOW_AHEAD_MS = 15 * DAY_MS;
/** A window is rolled forward once it reaches less than this far ahead. */
const ROLL_WHEN_AHEAD_MS = 14 * DAY_MS;

function windowAt(now: number): { from: Date; to: Date } {
  const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
  return { from: new Date(hour - WINDOW_BACK_MS), to: new Date(hour + WINDOW_AHEAD_MS) };
}

async function currentWindow(tx: Db, cityId: string, now: number): Promise<{ from: Date; to: Date }> {
  const w = await sql.openWindow(tx, cityId);
  if (w) return { from: w.validFrom, to: w.validTo };
  const fresh = windowAt(now);
  await sql.setOpenWindow(tx, cityId, fresh.from, fresh.to);
  return fresh;
}

/** Recomputes one zone's signature (and the pieces of a signature no zone had yet). Call inside the change's transaction. */
export async function refreshZoneOpenings(tx: Db, cityId: string, zoneId: string, now = Date.now()): Promise<void> {
  const zone = await sql.zoneState(tx, cityId, zoneId);
  if (!zone || zone.status !== 'ACTIVE' || zone.kind === 'NO_VENDING') {
    await sql.setZoneSignature(tx, cityId, zoneId, null);
    return;
  }
  const ctx = await loadRuleContext(tx, cityId, [zoneId]);
  const signature = zoneSignature(ctx, zoneId);
  if (signature && !(await sql.signatureInUse(tx, cityId, signature))) {
    const w = await currentWindow(tx, cityId, now);
    await sql.putPieces(tx, cityId, signature, zonePieces(ctx, zoneId, w.from.getTime(), w.to.getTime()));
  }
  await sql.setZoneSignature(tx, cityId, zoneId, signature);
}

/**
 * Gives every active vending zone with rules but no signature its signature (zones written before the
 * table existed, or by bulk loads), in batches with a progress line. Returns how many zones it set.
 */
export async function backfillSignatures(prisma: PrismaClient, cityId: string, log: (m: string) => void = () => undefined, now = Date.now()): Promise<number> {
  let done = 0;
  const computed = new Set<string>();
  for (;;) {
    const ids = await sql.zonesWithoutSignature(prisma, cityId, 5000);
    if (ids.length === 0) return done;
    await prisma.$transaction(async (tx) => {
      const zoneIds = ids.map((r) => r.id);
      const ctx = await loadRuleContext(tx, cityId, zoneIds);
      const w = await currentWindow(tx, cityId, now);
      const pairs: [string, string][] = [];
      for (const zoneId of zoneIds) {
        const signature = zoneSignature(ctx, zoneId);
        if (!signature) continue;
        if (!computed.has(signature)) {
          if (!(await sql.signatureInUse(tx, cityId, signature))) {
            await sql.putPieces(tx, cityId, signature, zonePieces(ctx, zoneId, w.from.getTime(), w.to.getTime()));
          }
          computed.add(signature);
        }
        pairs.push([zoneId, signature]);
      }
      await sql.setZoneSignatures(tx, cityId, pairs);
    }, { timeout: 300_000 });
    done += ids.length;
    log(`开放时段预计算 / open intervals: ${done} zones of city ${cityId} given their schedule signature`);
  }
}

/** Recomputes every signature of the city for a window starting now (holiday calendar changed, or the window rolls). */
export async function refreshCityOpenings(tx: Db, cityId: string, now = Date.now()): Promise<void> {
  const w = windowAt(now);
  const reps = await sql.signatureRepresentatives(tx, cityId);
  const ctx = await loadRuleContext(tx, cityId, reps.map((r) => r.zoneId));
  for (const r of reps) {
    await sql.putPieces(tx, cityId, r.signature, zonePieces(ctx, r.zoneId, w.from.getTime(), w.to.getTime()));
  }
  // The published map's hours may be rules no live zone still has: computed from the rules it stored.
  const live = new Set(reps.map((r) => r.signature));
  const published = (await sql.publishedSignatures(tx, cityId, null)).filter((p) => !live.has(p.signature));
  const stored = contextFromStored(ctx, published.map((p) => ({ key: p.signature, rules: p.rules as StoredZoneRules })));
  for (const p of published) {
    await sql.putPieces(tx, cityId, p.signature, zonePieces(stored, p.signature, w.from.getTime(), w.to.getTime()));
  }
  await sql.dropUnusedPieces(tx, cityId);
  await sql.setOpenWindow(tx, cityId, w.from, w.to);
}

/** Rolls forward the window of every city that needs it; one instance at a time (advisory lock). */
export async function rollForward(prisma: PrismaClient, log: (m: string) => void = () => undefined, now = Date.now()): Promise<void> {
  const cities = await sql.citiesToRoll(prisma, new Date(now + ROLL_WHEN_AHEAD_MS));
  for (const { cityId } of cities) {
    await prisma.$transaction(async (tx) => {
      const got = await sql.tryRollLock(tx, cityId);
      if (got) await refreshCityOpenings(tx, cityId, now);
    }, { timeout: 120_000 });
    log(`开放时段窗口已前移 / open-interval window rolled forward for city ${cityId}`);
  }
  const all = await prisma.city.findMany({ select: { id: true } });
  for (const c of all) await backfillSignatures(prisma, c.id, log, now);
}

/** The timer that keeps windows ahead of the clock; unref'd so it never holds the process open. */
export function startRollTimer(prisma: PrismaClient, log: (m: string) => void, onError: (e: unknown) => void): () => void {
  const timer = setInterval(() => { rollForward(prisma, log).catch(onError); }, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Makes sure the open intervals of a published version's signatures are in the table (a republished
 * old version's may have been dropped), computing missing ones from the rules the version stored.
 */
export async function ensurePublishedPieces(tx: Db, cityId: string, version: number, now = Date.now()): Promise<void> {
  const published = await sql.publishedSignatures(tx, cityId, version);
  const present = await sql.signaturesWithPieces(tx, cityId, published.map((p) => p.signature));
  const missing = published.filter((p) => !present.has(p.signature));
  if (missing.length === 0) return;
  const w = await currentWindow(tx, cityId, now);
  const stored = contextFromStored(await loadRuleContext(tx, cityId, []), missing.map((p) => ({ key: p.signature, rules: p.rules as StoredZoneRules })));
  for (const p of missing) {
    await sql.putPieces(tx, cityId, p.signature, zonePieces(stored, p.signature, w.from.getTime(), w.to.getTime()));
  }
}
