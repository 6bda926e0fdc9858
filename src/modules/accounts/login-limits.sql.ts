// The sign-in throttle table (login_throttle). Every change is one statement on one row, so several
// instances of the service counting attempts for the same key at once never lose a count.
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/database';

export interface ThrottleState {
  /** attempts counted in the current window, this one included */
  failures: number;
  lockedUntil: Date | null;
}

export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/**
 * Counts one attempt against `key` and returns the state after it. A key starts afresh (count 1, a new
 * window) when its window has passed with no lock, or when its lock has run out. The attempt that goes
 * over `maxFailures` within a window locks the key for `lockSeconds`; attempts during a lock are
 * counted but do not extend it.
 */
export async function countAttempt(db: Db, key: string, now: Date, rule: ThrottleRule): Promise<ThrottleState> {
  const windowFloor = new Date(now.getTime() - rule.windowSeconds * 1000);
  const lockUntil = new Date(now.getTime() + rule.lockSeconds * 1000);
  const fresh = Prisma.sql`(CASE WHEN t.locked_until IS NULL THEN t.window_start <= ${windowFloor}::timestamptz
    ELSE t.locked_until <= ${now}::timestamptz END)`;
  const rows = await db.$queryRaw<ThrottleState[]>`
    INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
    VALUES (${key}, 1, ${now}::timestamptz, CASE WHEN 1 > ${rule.maxFailures}::int THEN ${lockUntil}::timestamptz END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN ${fresh} THEN ${now}::timestamptz ELSE t.window_start END,
      locked_until = CASE
        WHEN t.locked_until > ${now}::timestamptz THEN t.locked_until
        WHEN NOT ${fresh} AND t.failures + 1 > ${rule.maxFailures}::int THEN ${lockUntil}::timestamptz
        ELSE NULL END
    RETURNING failures, locked_until AS "lockedUntil"`;
  return rows[0];
}

/** Takes back one counted attempt: it succeeded, or it was refused for another key's lock. */
export async function uncountAttempt(db: Db, key: string): Promise<void> {
  await db.$executeRaw`UPDATE login_throttle SET failures = GREATEST(failures - 1, 0) WHERE key = ${key}`;
}

/** Forgets a key: its count and any lock. */
export async function clearKey(db: Db, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM login_throttle WHERE key = ${key}`;
}

/** Deletes rows that no longer count: their window has passed and no lock is in force. */
export async function pruneThrottle(db: Db, now: Date, windowSeconds: number): Promise<number> {
  const windowFloor = new Date(now.getTime() - windowSeconds * 1000);
  return db.$executeRaw`DELETE FROM login_throttle
    WHERE window_start <= ${windowFloor}::timestamptz AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)`;
}
