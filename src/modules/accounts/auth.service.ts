// Sign-in and tokens. Session tokens are JWTs (HS256) signed with a secret from the environment or,
// when none is given, one generated once and kept in the database so every replica of the service
// shares it. A session token must carry its expiry (exp) and issue time (iat); one issued before the
// account's sessionsValidAfter (set on deactivation, password change and admin reset) is refused, so
// neither reactivation nor an old token outlives those. API tokens for scripts are random, shown once,
// stored only as a SHA-256 hash, revocable and may expire. The viewer of a token is cached
// (viewer-cache.ts) and dropped when its account changes, in this process at once and in the others on
// the same database when the change's NOTIFY arrives: a deactivation or a password change still takes
// effect at once. A session's expiry is checked on every request, cached or not.
import crypto from 'node:crypto';
import type { Account } from '@prisma/client';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { unauthenticated } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { checkLoginInput } from './accounts.validation';
import { LoginLimiter, type Clock } from './login-limits';
import * as hashes from './password-hash';
import { ViewerCache, tokenKey, type CachedViewer, type ViewerCacheOptions } from './viewer-cache';

export const API_TOKEN_PREFIX = 'bmt_';
const ISSUER = 'bianmin';
export const WRONG_CREDENTIALS = '用户名或密码错误 / wrong username or password';
/** An API token's lastUsedAt is precise to this: written at most once per interval, not on every request. */
export const LAST_USED_PRECISION_MS = 60_000;

/** SHA-256, hex: also the viewer cache's key, so an API token is hashed once per request. */
export function hashApiToken(token: string): string {
  return tokenKey(token);
}

