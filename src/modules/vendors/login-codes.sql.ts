// The login_code table: one row per phone of a city, keyed by the phone's HMAC (never the number),
// holding the HMAC of the code last sent, its expiry, the send time (for the one-a-minute limit), the
// wrong tries and a lock, if one is in force. Issuing is one statement, so two requests racing for the same phone
// cannot both send a code; checking locks the row until its transaction ends, so a code is used once.
import type { Db } from '../../db/database';

export interface CodeRow {
  codeHash: string | null;
  expiresAt: Date | null;
  sentAt: Date;
  failures: number;
  lockedUntil: Date | null;
}

export interface IssueCode {
  cityId: string;
  phoneHmac: string;
  codeHash: string;
  now: Date;
  expiresAt: Date;
  /** A code may be sent again only if the last one went out at or before this. */
  resendFloor: Date;
  /** Wrong tries of codes sent at or before this are forgotten with the next code. */
  failureFloor: Date;
}

/**
 * Stores a new code unless the phone had one within the minute or is locked; returns whether it did.
 * A new code does not forgive recent wrong tries (asking for a code a minute must not buy five more
 * guesses each time); tries older than the failure window, or before a lock that has run out, are.
 */
export async function issueCode(db: Db, c: IssueCode): Promise<boolean> {
  const rows = await db.$queryRaw<{ sentAt: Date }[]>`
    INSERT INTO login_code AS c (city_id, phone_hmac, code_hash, expires_at, sent_at, failures, locked_until)
    VALUES (${c.cityId}::uuid, ${c.phoneHmac}, ${c.codeHash}, ${c.expiresAt}::timestamptz, ${c.now}::timestamptz, 0, NULL)
    ON CONFLICT (city_id, phone_hmac) DO UPDATE SET
      code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, sent_at = EXCLUDED.sent_at,
      failures = CASE WHEN c.sent_at <= ${c.failureFloor}::timestamptz OR c.locked_until IS NOT NULL THEN 0 ELSE c.failures END,
      locked_until = NULL
    WHERE c.sent_at <= ${c.resendFloor}::timestamptz AND (c.locked_until IS NULL OR c.locked_until <= ${c.now}::timestamptz)
    RETURNING c.sent_at AS "sentAt"`;
  return rows.length === 1;
}

/** The phone's row; with `lock`, locked until the transaction ends. */
export async function codeRow(db: Db, cityId: string, phoneHmac: string, lock = false): Promise<CodeRow | null> {
  const rows = lock
    ? await db.$queryRaw<CodeRow[]>`SELECT code_hash AS "codeHash", expires_at AS "expiresAt", sent_at AS "sentAt", failures,
        locked_until AS "lockedUntil" FROM login_code WHERE city_id = ${cityId}::uuid AND phone_hmac = ${phoneHmac} FOR UPDATE`
    : await db.$queryRaw<CodeRow[]>`SELECT code_hash AS "codeHash", expires_at AS "expiresAt", sent_at AS "sentAt", failures,
        locked_until AS "lockedUntil" FROM login_code WHERE city_id = ${cityId}::uuid AND phone_hmac = ${phoneHmac}`;
  return rows[0] ?? null;
}

/**
 * Counts a wrong code; the try that reaches `maxFailures` locks the phone until `lockUntil` and voids
 * the code, so the right code does not work during the lock or after it. Returns the lock, or null.
 */
export async function countWrongCode(
  db: Db, cityId: string, phoneHmac: string, maxFailures: number, lockUntil: Date,
): Promise<Date | null> {
  const rows = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    UPDATE login_code SET failures = failures + 1,
      locked_until = CASE WHEN failures + 1 >= ${maxFailures}::int THEN ${lockUntil}::timestamptz ELSE locked_until END,
      code_hash = CASE WHEN failures + 1 >= ${maxFailures}::int THEN NULL ELSE code_hash END,
      expires_at = CASE WHEN failures + 1 >= ${maxFailures}::int THEN NULL ELSE expires_at END
    WHERE city_id = ${cityId}::uuid AND phone_hmac = ${phoneHmac}
    RETURNING locked_until AS "lockedUntil"`;
  return rows[0]?.lockedUntil ?? null;
}

/** The code was right: it cannot be used again, and the wrong tries are forgiven. The send time stays. */
export async function consumeCode(db: Db, cityId: string, phoneHmac: string): Promise<void> {
  await db.$executeRaw`UPDATE login_code SET code_hash = NULL, expires_at = NULL, failures = 0, locked_until = NULL
    WHERE city_id = ${cityId}::uuid AND phone_hmac = ${phoneHmac}`;
}

/** Rows of a city that no longer limit anything: sent long ago and not locked. */
export async function pruneCodes(db: Db, cityId: string, sentBefore: Date, now: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM login_code WHERE city_id = ${cityId}::uuid AND sent_at < ${sentBefore}::timestamptz
    AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)`;
}
