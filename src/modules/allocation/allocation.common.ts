// What every allocation service shares: who is writing and when, one transaction per write, and
// the database's constraint verdicts turned into typed CONFLICT errors.
import type { Prisma, PrismaClient } from '@prisma/client';
import type { Viewer } from '../../graphql/context';
import { conflict, databaseErrorText, sqlState, type ApiError } from '../../graphql/errors';
import type { Actor } from '../audit/audit.service';
import { localDate } from '../../schedule/schedule.time';

/** A signed-in writer, and the instant the service takes as "now" (the request's clock). */
export type Writer = Actor & { viewer: Viewer; now: Date };

/** The city's calendar date of an instant: periods are local dates. */
export function todayIn(timeZone: string, now: Date): string {
  return localDate(now.getTime(), timeZone);
}

/**
 * Approvals of one hot spot queue behind each other on the exclusion constraint (and, embedded, on
 * PGlite's one connection), so a transaction may wait longer to start than Prisma's 2 s default.
 */
const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const;

export async function inTransaction<T>(prisma: PrismaClient, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(fn, TX_OPTIONS);
  } catch (e) {
    throw constraintConflict(e) ?? e;
  }
}

/**
 * The constraints that decide races: the database, not a read before the write, refuses a spot
 * booked twice, a vendor's second live assignment in a zone and a second application to a round.
 * PGlite hides the SQLSTATE behind "Code: N/A", so the constraint's name in the text decides too.
 */
export function constraintConflict(e: unknown): ApiError | null {
  const state = sqlState(e);
  const text = databaseErrorText(e);
  if (text.includes('assignment_no_double_booking')) {
    return conflict('该摊位在所选期间已被分配 / the spot is already assigned for some of these days', { reason: 'SPOT_TAKEN' });
  }
  if (text.includes('assignment_one_per_vendor_zone')) {
    return conflict('该摊主在此区域的同一期间已有摊位 / the vendor already holds a spot in this zone for some of these days', {
      reason: 'VENDOR_ALREADY_ASSIGNED',
    });
  }
  if (text.includes('application_one_per_round')) {
    return conflict('已申请过本轮分配 / you have already applied in this round', { reason: 'ALREADY_APPLIED' });
  }
  if (state === '23P01') {
    return conflict('与已有分配冲突 / conflicts with an existing assignment', { reason: 'SPOT_TAKEN' });
  }
  return null;
}
