// Phone sign-in for vendors: a 6-digit code by text message, valid 5 minutes, used once. At most one
// code a minute per phone; five wrong codes lock the phone for 15 minutes (even the right code is then
// refused, and the code is void). The first successful sign-in of an unknown phone creates its VENDOR
// account. The answers never tell whether a phone is known: a code is sent to every valid number, and
// the limits count per phone whether or not a vendor has it. Codes are stored as an HMAC bound to the
// phone's digest, so a copy of the table gives neither codes nor numbers. Like password throttling,
// code rows are bookkeeping, not the bureau's records: only the account a first sign-in creates is
// audited. Times come from the service's clock (AuthService.now), which tests move instead of sleeping.
import crypto from 'node:crypto';
import type { Account } from '@prisma/client';
import type { Database } from '../../db/database';
import { ApiError, badInput } from '../../graphql/errors';
import type { AuthService } from '../accounts/auth.service';
import { Pii, piiFor } from './pii';
import { parsePhone } from './pii-format';
import { sendSms, type SmsSender } from './sms';
import { countAttempt, type ThrottleRule } from '../accounts/login-limits.sql';
import { addressKey, FAILURE_WINDOW_SECONDS as LOGIN_WINDOW_SECONDS } from '../accounts/login-limits';
import { codeRow, consumeCode, countWrongCode, issueCode, pruneCodes } from './login-codes.sql';
import { insertVendor, onUniqueViolation, unusablePassword } from './vendors.service';

export const CODE_TTL_SECONDS = 5 * 60;
export const RESEND_SECONDS = 60;
export const MAX_WRONG_CODES = 5;
export const CODE_LOCK_SECONDS = 15 * 60;
/** Wrong tries are remembered across codes for this long, so new codes do not buy new guesses. */
export const FAILURE_WINDOW_SECONDS = 15 * 60;
const PRUNE_AFTER_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 5 * 60_000;

const later = (t: Date, seconds: number) => new Date(t.getTime() + seconds * 1000);
const secondsUntil = (t: Date, now: Date) => Math.max(1, Math.ceil((t.getTime() - now.getTime()) / 1000));

/**
 * Codes one client address may ask for in the throttle's 15-minute window, whatever the phones: each
 * text costs the bureau money, and a script must not send thousands. Generous for a market's shared
 * Wi-Fi; the lock, once reached, lasts the window.
 */
export const ADDRESS_CODES_PER_WINDOW = 20;
const ADDRESS_CODE_RULE: ThrottleRule = { maxFailures: ADDRESS_CODES_PER_WINDOW, windowSeconds: LOGIN_WINDOW_SECONDS, lockSeconds: LOGIN_WINDOW_SECONDS };

const TOO_MANY: Record<'CODE_LOCKED' | 'CODE_RESEND_TOO_SOON' | 'CODE_ADDRESS_LIMIT', (s: number) => string> = {
  CODE_LOCKED: (s) => `验证码错误次数过多，请 ${s} 秒后再试 / too many wrong codes: try again in ${s} s`,
  CODE_RESEND_TOO_SOON: (s) => `验证码发送过于频繁，请 ${s} 秒后再试 / a code was sent less than a minute ago: try again in ${s} s`,
  CODE_ADDRESS_LIMIT: (s) => `本网络请求验证码过多，请 ${s} 秒后再试 / too many codes asked from this network: try again in ${s} s`,
};

export function tooManyCodes(reason: keyof typeof TOO_MANY, retryAfterSeconds: number): ApiError {
  return new ApiError('TOO_MANY_REQUESTS', TOO_MANY[reason](retryAfterSeconds), { reason, retryAfterSeconds });
}

export const WRONG_CODE = '验证码错误或已过期 / wrong or expired code';

async function cityIdOf(db: Database, code: string): Promise<string> {
  const city = await db.prisma.city.findUnique({ where: { code: code.trim() }, select: { id: true } });
  if (!city) throw badInput('未知的城市代码 / unknown city code', { field: 'city', reason: 'UNKNOWN_CITY' });
  return city.id;
}

const codeDigest = (pii: Pii, phoneHmac: string, code: string) => pii.hmac('loginCode', `${phoneHmac}:${code}`);

export function codeText(code: string): string {
  return `【便民】登录验证码 ${code}，5 分钟内有效，请勿告诉他人。/ Bianmin sign-in code ${code}, valid 5 minutes.`;
}

const lastPrune = new Map<string, number>();

