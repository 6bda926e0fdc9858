// Sign-in throttling against password guessing, shared by every instance of the service through the
// database (login_throttle), so running several processes does not multiply an attacker's guesses.
//
// Policy:
// - per username: the 6th attempt within 15 minutes after 5 that did not succeed is refused, and so is
//   every attempt for the next 15 minutes (whatever the password, so a guess cannot be confirmed during
//   the lock); a successful sign-in clears the username's count;
// - per client address: the same with 30 attempts, across all usernames (password spraying);
// - refused with TOO_MANY_REQUESTS and `retryAfterSeconds`. The answer is the same whether the username
//   exists or not: the count is kept for the name as typed, existing or not.
// An attempt is counted before its password is checked and taken back when it succeeds, so many
// parallel guesses cannot all slip in before the first failure is written. Throttle rows are
// bookkeeping, not the bureau's records: they are not audited. Locks and counts use the service's
// clock (injectable for tests), so instances need synchronised clocks (NTP), as for token expiry.
import net from 'node:net';
import type { Db } from '../../db/database';
import { ApiError } from '../../graphql/errors';
import { clearKey, countAttempt, pruneThrottle, uncountAttempt, type ThrottleRule, type ThrottleState } from './login-limits.sql';

export const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;
export const USERNAME_MAX_FAILURES = 5;
export const ADDRESS_MAX_FAILURES = 30;

export const USERNAME_RULE: ThrottleRule = { maxFailures: USERNAME_MAX_FAILURES, windowSeconds: FAILURE_WINDOW_SECONDS, lockSeconds: LOCK_SECONDS };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: ADDRESS_MAX_FAILURES, windowSeconds: FAILURE_WINDOW_SECONDS, lockSeconds: LOCK_SECONDS };

/** Stale rows are deleted at most this often per instance. */
const PRUNE_EVERY_MS = 5 * 60_000;

export type Clock = () => Date;

/** An attempt counted against both keys, to settle once the password has been checked. */
export interface Attempt {
  userKey: string;
  addressKey: string;
}

export const usernameKey = (username: string) => `u:${username}`;

/**
 * The throttle key of a client address. An IPv6 client usually holds a whole /64 and can pick any
 * address in it, so IPv6 addresses count per /64; IPv4-mapped IPv6 addresses count as the IPv4 address.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  if (!net.isIPv6(ip)) return `ip:${ip.slice(0, 64)}`;
  const [head, tail] = ip.split('%')[0].toLowerCase().split('::') as [string, string | undefined];
  // An embedded IPv4 tail ("64:ff9b::1.2.3.4") stands for two groups.
  const groups = (s: string | undefined) => (s ? s.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const h = groups(head);
  const t = groups(tail);
  const full = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `ip:${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

export function tooManyAttempts(retryAfterSeconds: number): ApiError {
  return new ApiError(
    'TOO_MANY_REQUESTS',
    `登录尝试过多，请 ${retryAfterSeconds} 秒后再试 / too many sign-in attempts: try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}

export class LoginLimiter {
  private lastPrune = 0;

  constructor(private readonly db: Db, private readonly now: Clock) {}

  /** Counts an attempt for the username and the address; TOO_MANY_REQUESTS while either is locked. */
  async begin(username: string, clientIp: string): Promise<Attempt> {
    const now = this.now();
    await this.pruneNowAndThen(now);
    const attempt = { userKey: usernameKey(username), addressKey: addressKey(clientIp) };
    const user = await countAttempt(this.db, attempt.userKey, now, USERNAME_RULE);
    if (isLocked(user, now)) throw tooManyAttempts(secondsUntil(user.lockedUntil!, now));
    const address = await countAttempt(this.db, attempt.addressKey, now, ADDRESS_RULE);
    if (isLocked(address, now)) {
      // The password is not checked, so this attempt tells nothing about the username: do not count it there.
      await uncountAttempt(this.db, attempt.userKey);
      throw tooManyAttempts(secondsUntil(address.lockedUntil!, now));
    }
    return attempt;
  }

  /** The password was right: the username starts afresh and the address gets its attempt back. */
  async succeeded(attempt: Attempt, db: Db = this.db): Promise<void> {
    await clearKey(db, attempt.userKey);
    await uncountAttempt(db, attempt.addressKey);
  }

  /** Lifts a username's count and lock (an administrator has just reset its password). */
  async clearUsername(username: string, db: Db = this.db): Promise<void> {
    await clearKey(db, usernameKey(username));
  }

  private async pruneNowAndThen(now: Date): Promise<void> {
    if (Math.abs(now.getTime() - this.lastPrune) < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await pruneThrottle(this.db, now, FAILURE_WINDOW_SECONDS);
  }
}

const isLocked = (s: ThrottleState, now: Date) => s.lockedUntil !== null && s.lockedUntil > now;

const secondsUntil = (t: Date, now: Date) => Math.max(1, Math.ceil((t.getTime() - now.getTime()) / 1000));
