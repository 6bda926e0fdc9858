// What the open-intervals table holds for a zone, computed from its rule versions, exceptions and the
// city's holiday calendar by the pure schedule module. Zones whose rules are the same (same versions,
// windows, business types and exceptions) share a signature, and with it one set of intervals: a city
// of 20,000 zones on a handful of rule templates stores a handful of templates' intervals.
import crypto from 'node:crypto';
import { dateOnly, scheduleOf, type RuleContext } from '../rules/evaluate';
import { compileSchedule, openIntervals } from '../../schedule/schedule.plan';
import { localInstant } from '../../schedule/schedule.time';

/** Pieces are cut to at most a day, so "open at T" reads only pieces that start within the 24 h before T. */
export const MAX_PIECE_MS = 24 * 3_600_000;

export interface OpenPiece {
  start: number;
  end: number;
  allowAll: boolean;
  allowed: string[];
}

/** A digest of everything that decides when a zone is open and for what; null for a zone with no rules. */
export function zoneSignature(ctx: RuleContext, zoneId: string): string | null {
  const versions = ctx.versions.get(zoneId) ?? [];
  if (versions.length === 0) return null;
  const canonical = JSON.stringify({
    tz: ctx.timeZone,
    v: versions.map((v) => [dateOnly(v.effectiveFrom), v.schedule, v.allowAllBusinessTypes, [...v.allowedBusinessTypes].sort()]),
    c: (ctx.closures.get(zoneId) ?? []).map((r) => [r.from, r.to]).sort(),
    o: (ctx.openings.get(zoneId) ?? []).map((r) => [r.from, r.to]).sort(),
  });
  return crypto.createHash('sha256').update(canonical).digest('base64url').slice(0, 32);
}

/**
 * The zone's open intervals within [from, to). The version in force on a local date governs that date,
 * exactly as zoneStateAt reads it, so the table and the rules answer alike (a property test checks it).
 */
export function zonePieces(ctx: RuleContext, zoneId: string, from: number, to: number): OpenPiece[] {
  const versions = ctx.versions.get(zoneId) ?? [];
  const out: OpenPiece[] = [];
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i];
    const start = Math.max(from, localInstant(dateOnly(v.effectiveFrom), 0, ctx.timeZone));
    const end = Math.min(to, i + 1 < versions.length ? localInstant(dateOnly(versions[i + 1].effectiveFrom), 0, ctx.timeZone) : Infinity);
    if (end <= start) continue;
    const compiled = compileSchedule(scheduleOf(ctx, zoneId, v.schedule));
    for (const span of openIntervals(compiled, ctx.calendar, start, end)) {
      for (let s = span.start; s < span.end; s += MAX_PIECE_MS) {
        out.push({ start: s, end: Math.min(span.end, s + MAX_PIECE_MS), allowAll: v.allowAllBusinessTypes, allowed: [...v.allowedBusinessTypes].sort() });
      }
    }
  }
  return out;
}