export function newApiTokenValue(): string {
  return API_TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

/**
 * A new password hash (scrypt, off the event loop). The second argument is the former bcrypt work
 * factor, still accepted so callers and BIANMIN_BCRYPT_COST keep working; new hashes do not use it.
 */
export function hashPassword(password: string, _legacyBcryptCost?: number): Promise<string> {
  return hashes.hashPassword(password);
}

/**
 * A secret generated once and kept in server_secret under `name`, so every replica of the service
 * shares it (the JWT secret here, the personal-data key in vendors/pii.ts).
 */
export async function keptSecret(db: Database, name: string, fresh: () => string): Promise<string> {
  // Concurrent first starts of several replicas agree on whichever row was written first: an INSERT …
  // ON CONFLICT DO NOTHING (an upsert with nothing to update is a select then an insert, and the
  // second of two racing starts failed on the unique key).
  await db.prisma.serverSecret.createMany({ data: [{ name, value: fresh() }], skipDuplicates: true });
  const row = await db.prisma.serverSecret.findUniqueOrThrow({ where: { name } });
  return row.value;
}

async function loadSecret(db: Database, fromEnv: string | undefined): Promise<Uint8Array> {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  return new TextEncoder().encode(await keptSecret(db, 'jwt', () => crypto.randomBytes(48).toString('base64url')));
}

export interface AuthOptions {
  jwtSecret?: string;
  ttlHours: number;
  /** The former bcrypt work factor: accepted for compatibility, unused (new hashes are scrypt). */
  bcryptCost?: number;
  /** The service's clock; tests move it instead of sleeping. */
  clock?: Clock;
  viewerCache?: ViewerCacheOptions;
}

export interface SignInFrom {
  clientIp: string;
  requestId: string | null;
}

export class AuthService {
  readonly limiter: LoginLimiter;
  readonly viewers: ViewerCache;

  private constructor(
    private readonly db: Database,
    private readonly secret: Uint8Array,
    private readonly ttlHours: number,
    readonly now: Clock,
    cache: ViewerCacheOptions | undefined,
  ) {
    this.limiter = new LoginLimiter(db.prisma, now);
    this.viewers = new ViewerCache(db.changes, cache);
  }

  static async create(db: Database, opts: AuthOptions): Promise<AuthService> {
    return new AuthService(db, await loadSecret(db, opts.jwtSecret), opts.ttlHours, opts.clock ?? (() => new Date()), opts.viewerCache);
  }

  async login(username: string, password: string, from: SignInFrom = { clientIp: 'unknown', requestId: null }) {
    checkLoginInput(username, password);
    const attempt = await this.limiter.begin(username, from.clientIp);
    // The directory names the city (every key of city data starts with it); then the account itself.
    const entry = await this.db.prisma.accountDirectory.findUnique({ where: { username } });
    const account = entry ? await this.db.prisma.account.findUnique({ where: { cityId_id: { cityId: entry.cityId, id: entry.accountId } } }) : null;
    // The same answer for an unknown user, a wrong password and a deactivated account, and the same
    // work (one hash) for each: neither the answer nor its timing tells which usernames exist.
    const ok = account ? await hashes.verifyPassword(password, account.passwordHash) : await hashes.verifyNobody(password);
    if (!account || !ok || !account.active) throw unauthenticated(WRONG_CREDENTIALS);
    await this.limiter.succeeded(attempt);
    const current = hashes.needsRehash(account.passwordHash) ? await this.rehash(account, password, from.requestId) : account;
    return this.issueSession(current, this.now());
  }

  /** Replaces a legacy (bcrypt) or weaker hash once its password is known to be right. */
  private async rehash(account: Account, password: string, requestId: string | null): Promise<Account> {
    const passwordHash = await hashes.hashPassword(password);
    return this.db.prisma.$transaction(async (tx) => {
      const where = { cityId: account.cityId, id: account.id, passwordHash: account.passwordHash };
      // Only if the hash is still the one verified: a password changed meanwhile wins.
      const { count } = await tx.account.updateMany({ where, data: { passwordHash } });
      if (count === 0) return account;
      await recordAudit(tx, { viewer: null, requestId }, {
        cityId: account.cityId, operation: 'rehashPassword', entityType: 'Account', entityId: account.id,
        before: { passwordScheme: hashes.schemeOf(account.passwordHash) }, after: { passwordScheme: 'scrypt' },
      });
      return { ...account, passwordHash };
    });
  }

  /** A session token issued at `issuedAt`, with millisecond precision so that a token issued in the
   *  same second as a password change is told apart from one issued before it. */
  async issueSession(account: Account, issuedAt: Date) {
    const expiresAt = new Date(issuedAt.getTime() + this.ttlHours * 3600_000);
    const token = await new SignJWT({ city: account.cityId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(account.id)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt.getTime() / 1000)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.secret);
    return { token, expiresAt, account };
  }

  /** The viewer behind an Authorization header; null for none; UNAUTHENTICATED for a bad token. */
  async viewerFromHeader(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) throw unauthenticated('Authorization 头格式应为 "Bearer <token>" / the Authorization header must be "Bearer <token>"');
    const token = m[1];
    const key = tokenKey(token);
    const now = this.now();
    const cached = this.viewers.get(key, now.getTime());
    if (cached) {
      if (cached.apiToken) await this.touchApiToken(cached.apiToken, now);
      return cached.viewer;
    }
    const generation = this.viewers.begin();
    const found = token.startsWith(API_TOKEN_PREFIX) ? await this.viewerFromApiToken(key, now) : await this.viewerFromJwt(token, now);
    this.viewers.set(key, found, now.getTime(), generation);
    return found.viewer;
  }

  private async viewerFromJwt(token: string, now: Date): Promise<CachedViewer> {
    let claims: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.secret, {
        issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'sub'], currentDate: now,
      });
      claims = verified.payload;
    } catch {
      throw unauthenticated('登录已过期或令牌无效，请重新登录 / the token is invalid or expired: sign in again');
    }
    const { sub, city, iat, exp } = claims;
    if (!sub || typeof city !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') throw unauthenticated('令牌无效 / invalid token');
    // jose refuses a token once the current second reaches exp: the cache refuses it from the same instant.
    return { viewer: await this.viewerOf(city, sub, 'session', iat), refuseFrom: exp * 1000 };
  }

  private async viewerFromApiToken(tokenHash: string, now: Date): Promise<CachedViewer> {
    const entry = await this.db.prisma.apiTokenDirectory.findUnique({ where: { tokenHash } });
    const row = entry ? await this.db.prisma.apiToken.findUnique({ where: { cityId_id: { cityId: entry.cityId, id: entry.tokenId } } }) : null;
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
      throw unauthenticated('API 令牌无效、已撤销或已过期 / the API token is invalid, revoked or expired');
    }
    const apiToken = { cityId: row.cityId, id: row.id, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
    await this.touchApiToken(apiToken, now);
    const viewer = await this.viewerOf(row.cityId, row.accountId, 'apiToken');
    return { viewer, refuseFrom: row.expiresAt?.getTime() ?? Infinity, apiToken };
  }

  /**
   * Records an API token's use, at most once a minute (LAST_USED_PRECISION_MS): a write on every
   * request would put the hot read path on the primary's WAL. The condition keeps it once a minute
   * across processes too; a lost update under concurrency is harmless.
   */
  private async touchApiToken(t: NonNullable<CachedViewer['apiToken']>, now: Date): Promise<void> {
    if (t.lastUsedAt !== null && now.getTime() - t.lastUsedAt < LAST_USED_PRECISION_MS) return;
    // Noted before the write, so that requests arriving meanwhile do not write too.
    t.lastUsedAt = now.getTime();
    const stale = new Date(now.getTime() - LAST_USED_PRECISION_MS);
    await this.db.prisma.apiToken.updateMany({
      where: { cityId: t.cityId, id: t.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] },
      data: { lastUsedAt: now },
    });
  }

  private async viewerOf(cityId: string, accountId: string, via: Viewer['via'], issuedAtSeconds?: number): Promise<Viewer> {
    const account = await this.db.prisma.account.findUnique({
      where: { cityId_id: { cityId, id: accountId } },
      include: { districts: { select: { districtId: true } } },
    });
    if (!account || !account.active) throw unauthenticated('账号不存在或已停用 / the account does not exist or is deactivated');
    // Rounded: iat carries milliseconds as a fraction of a second, which floating point may blur.
    if (via === 'session' && account.sessionsValidAfter && Math.round(issuedAtSeconds! * 1000) < account.sessionsValidAfter.getTime()) {
      throw unauthenticated('登录已失效（密码已更改或账号曾停用），请重新登录 / this session has been ended (password changed or account deactivated): sign in again');
    }
    return {
      accountId: account.id,
      cityId: account.cityId,
      username: account.username,
      role: account.role,
      districtIds: account.districts.map((d) => d.districtId),
      zoneId: account.zoneId,
      via,
    };
  }
}
