// Sign-in and tokens. Session tokens are JWTs (HS256, with expiry) signed with a secret from the
// environment or, when none is given, one generated once and kept in the database so every replica
// of the service shares it. API tokens for scripts are random, shown once, and stored only as a
// SHA-256 hash; they are revocable and may expire. Every request re-reads the account, so a
// deactivated account or a changed role takes effect at once.
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { SignJWT, jwtVerify } from 'jose';
import type { Database } from '../../db/database';
import type { Viewer } from '../../graphql/context';
import { unauthenticated } from '../../graphql/errors';

export const API_TOKEN_PREFIX = 'bmt_';
const ISSUER = 'bianmin';
/** A bcrypt hash of a random string nobody knows (cost 11, as the default work factor). */
const UNKNOWN_USER_HASH = bcrypt.hashSync(crypto.randomBytes(16).toString('hex'), 11);

export function hashApiToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function newApiTokenValue(): string {
  return API_TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

async function loadSecret(db: Database, fromEnv: string | undefined): Promise<Uint8Array> {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const fresh = crypto.randomBytes(48).toString('base64url');
  // Concurrent first starts of several replicas agree on whichever row was written first.
  await db.prisma.serverSecret.upsert({ where: { name: 'jwt' }, create: { name: 'jwt', value: fresh }, update: {} });
  const row = await db.prisma.serverSecret.findUniqueOrThrow({ where: { name: 'jwt' } });
  return new TextEncoder().encode(row.value);
}

export class AuthService {
  private constructor(
    private readonly db: Database,
    private readonly secret: Uint8Array,
    private readonly ttlHours: number,
    /** bcrypt work factor for new password hashes. */
    readonly bcryptCost: number,
  ) {}

  static async create(db: Database, opts: { jwtSecret?: string; ttlHours: number; bcryptCost: number }): Promise<AuthService> {
    return new AuthService(db, await loadSecret(db, opts.jwtSecret), opts.ttlHours, opts.bcryptCost);
  }

  async login(username: string, password: string) {
    const account = await this.db.prisma.account.findUnique({ where: { username } });
    // The same answer for an unknown user, a wrong password and a deactivated account: the answer
    // must not tell an attacker which usernames exist.
    // An unknown user costs one bcrypt comparison too, so timing does not tell either.
    const ok = (await bcrypt.compare(password, account?.passwordHash ?? UNKNOWN_USER_HASH)) && account?.active === true;
    if (!account || !ok) throw unauthenticated('用户名或密码错误 / wrong username or password');
    const expiresAt = new Date(Date.now() + this.ttlHours * 3600_000);
    const token = await new SignJWT({ city: account.cityId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(account.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
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
    return token.startsWith(API_TOKEN_PREFIX) ? this.viewerFromApiToken(token) : this.viewerFromJwt(token);
  }

  private async viewerFromJwt(token: string): Promise<Viewer> {
    let sub: string | undefined;
    let city: unknown;
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, algorithms: ['HS256'] });
      sub = payload.sub;
      city = payload.city;
    } catch {
      throw unauthenticated('登录已过期或令牌无效，请重新登录 / the token is invalid or expired: sign in again');
    }
    if (!sub || typeof city !== 'string') throw unauthenticated('令牌无效 / invalid token');
    return this.viewerOf(city, sub, 'session');
  }

  private async viewerFromApiToken(token: string): Promise<Viewer> {
    const row = await this.db.prisma.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
      throw unauthenticated('API 令牌无效、已撤销或已过期 / the API token is invalid, revoked or expired');
    }
    // Last use is informative; a lost update under concurrency is harmless.
    await this.db.prisma.apiToken.update({
      where: { cityId_id: { cityId: row.cityId, id: row.id } },
      data: { lastUsedAt: now },
    });
    return this.viewerOf(row.cityId, row.accountId, 'apiToken');
  }

  private async viewerOf(cityId: string, accountId: string, via: Viewer['via']): Promise<Viewer> {
    const account = await this.db.prisma.account.findUnique({
      where: { cityId_id: { cityId, id: accountId } },
      include: { districts: { select: { districtId: true } } },
    });
    if (!account || !account.active) throw unauthenticated('账号不存在或已停用 / the account does not exist or is deactivated');
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