export async function requestLoginCode(db: Database, now: Date, sms: SmsSender, cityCode: string, rawPhone: string, clientIp = 'unknown') {
  const cityId = await cityIdOf(db, cityCode);
  const phone = parsePhone(rawPhone);
  // Counted in the table sign-in throttling uses (shared by every instance, pruned with it).
  const fromAddress = await countAttempt(db.prisma, `sms:${addressKey(clientIp)}`, now, ADDRESS_CODE_RULE);
  if (fromAddress.lockedUntil && fromAddress.lockedUntil > now) throw tooManyCodes('CODE_ADDRESS_LIMIT', secondsUntil(fromAddress.lockedUntil, now));
  const pii = await piiFor(db);
  const phoneHmac = pii.hmac('phone', phone);
  if (Math.abs(now.getTime() - (lastPrune.get(cityId) ?? 0)) >= PRUNE_EVERY_MS) {
    lastPrune.set(cityId, now.getTime());
    await pruneCodes(db.prisma, cityId, new Date(now.getTime() - PRUNE_AFTER_MS), now);
  }
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = later(now, CODE_TTL_SECONDS);
  const issued = await issueCode(db.prisma, {
    cityId, phoneHmac, codeHash: codeDigest(pii, phoneHmac, code), now, expiresAt,
    resendFloor: later(now, -RESEND_SECONDS), failureFloor: later(now, -FAILURE_WINDOW_SECONDS),
  });
  if (!issued) {
    const row = await codeRow(db.prisma, cityId, phoneHmac);
    if (row?.lockedUntil && row.lockedUntil > now) throw tooManyCodes('CODE_LOCKED', secondsUntil(row.lockedUntil, now));
    throw tooManyCodes('CODE_RESEND_TOO_SOON', row ? secondsUntil(later(row.sentAt, RESEND_SECONDS), now) : 1);
  }
  await sendSms(sms, phone, codeText(code));
  return { expiresAt, resendAfterSeconds: RESEND_SECONDS };
}

type Outcome = { kind: 'ok'; account: Account } | { kind: 'wrong' } | { kind: 'locked'; until: Date } | { kind: 'inactive' };

/**
 * Checks the code and signs in. The check and its bookkeeping commit together and before a refusal
 * is thrown, so a wrong try is counted even though the answer is an error.
 */
export async function loginWithCode(db: Database, auth: AuthService, requestId: string | null, cityCode: string, rawPhone: string, code: string) {
  const cityId = await cityIdOf(db, cityCode);
  const phone = parsePhone(rawPhone);
  if (!/^\d{6}$/.test(code)) throw badInput('验证码为 6 位数字 / the code is 6 digits', { field: 'code', reason: 'INVALID_CODE_FORMAT' });
  const pii = await piiFor(db);
  const phoneHmac = pii.hmac('phone', phone);
  const now = auth.now();
  const outcome = await onUniqueViolation(db.prisma.$transaction(async (tx): Promise<Outcome> => {
    const row = await codeRow(tx, cityId, phoneHmac, true);
    if (row?.lockedUntil && row.lockedUntil > now) return { kind: 'locked', until: row.lockedUntil };
    // No live code: nothing to guess, so nothing is counted.
    if (!row?.codeHash || !row.expiresAt || row.expiresAt <= now) return { kind: 'wrong' };
    if (!Pii.sameDigest(row.codeHash, codeDigest(pii, phoneHmac, code))) {
      await countWrongCode(tx, cityId, phoneHmac, MAX_WRONG_CODES, later(now, CODE_LOCK_SECONDS));
      return { kind: 'wrong' };
    }
    await consumeCode(tx, cityId, phoneHmac);
    const profile = await tx.vendorProfile.findUnique({ where: { cityId_phoneHmac: { cityId, phoneHmac } }, select: { accountId: true } });
    const account = profile
      ? await tx.account.findUniqueOrThrow({ where: { cityId_id: { cityId, id: profile.accountId } } })
      : (await insertVendor(tx, pii, { self: true, requestId }, cityId, { name: `摊主${phone.slice(-4)}`, phone, idNumber: null, businessTypes: [] },
        await unusablePassword(), 'signUpWithCode')).account;
    return account.active ? { kind: 'ok', account } : { kind: 'inactive' };
  }));
  switch (outcome.kind) {
    case 'locked': throw tooManyCodes('CODE_LOCKED', secondsUntil(outcome.until, now));
    case 'wrong': throw new ApiError('UNAUTHENTICATED', WRONG_CODE, { reason: 'WRONG_CODE' });
    case 'inactive': throw new ApiError('UNAUTHENTICATED', '账号已停用 / the account is deactivated', { reason: 'ACCOUNT_INACTIVE' });
    default: return auth.issueSession(outcome.account, now);
  }
}
